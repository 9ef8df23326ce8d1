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

    /** A document of a corpus: a Brown sample, one speech, one Wikipedia article, as sentences of tokens. */
    public record Document(String name, List<List<String>> sentences) {
        public long tokenCount() {
            return Corpora.tokenCount(sentences);
        }
    }

    /** The Brown corpus, tags stripped: about 1.0M tokens. */
    public static List<List<String>> brown(DataStore store) {
        return sentences(brownDocuments(store));
    }

    /** The Brown corpus as its 500 samples (files ca01 … cr09), tags stripped. */
    public static List<Document> brownDocuments(DataStore store) {
        List<Document> documents = new ArrayList<>();
        for (Path file : store.paths("brown/c")) {
            List<List<String>> sentences = new ArrayList<>();
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
            documents.add(new Document("brown/" + file.getFileName(), sentences));
        }
        return documents;
    }

    /** The State of the Union addresses 1790–2018: about 1.8M tokens. */
    public static List<List<String>> stateOfTheUnion(DataStore store) {
        return sentences(stateOfTheUnionDocuments(store));
    }

    /** The State of the Union addresses, one document per speech, split into sentences at . ! ? */
    public static List<Document> stateOfTheUnionDocuments(DataStore store) {
        List<Document> documents = new ArrayList<>();
        for (Path file : store.paths("sotu/")) {
            if (!file.getFileName().toString().matches("\\d{4}.*\\.txt")) {
                continue; // the licence file sits in the same folder
            }
            List<List<String>> sentences = new ArrayList<>();
            for (String line : lines(file)) {
                for (String s : SENTENCE_END.split(line)) {
                    List<String> tokens = WordTokenizer.tokens(s);
                    if (!tokens.isEmpty()) {
                        sentences.add(tokens);
                    }
                }
            }
            documents.add(new Document("sotu/" + file.getFileName(), sentences));
        }
        return documents;
    }

    /**
     * WikiText-2's valid or test part (Merity et al. 2016), one document per article, tokenised the way the rest of
     * the course is ({@link WordTokenizer}: lower case, punctuation and WikiText's {@code @-@} joins dropped, its
     * {@code <unk>} kept as the word "unk"), one sentence per paragraph line; the " = Title = " lines start articles.
     *
     * @param part "valid" or "test"
     */
    public static List<Document> wikiText2(DataStore store, String part) {
        if (!part.equals("valid") && !part.equals("test")) {
            throw new IllegalArgumentException("WikiText-2 part must be \"valid\" or \"test\" (the mirror has no train part), got \"" + part + "\"");
        }
        List<Document> documents = new ArrayList<>();
        String title = null;
        List<List<String>> sentences = new ArrayList<>();
        for (String line : lines(store.path("wikitext-2/wiki." + part + ".tokens"))) {
            String trimmed = line.trim();
            boolean articleTitle = trimmed.startsWith("= ") && trimmed.endsWith(" =") && !trimmed.startsWith("= =");
            if (articleTitle) {
                if (title != null && !sentences.isEmpty()) {
                    documents.add(new Document("wikitext-2/" + title, sentences));
                }
                title = trimmed.substring(2, trimmed.length() - 2).trim();
                sentences = new ArrayList<>();
                continue;
            }
            List<String> tokens = WordTokenizer.tokens(trimmed.replace("<unk>", "unk"));
            if (!tokens.isEmpty() && !trimmed.startsWith("= =")) {
                sentences.add(tokens);
            }
        }
        if (title != null && !sentences.isEmpty()) {
            documents.add(new Document("wikitext-2/" + title, sentences));
        }
        return documents;
    }

    /** All sentences of the documents, in order. */
    public static List<List<String>> sentences(List<Document> documents) {
        List<List<String>> all = new ArrayList<>();
        for (Document d : documents) {
            all.addAll(d.sentences());
        }
        return all;
    }

    /** Brown followed by the State of the Union addresses: the workshop corpus, about 2.8M tokens. */
    public static List<List<String>> brownAndStateOfTheUnion(DataStore store) {
        List<List<String>> all = new ArrayList<>(brown(store));
        all.addAll(stateOfTheUnion(store));
        return all;
    }

    /** Brown's samples followed by the speeches: the workshop corpus as 500 + 229 documents. */
    public static List<Document> brownAndStateOfTheUnionDocuments(DataStore store) {
        List<Document> all = new ArrayList<>(brownDocuments(store));
        all.addAll(stateOfTheUnionDocuments(store));
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
