import course.data.DataStore;
import course.eval.Bleu;
import course.eval.Tokenizer13a;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * ./course bench bleu, step 1 of 3: the test cases and the lib's scores. Writes into OUT:
 *
 * <pre>
 *   refs/{en,de}.txt, refs/{en,de}.decorated.txt   Multi30k test2016 references (and a punctuation-laden variant)
 *   hyps/*.txt                                     synthetic hypotheses, one line per reference line
 *   cases.tsv                                      id, mode, hypothesis file, reference files (comma-separated)
 *   lib.tsv                                        key, score, the lib's printed line (Bleu.toString)
 *   lib_tokens.tsv                                 file, line, Tokenizer13a's tokens joined by spaces
 * </pre>
 *
 * Modes: {@code corpus} (one corpus BLEU over the whole file), {@code segments} (corpus BLEU of each line alone:
 * sacreBLEU's corpus_score on a one-sentence corpus) and {@code sentence} (each line with sacrebleu.sentence_bleu's
 * effective order). sacre_peer.py scores the same cases with sacrebleu and compares. All noise is seeded.
 */
public final class BleuBench {

    private static final double[] LEVELS = {0.0, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0};
    private static final String[] KINDS = {"drop", "swap", "replace", "shuffle", "truncate", "repeat", "mix", "punct", "blank"};
    /** Strings that exercise the 13a rules: entities, symbols, numbers with separators, dashes, Unicode spaces. */
    private static final String[] DECORATIONS = {
        "&quot;", "&amp;", "&lt;b&gt;", "\"", "(", ")", "[x]", "$3", "1,000.50", "3.14", "5-year-old", "1990-2000",
        "U.S.", "e.g.", "etc...", "don't", "a/b", "well-known", "-7", "#1", "50%", "a,b", "x.y", ";", ":", "!", "?",
        "<skipped>", "\u00a0", "\u2009", "«", "»", "—", "…", "€5", "A&B", "~", "^_^", "\\", "{y}", "|", "@home", "`q`"
    };

    private final Path out;
    private final List<String> cases = new ArrayList<>();
    private final List<String> results = new ArrayList<>();

    private BleuBench(Path out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        new BleuBench(out).run(System.getenv("BENCH_BLEU_HYPOTHESES"));
    }

