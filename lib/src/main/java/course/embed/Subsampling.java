package course.embed;

import course.text.Vocabulary;

/**
 * Frequent-word subsampling (Mikolov et al. 2013, "Distributed Representations of Words and Phrases", §2.3).
 * "the" appears in almost every window and teaches little; dropping most of its occurrences speeds training
 * up and improves the vectors of rarer words. The paper discards a token of a word with relative frequency
 * {@code f} with probability {@code 1 − sqrt(t / f)}; the released word2vec code (and gensim) keep it with
 * probability {@code (sqrt(f / t) + 1) · t / f}, which keeps a little more. We use the released form, so our
 * numbers compare with theirs, and show both in the notebook.
 */
public final class Subsampling {

    private Subsampling() {}

    /** The probability of keeping one occurrence of a word with relative frequency {@code f}, threshold {@code t}. */
    public static double keepProbability(double f, double t) {
        if (t <= 0) {
            return 1;
        }
        return Math.min(1, (Math.sqrt(f / t) + 1) * t / f);
    }

    /** The paper's formula: {@code 1 − P(discard) = sqrt(t / f)}, capped at 1. */
    public static double paperKeepProbability(double f, double t) {
        return t <= 0 ? 1 : Math.min(1, Math.sqrt(t / f));
    }

    /** Keep probabilities for every word of {@code vocabulary}, by id. */
    public static float[] keepProbabilities(Vocabulary vocabulary, double t) {
        float[] keep = new float[vocabulary.size()];
        double total = vocabulary.totalCount();
        for (int id = 0; id < keep.length; id++) {
            keep[id] = (float) keepProbability(vocabulary.count(id) / total, t);
        }
        return keep;
    }
}
