package course.text;

import course.data.DataException;
import course.data.DataStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Multi30k (Elliott et al. 2016): English descriptions of Flickr30k images and their German translations, 29,000
 * pairs for training, 1,014 for validation and the 1,000 of "test 2016" every published number is measured on. Two
 * forms, both from the dataset's repository and verified by SHA-256 like every course file:
 *
 * <ul>
 *   <li>{@link #tokenized} — the dataset's own lower-cased, punctuation-normalised, Moses-tokenised files
 *       ({@code tok/*.lc.norm.tok.*}): tokens are what lies between spaces, so models train on words;
 *   <li>{@link #raw} — the sentences as written ({@code raw/*.gz}), the references BLEU is scored against (sacreBLEU
 *       tokenises both sides itself; a detokenised, lower-cased output is compared case-insensitively or not at all).
 * </ul>
 *
 * Line i of the German file translates line i of the English one; a file pair of unequal length is refused.
 */
public final class Multi30k {

    /** The three splits, with the file stem the dataset uses for each. */
    public enum Split {
        TRAIN("train"), VALID("val"), TEST_2016("test_2016_flickr");

        private final String stem;

        Split(String stem) {
            this.stem = stem;
        }

        public String stem() {
            return stem;
        }
    }

    /** One tokenised pair: line {@code line} (0-based) of the split. */
    public record TokenPair(int line, List<String> german, List<String> english) {
        public TokenPair {
            german = List.copyOf(german);
            english = List.copyOf(english);
        }
    }

    /** One pair as written. */
    public record RawPair(int line, String german, String english) {}

    private Multi30k() {}

    /** The lower-cased tokenised pairs of a split. */
    public static List<TokenPair> tokenized(DataStore store, Split split) {
        String stem = "multi30k/tok/" + split.stem() + ".lc.norm.tok.";
        List<String> de = read(store.path(stem + "de"), false);
        List<String> en = read(store.path(stem + "en"), false);
        checkAligned(de, en, stem);
        List<TokenPair> pairs = new ArrayList<>(de.size());
        for (int i = 0; i < de.size(); i++) {
            pairs.add(new TokenPair(i, tokens(de.get(i)), tokens(en.get(i))));
        }
        return List.copyOf(pairs);
    }

    /** The pairs of a split as written, for BLEU references and for showing translations. */
    public static List<RawPair> raw(DataStore store, Split split) {
        String stem = "multi30k/raw/" + split.stem() + ".";
        List<String> de = read(store.path(stem + "de.gz"), true);
        List<String> en = read(store.path(stem + "en.gz"), true);
        checkAligned(de, en, stem);
        List<RawPair> pairs = new ArrayList<>(de.size());
        for (int i = 0; i < de.size(); i++) {
            pairs.add(new RawPair(i, de.get(i).strip(), en.get(i).strip()));
        }
        return List.copyOf(pairs);
    }

    private static List<String> tokens(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split(" +"));
    }

    private static void checkAligned(List<String> de, List<String> en, String stem) {
        if (de.size() != en.size()) {
            throw new DataException(stem + "de has " + de.size() + " lines but " + stem + "en has " + en.size()
                    + ": the files must be line-aligned translations; delete both from the cache so they are fetched again");
        }
    }

    private static List<String> read(Path file, boolean gzip) {
        try (InputStream in = gzip ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);          // the newline that ends the last line
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
