package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.ulmfit.ConcatPooling;
import java.util.Random;

/**
 * Notebook 03, exercise {@code 03-pool}: ULMFiT's concat pooling for one right-padded text, [h_T ; max ; mean] over its
 * real positions only, checked against {@link ConcatPooling#pool}. The padding rows hold large numbers, so pooling
 * them (or taking the last row of the array for h_T, or dividing the mean by the padded length) shows at once and is
 * named.
 */
public final class ConcatPool {

    public static final String ID = "03-pool";
    static final String FIRST_HINT = "over the first `length` rows only: h_T is row length − 1, then the maximum and the mean of each column;"
            + " return the three C-vectors one after the other, 3C numbers";

    /** What the learner writes: {@code hidden} (T rows of C, rows ≥ length are padding) → [last ; max ; mean] (3C). */
    @FunctionalInterface
    public interface Pool {
        double[] pool(double[][] hidden, int length);
    }

    private ConcatPool() {}

    public static Result check(Pool learner) {
        return Exercise.check(ID, FIRST_HINT, "your pooling equals course.ulmfit.ConcatPooling: the last real state, the max and the mean over"
                + " the real positions, padding ignored", () -> problem(learner));
    }

    private static String problem(Pool learner) {
        int[][] cases = {{7, 4, 5}, {6, 3, 6}, {5, 2, 1}};   // T, C, length
        for (int k = 0; k < cases.length; k++) {
            int t = cases[k][0], c = cases[k][1], n = cases[k][2];
            double[][] h = hidden(k, t, c, n);
            double[] expected = reference(h, n);
            double[] mine = Exercise.answer(learner.pool(Exercise.copy(h), n));
            String said = "for " + t + " positions of which " + n + " are real, C = " + c;
            if (mine.length != 3 * c) {
                return said + " you returned " + mine.length + " numbers; expected 3C = " + 3 * c + " ([last ; max ; mean], C each)";
            }
            for (int i = 0; i < 3 * c; i++) {
                if (close(mine[i], expected[i], 1e-5)) {
                    continue;
                }
                String part = i < c ? "h_T" : i < 2 * c ? "the max" : "the mean";
                int col = i % c;
                String at = said + ", " + part + " of column " + col + " is " + num(mine[i]) + "; expected " + num(expected[i]);
                if (i < c && close(mine[i], h[t - 1][col], 1e-9) && n < t) {
                    return at + " — that is row T − 1, padding: the last real state is row length − 1";
                }
                if (i >= c && i < 2 * c && close(mine[i], 50, 1e-9)) {
                    return at + " — the max reached a padding row (they hold 50 here): stop at row length − 1";
                }
                if (i >= 2 * c) {
                    double sumReal = 0, sumAll = 0;
                    for (int r = 0; r < t; r++) {
                        sumAll += h[r][col];
                        sumReal += r < n ? h[r][col] : 0;
                    }
                    if (close(mine[i], sumReal / t, 1e-6)) {
                        return at + " — you divided by T = " + t + "; the mean is over the " + n + " real positions";
                    }
                    if (close(mine[i], sumAll / t, 1e-6)) {
                        return at + " — the mean included the padding rows: only the first `length` rows count";
                    }
                }
                return at + " — " + FIRST_HINT;
            }
        }
        return null;
    }

    /** T × C values in (−1, 1) (LSTM outputs) for the real rows, 50 for the padding rows. */
    private static double[][] hidden(long seed, int t, int c, int n) {
        Random random = new Random(31 + seed);
        double[][] h = new double[t][c];
        for (int r = 0; r < t; r++) {
            for (int j = 0; j < c; j++) {
                h[r][j] = r < n ? Math.tanh(2 * random.nextGaussian()) : 50;
            }
        }
        return h;
    }

    private static double[] reference(double[][] h, int n) {
        int t = h.length, c = h[0].length;
        float[] flat = new float[t * c];
        boolean[] real = new boolean[t];
        for (int r = 0; r < t; r++) {
            real[r] = r < n;
            for (int j = 0; j < c; j++) {
                flat[r * c + j] = (float) h[r][j];
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float[] out = ConcatPooling.pool(m.create(flat, new Shape(1, t, c)), m.create(real, new Shape(1, t))).toFloatArray();
            double[] d = new double[out.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = out[i];
            }
            return d;
        }
    }
}
