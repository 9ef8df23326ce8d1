package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import course.eval.Bleu;

/**
 * Notebook 04, exercise {@code 04-brevity}: BLEU's brevity penalty (Papineni et al. 2002 §2.2.2) for a corpus of
 * hypothesis length c and reference length r, checked against the penalty {@link Bleu#corpus} reports for corpora made
 * to have those lengths.
 */
public final class BrevityPenalty {

    public static final String ID = "04-brevity";
    static final String FIRST_HINT = "BP = 1 when c > r, else exp(1 − r / c); and 0 for an empty hypothesis (c = 0)";

    /** What the learner writes: the penalty for hypothesis length {@code c} and reference length {@code r}. */
    @FunctionalInterface
    public interface Penalty {
        double penalty(int hypothesisLength, int referenceLength);
    }

    private BrevityPenalty() {}

    public static Result check(Penalty learner) {
        return Exercise.check(ID, FIRST_HINT, "your penalty equals the one course.eval.Bleu applies: none for output at least as long as"
                + " the references, exp(1 − r/c) for shorter output", () -> problem(learner));
    }

    private static String problem(Penalty learner) {
        int[][] cases = {{10, 10}, {12, 10}, {9, 10}, {5, 10}, {1, 7}, {0, 4}, {30, 31}};
        for (int[] lengths : cases) {
            int c = lengths[0], r = lengths[1];
            double expected = lib(c, r);
            double mine = learner.penalty(c, r);
            if (close(mine, expected, 1e-9)) {
                continue;
            }
            String said = "c = " + c + ", r = " + r + " gave " + num(mine) + "; expected " + num(expected);
            if (c > 0 && c < r && close(mine, Math.exp(1 - (double) c / r), 1e-9)) {
                return said + " — the ratio is upside down: exp(1 − r / c), reference over hypothesis";
            }
            if (c >= r && !close(mine, 1, 1e-9)) {
                return said + " — output as long as the references or longer is not penalised by BP (its extra words already cost precision)";
            }
            if (c == 0) {
                return said + " — an empty output scores 0 (BLEU's sacreBLEU convention); r / c would divide by zero";
            }
            return said + " — " + FIRST_HINT;
        }
        return null;
    }

    /** The brevity penalty of {@link Bleu#corpus} for one hypothesis of c words against one reference of r words. */
    static double lib(int c, int r) {
        StringBuilder hypothesis = new StringBuilder();
        StringBuilder reference = new StringBuilder();
        for (int i = 0; i < c; i++) hypothesis.append(i == 0 ? "" : " ").append("w").append(i);
        for (int i = 0; i < r; i++) reference.append(i == 0 ? "" : " ").append("w").append(i);
        return Bleu.corpus(java.util.List.of(hypothesis.toString()), java.util.List.of(reference.toString())).brevityPenalty();
    }
}