    private void run(String notebookHypotheses) throws IOException {
        Files.createDirectories(out.resolve("refs"));
        Files.createDirectories(out.resolve("hyps"));
        DataStore store = DataStore.fromEnvironment();
        for (String language : List.of("en", "de")) {
            List<String> refs = gunzipLines(store.path("multi30k/raw/test_2016_flickr." + language + ".gz"));
            String refFile = write("refs/" + language + ".txt", refs);
            List<String> vocabulary = words(refs);
            long seed = language.equals("en") ? 1 : 2;
            for (String kind : KINDS) {
                for (double level : LEVELS) {
                    String id = language + "." + kind + "." + level;
                    List<String> hyps = noisy(refs, kind, level, vocabulary, new Random(seed * 1_000_003 + id.hashCode()));
                    String hypFile = write("hyps/" + id + ".txt", hyps);
                    corpus(id, hypFile, List.of(refFile), hyps, List.of(refs));
                    if (level == 0.35) {   // per sentence at one mid level: sentence scores then span 0-100 on their own
                        perLine(id, hypFile, refFile, hyps, refs);
                    }
                }
            }
            // Several references: the real one and a decorated, lightly dropped copy of it.
            List<String> decorated = noisy(noisy(refs, "punct", 0.3, vocabulary, new Random(seed + 10)), "drop", 0.1,
                    vocabulary, new Random(seed + 11));
            String decoratedFile = write("refs/" + language + ".decorated.txt", decorated);
            for (double level : new double[] {0.0, 0.1, 0.35, 0.75}) {
                String id = language + ".multiref.mix." + level;
                List<String> hyps = noisy(refs, "mix", level, vocabulary, new Random(seed * 7 + id.hashCode()));
                String hypFile = write("hyps/" + id + ".txt", hyps);
                corpus(id, hypFile, List.of(refFile, decoratedFile), hyps, List.of(refs, decorated));
            }
            // Hypotheses tokenised and lower-cased the way the dataset's own tok/ files are: the mistake Post (2018)
            // warns about (tokenised hypotheses against raw references), which 13a partly repairs.
            List<String> tokenized = gunzipOrPlain(store.path("multi30k/tok/test_2016_flickr.lc.norm.tok." + language));
            String tokFile = write("hyps/" + language + ".official-tok.txt", tokenized);
            corpus(language + ".official-tok", tokFile, List.of(refFile), tokenized, List.of(refs));
            // Small corpora (1 to 5 sentences), where orders without any n-gram and the zero-match exit happen.
            Random pick = new Random(seed + 20);
            for (int c = 0; c < 60; c++) {
                int size = 1 + pick.nextInt(5);
                int start = pick.nextInt(refs.size() - size);
                String kind = KINDS[pick.nextInt(KINDS.length)];
                double level = LEVELS[pick.nextInt(LEVELS.length)];
                List<String> part = refs.subList(start, start + size);
                List<String> hyps = noisy(part, kind, level, vocabulary, new Random(seed * 31 + c));
                String id = language + ".small." + c;
                String hypFile = write("hyps/" + id + ".txt", hyps);
                String partFile = write("refs/" + id + ".txt", part);
                corpus(id, hypFile, List.of(partFile), hyps, List.of(part));
            }
        }
        if (notebookHypotheses != null && !notebookHypotheses.isBlank()) {
            // Notebook 04's own translations of test2016, one line per sentence, in the target language
            // BENCH_BLEU_LANG (en, the default, or de).
            String language = System.getenv().getOrDefault("BENCH_BLEU_LANG", "en");
            String refFile = "refs/" + language + ".txt";
            List<String> refs = lines(Files.readString(out.resolve(refFile), StandardCharsets.UTF_8));
            List<String> hyps = lines(Files.readString(Path.of(notebookHypotheses), StandardCharsets.UTF_8));
            if (hyps.size() != refs.size()) {
                throw new IllegalArgumentException(notebookHypotheses + " has " + hyps.size() + " lines but test2016 has "
                        + refs.size() + " sentences: write one translation per line, in the test set's order");
            }
            String hypFile = write("hyps/notebook.txt", hyps);
            corpus("notebook", hypFile, List.of(refFile), hyps, List.of(refs));
            perLine("notebook", hypFile, refFile, hyps, refs);
        }
        Files.write(out.resolve("cases.tsv"), cases, StandardCharsets.UTF_8);
        Files.write(out.resolve("lib.tsv"), results, StandardCharsets.UTF_8);
        writeTokens();
        System.out.println("cases: " + cases.size() + " (" + results.size() + " scores) -> " + out);
    }

    private void corpus(String id, String hypFile, List<String> refFiles, List<String> hyps, List<List<String>> refs) {
        cases.add(String.join("\t", id, "corpus", hypFile, String.join(",", refFiles)));
        result(id, Bleu.corpusMultiReference(hyps, refs));
    }

    private void perLine(String id, String hypFile, String refFile, List<String> hyps, List<String> refs) {
        cases.add(String.join("\t", id, "segments", hypFile, refFile));
        cases.add(String.join("\t", id, "sentence", hypFile, refFile));
        for (int i = 0; i < hyps.size(); i++) {
            result(id + "#segment" + i, Bleu.corpus(List.of(hyps.get(i)), List.of(refs.get(i))));
        }
        for (int i = 0; i < hyps.size(); i++) {
            result(id + "#sentence" + i, Bleu.sentence(hyps.get(i), refs.get(i)));
        }
    }

    private void result(String key, Bleu bleu) {
        results.add(key + "\t" + bleu.score() + "\t" + bleu);
    }

