package course.embed;

import course.text.Vocabulary;

/**
 * The noise distribution negative samples are drawn from: unigram counts raised to the power 3/4
 * (Mikolov et al. 2013, §2.2), which lifts rare words a little above their raw frequency. Drawn like the
 * released word2vec: a big table where each word fills a share of the slots proportional to its weight,
 * so one draw is one random index — no search.
 */
public final class NoiseTable {

    public static final double POWER = 0.75;

    private final int[] slots;

    private NoiseTable(int[] slots) {
        this.slots = slots;
    }

    /** A table of {@code size} slots for {@code vocabulary} (word2vec uses 10⁸; 10⁷ is plenty for 10⁵ words). */
    public static NoiseTable of(Vocabulary vocabulary, int size) {
        if (vocabulary.size() == 0) {
            throw new IllegalArgumentException("the vocabulary is empty: lower minCount or use a larger corpus");
        }
        if (size < vocabulary.size()) {
            throw new IllegalArgumentException("table size " + size + " is smaller than the vocabulary (" + vocabulary.size() + ")");
        }
        double[] weights = weights(vocabulary);
        int[] slots = new int[size];
        int word = 0;
        double cumulative = weights[0];
        for (int i = 0; i < size; i++) {
            slots[i] = word;
            if ((i + 1.0) / size > cumulative && word < weights.length - 1) {
                word++;
                cumulative += weights[word];
            }
        }
        return new NoiseTable(slots);
    }

    /** count^0.75, normalised to sum to 1, by word id. */
    public static double[] weights(Vocabulary vocabulary) {
        double[] w = new double[vocabulary.size()];
        double sum = 0;
        for (int id = 0; id < w.length; id++) {
            w[id] = Math.pow(vocabulary.count(id), POWER);
            sum += w[id];
        }
        for (int id = 0; id < w.length; id++) {
            w[id] /= sum;
        }
        return w;
    }

    public int size() {
        return slots.length;
    }

    /** The word in slot {@code index} (index in [0, size)). */
    public int word(int index) {
        return slots[index];
    }

    /** {@code count} noise words, one {@code random.nextInt(size())} draw each, in order. */
    public int[] draw(java.util.Random random, int count) {
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = word(random.nextInt(slots.length));
        }
        return words;
    }

    /** The share of slots each word fills: the distribution this table actually samples from. */
    public double[] shares(int vocabularySize) {
        double[] shares = new double[vocabularySize];
        for (int s : slots) {
            shares[s] += 1.0 / slots.length;
        }
        return shares;
    }
}
