package course.data;

import course.env.AtomicFile;
import course.env.CoursePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Writes {@code data/registry.tsv} from a mirror folder: one row per mirror file (its size and sha256
 * measured here, its canonical URL, archive member and licence from the rules below), then the
 * full-profile files that are too large for the mirror. Committed so that the registry can be rebuilt and
 * reviewed rather than edited by hand.
 *
 * <p>Run: {@code java -cp 'lib/target/kernel-classpath/*' course.data.RegistryGenerator [mirror] [registry.tsv]}
 * (defaults: {@code COURSE_DATA_MIRROR} and {@code <home>/data/registry.tsv}). Rows for files outside the
 * mirror are taken from the existing registry when it already records their checksum, so that a checksum
 * recorded by hand survives regeneration.
 */
public final class RegistryGenerator {

    private static final String WIKITEXT2 = "https://s3.amazonaws.com/research.metamind.io/wikitext/wikitext-2-v1.zip";
    private static final String WIKITEXT103 = "https://s3.amazonaws.com/research.metamind.io/wikitext/wikitext-103-v1.zip";
    private static final String WIKI_LICENCE = "CC BY-SA 3.0 (Wikipedia text; Merity et al. 2016)";
    private static final String SST_LICENCE = "SST terms: research use, cite Socher et al. 2013 (no explicit licence)";

    private RegistryGenerator() {
    }

    public static void main(String[] args) {
        CoursePaths paths = CoursePaths.fromEnvironment();
        Path mirror = args.length > 0 ? Path.of(args[0]) : paths.mirror().orElseThrow(() -> new IllegalArgumentException(
                "Give the mirror folder as the first argument or set " + CoursePaths.MIRROR));
        Path out = args.length > 1 ? Path.of(args[1]) : paths.registry();
        List<DataFile> rows = rows(mirror, Files.isRegularFile(out) ? Optional.of(DataRegistry.read(out)) : Optional.empty());
        write(rows, out);
        System.out.println("Wrote " + rows.size() + " rows to " + out);
    }

