package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import course.train.Noam;

/**
 * Notebook 04, exercise {@code 04-noam}: the Transformer's learning rate (Vaswani et al. 2017, eq. 3) at step n,
 * checked against {@link Noam} over the first 3 × warm-up steps of three schedules. Steps are 1-based here, as in the
 * paper; the usual slips (the two terms swapped, max for min, the warm-up to the power −0.5) are named.
 */
public final class NoamRate {

    public static final String ID = "04-noam";
    static final String FIRST_HINT = "rate = factor · dModel^−0.5 · min(step^−0.5, step · warmup^−1.5)";

    /** What the learner writes: the rate at the 1-based {@code step}. */
    @FunctionalInterface
    public interface Schedule {
        double rate(int step, int dModel, int warmup, double factor);
    }

    private NoamRate() {}

    public static Result check(Schedule learner) {
        return Exercise.check(ID, FIRST_HINT, "your schedule equals course.train.Noam at every step: a linear rise to its peak"
                + " factor · (dModel · warmup)^−0.5 at step = warmup, then 1/√step", () -> problem(learner));
    }

    private static String problem(Schedule learner) {
        Noam[] cases = {new Noam(512, 4000, 1.0), new Noam(256, 400, 2.0), new Noam(32, 10, 0.5)};
        for (Noam c : cases) {
            String which = "dModel = " + c.modelSize() + ", warmup = " + c.warmupSteps() + ", factor = " + num(c.factor());
            for (int step = 1; step <= 3 * c.warmupSteps(); step++) {
                double mine = learner.rate(step, c.modelSize(), c.warmupSteps(), c.factor());
                double expected = c.at(step);
                if (close(mine, expected, 1e-9)) {
                    continue;
                }
                String said = "with " + which + ", step " + step + " gave " + num(mine) + "; expected " + num(expected);
                double scale = c.factor() * Math.pow(c.modelSize(), -0.5);
                if (close(mine, scale * Math.max(Math.pow(step, -0.5), step * Math.pow(c.warmupSteps(), -1.5)), 1e-9)) {
                    return said + " — that is the larger of the two terms; the rate follows the smaller one (min), which is the"
                            + " rise before the warm-up ends and the 1/√step decay after it";
                }
                if (close(mine, scale * Math.min(Math.pow(step, -0.5), step * Math.pow(c.warmupSteps(), -0.5)), 1e-9)) {
                    return said + " — the rising term is step · warmup^−1.5 (so that both terms meet at step = warmup), not warmup^−0.5";
                }
                if (close(mine, Math.min(Math.pow(step, -0.5), step * Math.pow(c.warmupSteps(), -1.5)), 1e-9)) {
                    return said + " — the min(…) is right; it is multiplied by factor · dModel^−0.5";
                }
                return said + " — " + FIRST_HINT;
            }
        }
        return null;
    }
}
