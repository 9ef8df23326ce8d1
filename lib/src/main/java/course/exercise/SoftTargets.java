package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import course.nn.LabelSmoothing;

/**
 * Notebook 04, exercise {@code 04-smoothing}: the label-smoothed target distribution q of one position (Szegedy et
 * al. 2016; Vaswani et al. 2017 §5.4), q = (1 − ε) · one-hot(target) + ε · u with u uniform over every class but
 * padding — checked against {@link LabelSmoothing#softTarget} for every target of three cases.
 */
public final class SoftTargets {

    public static final String ID = "04-smoothing";
    static final String FIRST_HINT = "q = (1 − ε) · one-hot(target) + ε · u, u uniform over the V − 1 classes that are not padding: every one of them gets"
            + " ε / (V − 1) (the target too, on top of its 1 − ε), padding gets 0; q sums to 1";

    /** What the learner writes: q over {@code vocabulary} classes for the true class {@code target}. */
    @FunctionalInterface
    public interface Targets {
        double[] softTarget(int target, int vocabulary, double epsilon, int padding);
    }

    private SoftTargets() {}

    public static Result check(Targets learner) {
        return Exercise.check(ID, FIRST_HINT, "your q equals course.nn.LabelSmoothing's soft target: 1 − ε on the word plus ε spread evenly"
                + " over the V − 1 classes that are not padding", () -> problem(learner));
    }

    private static String problem(Targets learner) {
        int[][] cases = {{5, 0}, {8, 1}, {3, 0}};
        double[] epsilons = {0.1, 0.25, 0.5};
        for (int k = 0; k < cases.length; k++) {
            int v = cases[k][0], pad = cases[k][1];
            double eps = epsilons[k];
            LabelSmoothing smoothing = new LabelSmoothing((float) eps, pad);
            for (int target = 0; target < v; target++) {
                if (target == pad) {
                    continue;
                }
                double[] mine = learner.softTarget(target, v, eps, pad);
                double[] expected = smoothing.softTarget(target, v);
                String which = "V = " + v + ", ε = " + num(eps) + ", padding = " + pad + ", target = " + target;
                if (mine == null) {
                    return which + ": returned null — return an array of V probabilities";
                }
                if (mine.length != v) {
                    return which + ": " + mine.length + " entries; q has one per class, V = " + v;
                }
                double sum = 0;
                for (double x : mine) sum += x;
                for (int c = 0; c < v; c++) {
                    if (close(mine[c], expected[c], 1e-6)) {
                        continue;
                    }
                    String said = which + ": q[" + c + "] = " + num(mine[c]) + ", expected " + num(expected[c]);
                    if (c == pad) {
                        return said + " — padding is never a target, so it gets no share of ε (that is what keeps the loss finite"
                                + " and the model from learning to say <pad>)";
                    }
                    if (c != target && close(mine[c], eps / v, 1e-9)) {
                        return said + " — ε / V spreads ε over padding too; share it among the V − 1 classes that are not padding";
                    }
                    if (c != target && close(mine[c], eps / (v - 2), 1e-9)) {
                        return said + " — ε / (V − 2) leaves the target out of u (the Annotated Transformer's variant); here u is uniform"
                                + " over every class but padding, the target included, as in Szegedy et al. and PyTorch";
                    }
                    if (c == target && close(mine[c], 1 - eps, 1e-9)) {
                        return said + " — the target also gets its share ε / (V − 1) of u, on top of 1 − ε";
                    }
                    return said + (close(sum, 1, 1e-6) ? " — " + FIRST_HINT : " — q sums to " + num(sum) + ", not 1. " + FIRST_HINT);
                }
            }
        }
        return null;
    }
}