    /** The rows for every file of {@code mirror} (except its README.md), then the files not mirrored. */
    public static List<DataFile> rows(Path mirror, Optional<DataRegistry> previous) {
        List<DataFile> rows = new ArrayList<>();
        try (Stream<Path> files = Files.walk(mirror)) {
            for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                String file = mirror.relativize(path).toString().replace('\\', '/');
                if (!file.equals("README.md")) {
                    rows.add(mirrored(file, Files.size(path), Sha256.of(path)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the mirror " + mirror + ": " + e.getMessage(), e);
        }
        for (DataFile extra : notMirrored()) {
            rows.add(previous.flatMap(r -> r.all().stream().filter(f -> f.file().equals(extra.file()) && f.isVerifiable())
                    .findFirst()).orElse(extra));
        }
        return rows;
    }

    /** The row for a mirror file: where its canonical copy lives and under which terms. */
    static DataFile mirrored(String file, long bytes, String sha256) {
        String folder = file.substring(0, file.indexOf('/'));
        String name = file.substring(folder.length() + 1);
        return switch (folder) {
            case "tinyshakespeare" -> DataFile.plain(file, bytes, sha256,
                    "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
                    "Public domain (Shakespeare)");
            case "twitter-airline-sentiment" -> DataFile.plain(file, bytes, sha256,
                    "https://raw.githubusercontent.com/eidehua/Real-Time-SciVi/d172fa9b83b3b78ed37b3c39bfc21f9465874ff1/"
                            + "twitter-airline-sentiment/Tweets.csv",
                    "CC BY-NC-SA 4.0 (Kaggle listing of CrowdFlower's Data for Everyone)");
            case "multi30k" -> DataFile.plain(file, bytes, sha256, name.equals("README.md")
                            ? "https://raw.githubusercontent.com/multi30k/dataset/a3d2e0d26b56f3846f66a952536ffed4e401d05a/README.md"
                            : "https://raw.githubusercontent.com/multi30k/dataset/master/data/task1/" + name,
                    "Flickr30K-derived: non-commercial research and education use, cite Elliott et al. 2016 (no licence file)");
            case "wikitext-2" -> name.equals("README.pytorch-examples")
                    ? DataFile.plain(file, bytes, sha256, "https://raw.githubusercontent.com/pytorch/examples/"
                            + "77f55b912142e11fcfdf5b530231fb9c52f181e8/word_language_model/data/wikitext-2/README",
                    "BSD-3-Clause (pytorch/examples)")
                    : DataFile.member(file, bytes, sha256, WIKITEXT2, "wikitext-2/" + name, WIKI_LICENCE);
            case "ptb" -> DataFile.member(file, bytes, sha256, "http://www.fit.vutbr.cz/~imikolov/rnnlm/simple-examples.tgz",
                    "./simple-examples/data/" + name,
                    "Derived from the LDC Penn Treebank (WSJ), redistributed by Mikolov for research; no open licence");
            case "sst2-glue" -> DataFile.member(file, bytes, sha256, "https://dl.fbaipublicfiles.com/glue/data/SST-2.zip",
                    "SST-2/" + name, SST_LICENCE);
            case "sst" -> name.startsWith("trees/")
                    ? DataFile.member(file, bytes, sha256, "https://nlp.stanford.edu/sentiment/trainDevTestTrees_PTB.zip", name, SST_LICENCE)
                    : DataFile.plain(file, bytes, sha256, "https://nlp.stanford.edu/sentiment/" + name, SST_LICENCE);
            case "rt-polarity" -> DataFile.member(file, bytes, sha256,
                    "http://www.cs.cornell.edu/people/pabo/movie-review-data/rt-polaritydata.tar.gz", "rt-polaritydata/" + name,
                    "Research use, cite Pang and Lee 2005 (no explicit licence)");
            case "sentiment-labelled-sentences" -> DataFile.member(file, bytes, sha256,
                    "https://archive.ics.uci.edu/static/public/331/sentiment+labelled+sentences.zip",
                    "sentiment labelled sentences/" + name, "CC BY 4.0 (UCI; cite Kotzias et al. 2015)");
            case "brown" -> DataFile.member(file, bytes, sha256,
                    "https://raw.githubusercontent.com/nltk/nltk_data/gh-pages/packages/corpora/brown.zip", "brown/" + name,
                    "Redistribution permitted by the copyright holder (brown/README, NLTK distribution)");
            case "sotu" -> name.equals("LICENSE.stdlib")
                    ? DataFile.plain(file, bytes, sha256, "https://raw.githubusercontent.com/stdlib-js/datasets-sotu/main/LICENSE",
                    "Apache-2.0 (stdlib)")
                    : DataFile.plain(file, bytes, sha256, "https://raw.githubusercontent.com/stdlib-js/datasets-sotu/main/data/" + name,
                    "Public domain (US government works); packaged by stdlib under Apache-2.0");
            case "word2vec-analogies" -> DataFile.plain(file, bytes, sha256,
                    "https://raw.githubusercontent.com/tmikolov/word2vec/master/questions-words.txt",
                    "Apache-2.0 (word2vec repository)");
            default -> throw new IllegalArgumentException("No registry rule for the mirror folder '" + folder + "' (file "
                    + file + "); add its canonical URL and licence to RegistryGenerator.mirrored");
        };
    }

    /** Full-profile files too large for the mirror; their checksums are not recorded yet. */
    static List<DataFile> notMirrored() {
        List<DataFile> rows = new ArrayList<>();
        rows.add(unverified("text8/text8", "http://mattmahoney.net/dc/text8.zip", "text8",
                "Wikipedia text (enwik9 excerpt, 2006): CC BY-SA / GFDL"));
        for (String part : List.of("train", "valid", "test")) {
            rows.add(unverified("wikitext-103/wiki." + part + ".tokens", WIKITEXT103, "wikitext-103/wiki." + part + ".tokens",
                    WIKI_LICENCE));
        }
        return rows;
    }

    private static DataFile unverified(String file, String url, String member, String licence) {
        return new DataFile(file, OptionalLong.empty(), Optional.empty(), url, licence, Optional.of(member));
    }

    /** Writes the TSV with its explanatory header. */
    public static void write(List<DataFile> rows, Path out) {
        StringBuilder tsv = new StringBuilder();
        tsv.append("# The data files of the course: one row per file, in the mirror layout <dataset>/<name>.\n")
                .append("# Generated by course.data.RegistryGenerator from the mirror; see data/README.md.\n")
                .append("# file: path in the mirror and in the cache; bytes, sha256: size and SHA-256 of the file itself\n")
                .append("#   ('unknown' = not recorded yet: the course refuses to use the file until it is);\n")
                .append("# url: canonical source; licence: terms of distribution;\n")
                .append("# archive_member: the file's path inside the archive at url, empty when url is the file itself.\n")
                .append(String.join("\t", DataRegistry.COLUMNS)).append('\n');
        for (DataFile row : rows) {
            List<String> cells = List.of(row.file(),
                    row.bytes().isPresent() ? String.valueOf(row.bytes().getAsLong()) : DataRegistry.UNKNOWN,
                    row.sha256().orElse(DataRegistry.UNKNOWN), row.url(), row.licence(), row.archiveMember().orElse(""));
            if (cells.stream().anyMatch(c -> c.contains("\t") || c.contains("\n"))) {
                throw new IllegalArgumentException("A cell of " + row.file() + " contains a tab or line break: " + cells);
            }
            tsv.append(String.join("\t", cells)).append('\n');
        }
        AtomicFile.writeString(out, tsv.toString());
    }
}
