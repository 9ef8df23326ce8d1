import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import course.data.DataStore;
import course.embed.Word2Vec;
import course.embed.WordVectors;
import course.embed.WordVectorsFormat;
import course.eval.Analogies;
import course.eval.AnalogyReport;
import course.text.Corpora;
import course.text.Vocabulary;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The Java half of {@code ./course bench word2vec} (see README.md beside this file). Two steps, with gensim run
 * by the bench script in between:
 *
 * <pre>
 *   train  OUT   corpus.txt (one sentence per line), settings.json (read by gensim_peer.py too, so the two
 *                cannot drift apart), the lib's skip-gram vectors lib_vectors.txt and lib.json (timing)
 *   report OUT   reads both vector files back and scores them with the same Analogies code; prints a table
 *                and, last, the line: word2vec speed_ratio=... lib_analogy=... gensim_analogy=...
 * </pre>
 *
 * words/s is defined the same way for both: corpus tokens x epochs / wall seconds of the training call
 * (vocabulary building, corpus reading and saving not included).
 */
public class Word2VecBench {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !List.of("train", "report").contains(args[0])) {
            throw new IllegalArgumentException("usage: Word2VecBench train|report OUT_DIR, got " + List.of(args));
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        if (args[0].equals("train")) {
            train(out, Integer.parseInt(System.getenv().getOrDefault("BENCH_THREADS", "2")));
        } else {
            report(out);
        }
    }

    static void train(Path out, int threads) throws IOException {
        List<List<String>> sentences = Corpora.brownAndStateOfTheUnion(DataStore.fromEnvironment());
        long tokens = Corpora.tokenCount(sentences);
        writeCorpus(sentences, out.resolve("corpus.txt"));
        // gensim's skip-gram defaults: 100 d, window 5, 5 negatives, sample 1e-3, min count 5, 5 epochs, lr 0.025
        // falling linearly to 0.0001, seed 1; both sides get the same number of threads.
        Word2Vec.Config config = Word2Vec.Config.gensimSkipGram().withThreads(threads);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("corpus_tokens", tokens);
        settings.put("config", config);
        write(out.resolve("settings.json"), GSON.toJson(settings));

        Vocabulary vocabulary = Vocabulary.build(sentences, config.minCount());
        List<int[]> encoded = vocabulary.encode(sentences);
        System.out.printf(Locale.ROOT, "lib: %,d sentences, %,d tokens, vocabulary %,d (min count %d); training on %d threads%n",
                sentences.size(), tokens, vocabulary.size(), config.minCount(), threads);
        long start = System.nanoTime();
        Word2Vec.Result result = Word2Vec.train(encoded, vocabulary, config, line -> System.out.println("lib: " + line));
        double seconds = (System.nanoTime() - start) / 1e9;
        WordVectorsFormat.write(result.vectors(), out.resolve("lib_vectors.txt"));

        JsonObject timing = new JsonObject();
        timing.addProperty("vocabulary", vocabulary.size());
        timing.addProperty("corpus_tokens", tokens);
        timing.addProperty("epochs", config.epochs());
        timing.addProperty("threads", threads);
        timing.addProperty("seconds", seconds);
        write(out.resolve("lib.json"), GSON.toJson(timing));
    }

    static void report(Path out) throws IOException {
        List<Analogies.Question> questions = Analogies.read(DataStore.fromEnvironment());
        JsonObject lib = readJson(out.resolve("lib.json"));
        JsonObject gensim = readJson(out.resolve("gensim.json"));
        AnalogyReport libReport = evaluate(out.resolve("lib_vectors.txt"), questions);
        AnalogyReport gensimReport = evaluate(out.resolve("gensim_vectors.txt"), questions);

        double libRate = wordsPerSecond(lib);
        double gensimRate = wordsPerSecond(gensim);
        StringColumn who = StringColumn.create("trainer", "course lib (Java)", "gensim " + gensim.get("gensim").getAsString());
        IntColumn vocab = IntColumn.create("vocabulary", lib.get("vocabulary").getAsInt(), gensim.get("vocabulary").getAsInt());
        DoubleColumn seconds = DoubleColumn.create("train s", round(lib.get("seconds").getAsDouble(), 1),
                round(gensim.get("seconds").getAsDouble(), 1));
        DoubleColumn rate = DoubleColumn.create("words/s", Math.rint(libRate), Math.rint(gensimRate));
        DoubleColumn accuracy = DoubleColumn.create("analogy %", round(libReport.accuracy(), 2), round(gensimReport.accuracy(), 2));
        DoubleColumn semantic = DoubleColumn.create("semantic %", round(libReport.semantic().accuracy(), 2),
                round(gensimReport.semantic().accuracy(), 2));
        DoubleColumn syntactic = DoubleColumn.create("syntactic %", round(libReport.syntactic().accuracy(), 2),
                round(gensimReport.syntactic().accuracy(), 2));
        IntColumn covered = IntColumn.create("covered", libReport.overall().covered(), gensimReport.overall().covered());
        DoubleColumn coverage = DoubleColumn.create("coverage %", round(libReport.coverage(), 1), round(gensimReport.coverage(), 1));
        Table table = Table.create("word2vec skip-gram, " + lib.get("corpus_tokens").getAsLong() + " tokens x "
                + lib.get("epochs").getAsInt() + " epochs, " + lib.get("threads").getAsInt() + " threads each",
                who, vocab, seconds, rate, accuracy, semantic, syntactic, covered, coverage);
        System.out.println(table.print());
        System.out.println("words/s = corpus tokens x epochs / wall seconds of the training call (same for both);"
                + " analogies: 3CosAdd over the covered questions, question words excluded, same code for both.");

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("speed_ratio", libRate / gensimRate);
        result.put("lib_words_per_second", libRate);
        result.put("gensim_words_per_second", gensimRate);
        result.put("lib", libReport.metrics());
        result.put("gensim", gensimReport.metrics());
        write(out.resolve("result.json"), GSON.toJson(result));
        System.out.printf(Locale.ROOT, "word2vec speed_ratio=%.2f lib_analogy=%.2f gensim_analogy=%.2f%n",
                libRate / gensimRate, libReport.accuracy(), gensimReport.accuracy());
    }

    private static AnalogyReport evaluate(Path vectorsFile, List<Analogies.Question> questions) {
        WordVectors vectors = WordVectorsFormat.read(vectorsFile);
        return Analogies.evaluate(vectors, questions);
    }

    /** The definition both sides share: corpus tokens x epochs / training seconds. */
    private static double wordsPerSecond(JsonObject timing) {
        return timing.get("corpus_tokens").getAsDouble() * timing.get("epochs").getAsInt() / timing.get("seconds").getAsDouble();
    }

    private static void writeCorpus(List<List<String>> sentences, Path file) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".part");
        try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (List<String> sentence : sentences) {
                w.write(String.join(" ", sentence));
                w.write('\n');
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void write(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(temp, text + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static JsonObject readJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: the step that writes it failed or was skipped; run the"
                    + " whole bench again with ./course bench word2vec");
        }
        return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