    /** Every line of every file written, tokenised, so the peer can compare the tokeniser on its own. */
    private void writeTokens() throws IOException {
        List<String> rows = new ArrayList<>();
        for (String dir : List.of("refs", "hyps")) {
            try (var files = Files.list(out.resolve(dir))) {
                for (Path file : files.sorted().toList()) {
                    List<String> lines = lines(Files.readString(file, StandardCharsets.UTF_8));
                    for (int i = 0; i < lines.size(); i++) {
                        rows.add(dir + "/" + file.getFileName() + "\t" + i + "\t" + Tokenizer13a.tokenizeToString(lines.get(i)));
                    }
                }
            }
        }
        Files.write(out.resolve("lib_tokens.tsv"), rows, StandardCharsets.UTF_8);
    }

    /** One of the noise kinds at {@code level} in [0, 1] applied to every reference, word by word. */
    private static List<String> noisy(List<String> refs, String kind, double level, List<String> vocabulary, Random r) {
        List<String> hyps = new ArrayList<>(refs.size());
        for (String ref : refs) {
            List<String> w = new ArrayList<>(Arrays.asList(ref.split(" ", -1)));
            switch (kind) {
                case "drop" -> w.removeIf(x -> r.nextDouble() < level);
                case "swap" -> {
                    for (int i = 0; i + 1 < w.size(); i++) {
                        if (r.nextDouble() < level) {
                            Collections.swap(w, i, i + 1);
                            i++;
                        }
                    }
                }
                case "replace" -> w.replaceAll(x -> r.nextDouble() < level ? vocabulary.get(r.nextInt(vocabulary.size())) : x);
                case "shuffle" -> {
                    if (r.nextDouble() < level) {
                        Collections.shuffle(w, r);
                    }
                }
                case "truncate" -> w = new ArrayList<>(w.subList(0, (int) Math.ceil(w.size() * (1 - level))));
                case "repeat" -> {
                    List<String> longer = new ArrayList<>();
                    for (String x : w) {
                        longer.add(x);
                        if (r.nextDouble() < level) {
                            longer.add(r.nextBoolean() ? x : vocabulary.get(r.nextInt(vocabulary.size())));
                        }
                    }
                    w = longer;
                }
                case "mix" -> {
                    w.removeIf(x -> r.nextDouble() < level / 3);
                    w.replaceAll(x -> r.nextDouble() < level / 3 ? vocabulary.get(r.nextInt(vocabulary.size())) : x);
                    for (int i = 0; i + 1 < w.size(); i++) {
                        if (r.nextDouble() < level / 3) {
                            Collections.swap(w, i, i + 1);
                        }
                    }
                }
                case "punct" -> {
                    List<String> decorated = new ArrayList<>();
                    for (String x : w) {
                        String d = DECORATIONS[r.nextInt(DECORATIONS.length)];
                        if (r.nextDouble() < level) {
                            // glued before, glued after, or as a word of its own
                            switch (r.nextInt(3)) {
                                case 0 -> decorated.add(d + x);
                                case 1 -> decorated.add(x + d);
                                default -> {
                                    decorated.add(x);
                                    decorated.add(d);
                                }
                            }
                        } else {
                            decorated.add(x);
                        }
                    }
                    w = decorated;
                }
                case "blank" -> {
                    if (r.nextDouble() < level) {
                        w.clear();
                    }
                }
                default -> throw new IllegalArgumentException("unknown noise kind " + kind);
            }
            hyps.add(String.join(" ", w));
        }
        return hyps;
    }

    private static List<String> words(List<String> lines) {
        List<String> words = new ArrayList<>();
        for (String line : lines) {
            words.addAll(Arrays.asList(line.split(" ")));
        }
        return words;
    }

    private String write(String name, List<String> lines) throws IOException {
        for (String line : lines) {
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new IllegalStateException(name + ": a line holds a line break, which a line file cannot carry");
            }
        }
        Files.writeString(out.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return name;
    }

    private static List<String> gunzipLines(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return lines(bytes.toString(StandardCharsets.UTF_8));
        }
    }

    private static List<String> gunzipOrPlain(Path file) throws IOException {
        return file.toString().endsWith(".gz") ? gunzipLines(file) : lines(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Lines split on '\n' only (as the peer splits them), without the empty string after the final newline. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
