package course.embed;

import course.env.AtomicFile;
import course.text.Vocabulary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The word2vec text format, the one format every embedding tool reads (word2vec.c's {@code -binary 0},
 * gensim's {@code KeyedVectors.load_word2vec_format(path, binary=False)}): UTF-8, a header line
 * {@code <words> <dimensions>}, then one line per word: the word, a space, and its values separated by spaces.
 *
 * <p>Values are written with {@link Float#toString}, the shortest decimal that reads back as the very same
 * float, so a write then read gives identical vectors (and Python's {@code float()} reads it too). Words
 * must not contain spaces or line breaks: the format has no way to quote them.
 *
 * <p>Reading: the file stores no counts, so the vocabulary's ids follow the file's row order (tools write the
 * most frequent word first) and its counts are synthetic ranks: row i of n gets count n - i. They keep the
 * "descending count" order of {@link Vocabulary} but are not frequencies; do not subsample with them.
 */
public final class WordVectorsFormat {

    private WordVectorsFormat() {}

    /**
     * Writes {@code vectors} to {@code file}, through a temporary file in the same folder that is renamed
     * into place at the end: a crash or a full disk never leaves a half-written file under the real name.
     */
    public static void write(WordVectors vectors, Path file) {
        Vocabulary vocabulary = vectors.vocabulary();
        for (int id = 0; id < vectors.size(); id++) {
            String w = vocabulary.word(id);
            if (w.isEmpty() || w.chars().anyMatch(ch -> ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')) {
                throw new IllegalArgumentException("word " + id + " '" + w + "' is empty or contains a space, tab or line"
                        + " break, which the word2vec text format cannot store; tokenise so that words have none");
            }
        }
        AtomicFile.write(file, stream -> {
            Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            out.write(vectors.size() + " " + vectors.dimensions() + "\n");
            StringBuilder line = new StringBuilder();
            for (int id = 0; id < vectors.size(); id++) {
                line.setLength(0);
                line.append(vocabulary.word(id));
                for (int d = 0; d < vectors.dimensions(); d++) {
                    line.append(' ').append(vectors.get(id, d));
                }
                out.append(line).append('\n');
            }
            out.flush();
        });
    }

    /** Reads a word2vec text file; any malformed line is an error naming the file and the line number. */
    public static WordVectors read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw bad(file, 1, "the file is empty; expected a header line '<words> <dimensions>'");
            }
            String[] h = fields(header);
            int size = h.length == 2 ? parseCount(h[0]) : -1;
            int dims = h.length == 2 ? parseCount(h[1]) : -1;
            if (size < 0 || dims < 1) {
                throw bad(file, 1, "expected a header '<words> <dimensions>' such as '20222 100', found '" + header.strip()
                        + "' (a GloVe file has no header: add one, e.g. with gensim's glove2word2vec)");
            }
            List<String> words = new ArrayList<>(size);
            Set<String> seen = new HashSet<>(size * 2);
            if ((long) size * dims > Integer.MAX_VALUE - 8) {
                throw bad(file, 1, "the header announces " + size + " x " + dims + " values, more than one Java array"
                        + " holds; keep fewer words (most tools can limit the vocabulary when saving)");
            }
            float[] data = new float[size * dims];
            for (int row = 0; row < size; row++) {
                int lineNumber = row + 2;
                String line = in.readLine();
                if (line == null) {
                    throw bad(file, lineNumber, "the file ends after " + row + " of the " + size
                            + " words its header announces; it is truncated (copy or write it again)");
                }
                String[] f = fields(line);
                if (f.length != dims + 1) {
                    throw bad(file, lineNumber, "expected a word and " + dims + " values, found " + (f.length - 1)
                            + " values after '" + (f.length > 0 ? f[0] : "") + "'");
                }
                if (!seen.add(f[0])) {
                    throw bad(file, lineNumber, "the word '" + f[0] + "' appears a second time (its first line is "
                            + (words.indexOf(f[0]) + 2) + "); each word may have one vector only");
                }
                words.add(f[0]);
                for (int d = 0; d < dims; d++) {
                    try {
                        data[row * dims + d] = Float.parseFloat(f[d + 1]);
                    } catch (NumberFormatException e) {
                        throw bad(file, lineNumber, "value " + (d + 1) + " of '" + f[0] + "' is '" + f[d + 1] + "', not a number");
                    }
                }
            }
            int lineNumber = size + 1;
            for (String extra; (extra = in.readLine()) != null; ) {
                lineNumber++;
                if (!extra.isBlank()) {
                    throw bad(file, lineNumber, "more lines than the " + size + " words the header announces;"
                            + " fix the header's word count");
                }
            }
            long[] counts = new long[size];
            for (int i = 0; i < size; i++) {
                counts[i] = size - i; // synthetic ranks, see the class comment
            }
            return new WordVectors(Vocabulary.of(words, counts), dims, data);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read word vectors from " + file + ": " + e.getMessage(), e);
        }
    }

    /** The fields of a line: separated by runs of spaces or tabs; trailing blanks (word2vec.c writes one) ignored. */
    private static String[] fields(String line) {
        String s = line.strip();
        return s.isEmpty() ? new String[0] : s.split("[ \t]+");
    }

    private static int parseCount(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static IllegalArgumentException bad(Path file, int line, String problem) {
        return new IllegalArgumentException(file + ":" + line + ": " + problem + " (word2vec text format)");
    }
}
