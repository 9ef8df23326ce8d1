package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import course.train.SlantedTriangular;

/**
 * Notebook 03, exercise {@code 03-stlr}: ULMFiT's slanted triangular learning rate (Howard &amp; Ruder 2018, eq. 3) at
 * step t of T, checked against {@link SlantedTriangular} at every step of three schedules, one of them with a cut that
 * ⌊·⌋ rounds down. The usual slips (no floor on the cut, a rise that starts at 0 or at η_max, a fall that ends at 0,
 * cut_frac and ratio swapped) are named.
 */
public final class SlantedTriangularRate {

    public static final String ID = "03-stlr";
    static final String FIRST_HINT = "cut = ⌊T · cutFraction⌋; p = t / cut before the cut, p = 1 − (t − cut) / (cut · (1 / cutFraction − 1))"
            + " after it (never below 0); the rate is peak · (1 + p · (ratio − 1)) / ratio";

    /** What the learner writes: the rate at 0-based step {@code t} of {@code totalSteps}. */
    @FunctionalInterface
    public interface Schedule {
        double rate(int t, int totalSteps, double peak, double cutFraction, double ratio);
    }

    private SlantedTriangularRate() {}

    public static Result check(Schedule learner) {
        return Exercise.check(ID, FIRST_HINT, "your schedule equals course.train.SlantedTriangular at every step: η_max / ratio at step 0,"
                + " η_max at the cut, back to η_max / ratio at the end", () -> problem(learner));
    }

    private static String problem(Schedule learner) {
        SlantedTriangular[] cases = {new SlantedTriangular(0.01, 1000, 0.1, 32), new SlantedTriangular(4e-3, 95, 0.1, 32),
                new SlantedTriangular(1.0, 40, 0.25, 8)};
        for (SlantedTriangular c : cases) {
            int cut = c.cut();
            String which = "T = " + c.totalSteps() + ", η_max = " + num(c.peak()) + ", cut_frac = " + c.cutFraction() + ", ratio = " + num(c.ratio());
            for (int t = 0; t < c.totalSteps(); t++) {
                double mine = learner.rate(t, c.totalSteps(), c.peak(), c.cutFraction(), c.ratio());
                double expected = c.at(t);
                if (close(mine, expected, 1e-9)) {
                    continue;
                }
                String said = "with " + which + ", step " + t + " gave " + num(mine) + "; expected " + num(expected) + " (cut = " + cut + ")";
                if (t == 0 && close(mine, 0, 1e-12)) {
                    return said + " — the rise starts at η_max / ratio, not at 0: that is what the (1 + p · (ratio − 1)) / ratio does";
                }
                if (t == 0 && close(mine, c.peak(), 1e-9)) {
                    return said + " — step 0 is the bottom of the triangle: p = t / cut = 0 there, so the rate is η_max / ratio";
                }
                if (t > cut && close(mine, c.peak() * Math.max(0, 1 - (t - cut) / (cut * (1 / c.cutFraction() - 1))), 1e-9)) {
                    return said + " — the fall goes to η_max / ratio, not to 0: put p into peak · (1 + p · (ratio − 1)) / ratio";
                }
                if (mine < c.peak() / c.ratio() * (1 - 1e-9)) {
                    return said + " — below η_max / ratio: p went negative. Keep p at 0 or above (Math.max(p, 0))";
                }
                if (c.totalSteps() * c.cutFraction() != cut) {
                    return said + " — T · cut_frac = " + num(c.totalSteps() * c.cutFraction()) + " is not whole: the cut is its floor,"
                            + " ⌊T · cut_frac⌋ = " + cut + " (cast to int, or Math.floor)";
                }
                return said + " — " + FIRST_HINT;
            }
        }
        return null;
    }
}
