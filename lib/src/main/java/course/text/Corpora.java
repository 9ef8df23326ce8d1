package course.text;

import course.data.DataStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The general-domain English text word2vec learns from, as sentences of tokens ({@link WordTokenizer}):
 *
 * <ul>
 *   <li><b>Brown</b> (Francis &amp; Kučera 1964/1979): 500 samples of American English in 15 genres, one
 *       sentence per line as {@code word/tag} pairs; we strip the part-of-speech tags.
 *   <li><b>State of the Union</b> addresses 1790–2018: plain text, split into sentences at . ! ?
 *   <li><b>text8</b> (Mahoney): the first 10⁸ bytes of cleaned English Wikipedia, one line of words; cut
 *       into pieces of 1,000 words (word2vec has no use for sentence ends there). Full profile only.
 * </ul>
 */
public final class Corpora {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

    private Corpora() {}

    /** The Brown corpus, tags stripped: about 1.0M tokens. */
    public static List<List<String>> brown(DataStore store) {
        List<List<String>> sentences = new ArrayList<>();
        for (Path file : store.paths("brown/c")) {
            for (String line : lines(file)) {
                List<String> sentence = new ArrayList<>();
                for (String tagged : line.trim().split("\\s+")) {
                    int slash = tagged.lastIndexOf('/');
                    String word = (slash > 0 ? tagged.substring(0, slash) : tagged).toLowerCase(Locale.ROOT);
                    if (WordTokenizer.isToken(word)) {
                        sentence.add(word);
                    }
                }
                if (!sentence.isEmpty()) {
                    sentences.add(sentence);
                }
            }
        }
        return sentences;
    }

    /** The State of the Union addresses 1790–2018: about 1.8M tokens. */
    public static List<List<String>> stateOfTheUnion(DataStore store) {
        List<List<String>> sentences = new ArrayList<>();
        for (Path file : store.paths("sotu/")) {
            if (!file.getFileName().toString().matches("\\d{4}.*\\.txt")) {
                continue; // the licence file sits in the same folder
            }
            for (String line : lines(file)) {
                for (String s : SENTENCE_END.split(line)) {
                    List<String> tokens = WordTokenizer.tokens(s);
                    if (!tokens.isEmpty()) {
                        sentences.add(tokens);
                    }
                }
            }
        }
        return sentences;
    }

    /** Brown followed by the State of the Union addresses: the workshop corpus, about 2.8M tokens. */
    public static List<List<String>> brownAndStateOfTheUnion(DataStore store) {
        List<List<String>> all = new ArrayList<>(brown(store));
        all.addAll(stateOfTheUnion(store));
        return all;
    }

    /** text8 in pieces of 1,000 words: 17M tokens. Needs the text8 download (full profile). */
    public static List<List<String>> text8(DataStore store) {
        String text = readString(store.path("text8/text8"));
        String[] words = text.trim().split(" +");
        List<List<String>> pieces = new ArrayList<>();
        for (int from = 0; from < words.length; from += 1000) {
            pieces.add(List.of(java.util.Arrays.copyOfRange(words, from, Math.min(words.length, from + 1000))));
        }
        return pieces;
    }

    /** The first sentences of {@code sentences} holding about {@code tokens} tokens: a slice for quick runs. */
    public static List<List<String>> slice(List<List<String>> sentences, long tokens) {
        List<List<String>> slice = new ArrayList<>();
        long n = 0;
        for (List<String> s : sentences) {
            if (n >= tokens) {
                break;
            }
            slice.add(s);
            n += s.size();
        }
        return slice;
    }

    public static long tokenCount(List<? extends List<String>> sentences) {
        long n = 0;
        for (List<String> s : sentences) {
            n += s.size();
        }
        return n;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
