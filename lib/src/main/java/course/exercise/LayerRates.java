package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import ai.djl.nn.core.Linear;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.train.ParameterGroup;
import course.train.ParameterGroups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Notebook 03, exercise {@code 03-discriminative}: ULMFiT's discriminative learning rates (Howard &amp; Ruder 2018,
 * §3.2) — the top group at η, each group below at the rate of the one above divided by the factor — bottom group first,
 * checked against the multipliers {@link ParameterGroups#discriminative} gives real groups. The usual slips (the order
 * reversed, multiplying instead of dividing, an exponent off by one) are named.
 */
public final class LayerRates {

    public static final String ID = "03-discriminative";
    static final String FIRST_HINT = "group l of L (0 = the bottom, L − 1 = the top) trains at topRate / factor^(L − 1 − l): the top at"
            + " topRate, the one below at topRate / factor, and so on down";

    /** What the learner writes: each of {@code groups} groups' rate, bottom first. */
    @FunctionalInterface
    public interface Rates {
        double[] rates(double topRate, int groups, double factor);
    }

    private LayerRates() {}

    public static Result check(Rates learner) {
        return Exercise.check(ID, FIRST_HINT, "your rates equal ParameterGroups.discriminative's: the top group at η, each one below ÷ the"
                + " factor", () -> problem(learner));
    }

    private static String problem(Rates learner) {
        double[][] cases = {{0.01, 5, 2.6}, {4e-3, 4, 2.6}, {1.0, 3, 2.0}, {0.5, 1, 2.6}};
        for (double[] c : cases) {
            int n = (int) c[1];
            double[] expected = reference(c[0], n, c[2]);
            double[] mine = Exercise.answer(learner.rates(c[0], n, c[2]));
            String said = "for topRate " + num(c[0]) + ", " + n + " groups, factor " + c[2] + " you gave " + show(mine) + "; expected " + show(expected);
            if (mine.length != n) {
                return said + " — one rate per group: " + n + " numbers";
            }
            if (matches(mine, expected)) {
                continue;
            }
            double[] reversed = new double[n];
            for (int i = 0; i < n; i++) {
                reversed[i] = expected[n - 1 - i];
            }
            if (matches(mine, reversed)) {
                return said + " — the order is reversed: the first number is the bottom group (the embedding), which gets the smallest rate";
            }
            if (close(mine[n - 1], c[0] * Math.pow(c[2], n - 1), 1e-9) || close(mine[0], c[0] * Math.pow(c[2], n - 1), 1e-9)) {
                return said + " — the rates grow: divide by the factor going down, do not multiply";
            }
            if (n > 1 && close(mine[n - 1], c[0] / c[2], 1e-9)) {
                return said + " — the top group keeps topRate itself: its exponent is 0, so it is topRate / factor^(L − 1 − l)";
            }
            return said + " — " + FIRST_HINT;
        }
        return null;
    }

    /** The rates ParameterGroups.discriminative gives n real (one-parameter) groups. */
    private static double[] reference(double top, int n, double factor) {
        try (NDManager m = NDManager.newBaseManager()) {
            List<ParameterGroup> groups = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Linear layer = Linear.builder().setUnits(1).build();
                layer.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1));
                groups.add(ParameterGroup.of("group" + i, layer));
            }
            return new ParameterGroups(groups).discriminative(factor).groups().stream().mapToDouble(g -> top * g.rateMultiplier()).toArray();
        }
    }

    private static boolean matches(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!close(a[i], b[i], 1e-9)) {
                return false;
            }
        }
        return true;
    }

    private static String show(double[] v) {
        return Arrays.stream(v).mapToObj(Exercise::num).toList().toString();
    }
}
