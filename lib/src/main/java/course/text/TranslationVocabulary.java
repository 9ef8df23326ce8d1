package course.text;

import java.util.ArrayList;
import java.util.List;

/**
 * One language's words for a translation model, with the four ids every sequence-to-sequence model needs in front:
 *
 * <pre>
 *   0 &lt;pad&gt;   fills a batch's shorter rows; never attended to, never a target
 *   1 &lt;s&gt;     the decoder's first input: "start translating"
 *   2 &lt;/s&gt;    the last target: "the sentence is over" — how the decoder learns to stop
 *   3 &lt;unk&gt;   any word seen fewer than minCount times in the training text
 * </pre>
 *
 * then the training words by frequency ({@link Vocabulary}'s order, from id 4).
 */
public final class TranslationVocabulary {

    public static final int PAD = 0, START = 1, END = 2, UNKNOWN = 3;
    public static final List<String> SPECIALS = List.of("<pad>", "<s>", "</s>", "<unk>");

    private final Vocabulary words;

    private TranslationVocabulary(Vocabulary words) {
        this.words = words;
    }

    /** The words of {@code trainingSentences} seen at least {@code minCount} times (bentrevett's Multi30k models: 2). */
    public static TranslationVocabulary build(Iterable<? extends List<String>> trainingSentences, int minCount) {
        Vocabulary counted = Vocabulary.build(trainingSentences, minCount);
        for (String special : SPECIALS) {
            if (counted.contains(special)) {
                throw new IllegalArgumentException("the training text contains the special token " + special
                        + " as a word; rename it in the text (it would collide with the id the models reserve for it)");
            }
        }
        return new TranslationVocabulary(counted);
    }

    /** V: the four special ids and the words. */
    public int size() {
        return SPECIALS.size() + words.size();
    }

    public String token(int id) {
        if (id < 0 || id >= size()) {
            throw new IllegalArgumentException("id " + id + " is outside the vocabulary's [0, " + size() + ")");
        }
        return id < SPECIALS.size() ? SPECIALS.get(id) : words.word(id - SPECIALS.size());
    }

    /** The id of a word, {@link #UNKNOWN} for a word the training text did not have often enough. */
    public int id(String word) {
        int id = words.idOrMinusOne(word);
        return id < 0 ? UNKNOWN : id + SPECIALS.size();
    }

    /** The words' ids, no start or end added. */
    public int[] encode(List<String> sentence) {
        return sentence.stream().mapToInt(this::id).toArray();
    }

    /** The words of ids up to the first end token, without the specials &lt;pad&gt; and &lt;s&gt;. */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) {
            if (id == END) {
                break;
            }
            if (id != PAD && id != START) {
                out.add(token(id));
            }
        }
        return out;
    }

    /** The share of {@code sentences}' words that are not in the vocabulary. */
    public double unknownRate(Iterable<? extends List<String>> sentences) {
        long all = 0, unknown = 0;
        for (List<String> s : sentences) {
            for (String w : s) {
                all++;
                if (!words.contains(w)) unknown++;
            }
        }
        return all == 0 ? 0 : (double) unknown / all;
    }
}
