package course.ulmfit;

import course.text.Corpora;
import course.text.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The words an {@link AwdLstm} reads and predicts — one vocabulary for both sides, since input and output share the
 * embedding (tied). Ids 0, 1, 2 are the specials, then the most frequent words of the training text:
 *
 * <pre>
 *   0  &lt;pad&gt;   written after a text to fill a batch row; never read as a real token, never predicted
 *   1  &lt;unk&gt;   every word outside the vocabulary
 *   2  &lt;/s&gt;    a text boundary: written before every text (a sentence of the general corpus, a tweet) and after
 *            the last one, so a tweet that the classifier reads starts with the token every general-corpus
 *            sentence followed — and a tweet with no words at all still has one token
 * </pre>
 *
 * Built once, from the text of every stage that may shape it (the general corpus and the tweets' training split,
 * never the validation or test tweets), and kept through all three stages: the LM's rows stay the same words.
 */
public final class LmVocabulary {

    public static final String PADDING = "<pad>";
    public static final String UNKNOWN = "<unk>";
    public static final String BOUNDARY = "</s>";
    public static final int PADDING_ID = 0;
    public static final int UNKNOWN_ID = 1;
    public static final int BOUNDARY_ID = 2;
    private static final List<String> SPECIALS = List.of(PADDING, UNKNOWN, BOUNDARY);

    private final Vocabulary words;    // the ordinary words; word i has id i + 3

    private LmVocabulary(Vocabulary words) {
        this.words = words;
    }

    /**
     * The {@code maxSize − 3} most frequent words of {@code sentences} seen at least {@code minCount} times (ties
     * alphabetical, as {@link Vocabulary#build}), after the three specials.
     */
    public static LmVocabulary fromTraining(Iterable<? extends List<String>> sentences, int maxSize, int minCount) {
        if (maxSize < SPECIALS.size() + 1) {
            throw new IllegalArgumentException("maxSize must be at least 4 (the 3 specials and one word), got " + maxSize);
        }
        Vocabulary all = Vocabulary.build(sentences, minCount);
        for (String special : SPECIALS) {
            if (all.contains(special)) {
                throw new IllegalArgumentException("the training text contains the special token '" + special
                        + "' as a word; remove it from the text (the vocabulary writes it itself)");
            }
        }
        int keep = Math.min(maxSize - SPECIALS.size(), all.size());
        if (keep == 0) {
            throw new IllegalArgumentException("no word of the training text is seen " + minCount + " times or more: nothing to learn");
        }
        return new LmVocabulary(Vocabulary.of(all.words().subList(0, keep), Arrays.copyOf(all.counts(), keep)));
    }

    /** V: the specials and the words. */
    public int size() {
        return words.size() + SPECIALS.size();
    }

    /** A word's id, {@link #UNKNOWN_ID} for a word outside the vocabulary. */
    public int id(String word) {
        int special = SPECIALS.indexOf(word);
        if (special >= 0) {
            return special;
        }
        int id = words.idOrMinusOne(word);
        return id < 0 ? UNKNOWN_ID : id + SPECIALS.size();
    }

    public String word(int id) {
        if (id < 0 || id >= size()) {
            throw new IndexOutOfBoundsException("word id " + id + " outside [0, " + size() + ")");
        }
        return id < SPECIALS.size() ? SPECIALS.get(id) : words.word(id - SPECIALS.size());
    }

    /** One text for a classifier: [&lt;/s&gt;, its words' ids…] — at least one token, even for a text of no words. */
    public int[] encodeText(List<String> tokens) {
        int[] ids = new int[tokens.size() + 1];
        ids[0] = BOUNDARY_ID;
        for (int i = 0; i < tokens.size(); i++) {
            ids[i + 1] = id(tokens.get(i));
        }
        return ids;
    }

    /** Texts as one stream for a language model: &lt;/s&gt; t₁ &lt;/s&gt; t₂ … &lt;/s&gt; (a boundary before each and after the last). */
    public int[] encodeStream(List<? extends List<String>> texts) {
        int n = 1;
        for (List<String> t : texts) {
            n += t.size() + 1;
        }
        int[] ids = new int[n];
        int i = 0;
        for (List<String> t : texts) {
            ids[i++] = BOUNDARY_ID;
            for (String w : t) {
                ids[i++] = id(w);
            }
        }
        ids[i] = BOUNDARY_ID;
        return ids;
    }

    /** Each document of a corpus as one stream of its sentences ({@link #encodeStream}): the input of DocumentStreams. */
    public List<int[]> encodeDocuments(List<Corpora.Document> documents) {
        List<int[]> encoded = new ArrayList<>(documents.size());
        for (Corpora.Document d : documents) {
            encoded.add(encodeStream(d.sentences()));
        }
        return encoded;
    }

    /** The share of the streams' tokens (boundaries included) that are &lt;unk&gt;. */
    public static double unknownRate(List<int[]> streams) {
        long n = 0;
        long unknown = 0;
        for (int[] s : streams) {
            for (int id : s) {
                n++;
                unknown += id == UNKNOWN_ID ? 1 : 0;
            }
        }
        return n == 0 ? 0 : (double) unknown / n;
    }
}
