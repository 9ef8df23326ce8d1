package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.nn.Attention;
import java.util.Random;

/**
 * Notebook 06, exercise {@code 06-softmax}: the attention weights softmax(q kᵀ / √d), one row per query, checked
 * against the weights of {@link Attention#scaledDotProduct} — once on ordinary scores, once on scores so large that
 * exp overflows unless the row's maximum is subtracted first.
 */
public final class ScaledSoftmax {

    public static final String ID = "06-softmax";
    static final String FIRST_HINT = "score[i][j] = q[i]·k[j] / √d, then in each row i: exp(score − the row's max), divided by the row's sum";

    /** q and k are (T, d): one row per position. The answer is (T, T): row i holds query i's weights over the keys. */
    @FunctionalInterface
    public interface Weights {
        double[][] weights(double[][] q, double[][] k);
    }

    public static Result check(Weights learner) {
        return Exercise.check(ID, FIRST_HINT, "your weights match course.nn.Attention: rows sum to 1, scaled by √d, stable for large scores", () -> problem(learner));
    }

    private static String problem(Weights learner) {
        int t = 5;
        int d = 16;
        Random random = new Random(6);
        for (double spread : new double[] {1, 40}) {
            double[][] q = gaussian(random, t, d, spread);
            double[][] k = gaussian(random, t, d, spread);
            double[][] mine = Exercise.answer(learner.weights(Exercise.copy(q), Exercise.copy(k)));
            if (mine.length != t || mine[0].length != t) {
                return "your weights are " + mine.length + "×" + mine[0].length + "; for " + t + " queries and " + t + " keys they are " + t + "×" + t;
            }
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    if (!Double.isFinite(mine[i][j])) {
                        return "row " + i + " holds " + mine[i][j] + " on scores around " + num(spread * spread * 4)
                                + ": exp overflowed — subtract each row's maximum score before exp (the result is the same, the numbers stay small)";
                    }
                }
            }
            double[][] expected = reference(q, k);
            for (int i = 0; i < t; i++) {
                double row = 0;
                double column = 0;
                for (int j = 0; j < t; j++) {
                    row += mine[i][j];
                    column += mine[j][i];
                }
                if (!close(row, 1, 1e-6)) {
                    return "row " + i + " of the attention weights sums to " + num(row)
                            + (close(column, 1, 1e-6) ? ": your columns sum to 1 — did you apply the softmax over the last axis (each query's row)?"
                                    : ": divide each exp by the sum of its row");
                }
            }
            if (spread > 1) {
                continue;
            }
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    if (close(mine[i][j], expected[i][j], 1e-4)) {
                        continue;
                    }
                    String said = "weight [" + i + "][" + j + "] is " + num(mine[i][j]) + "; expected " + num(expected[i][j]);
                    if (matches(mine, q, k, 1)) {
                        return said + " — your rows are too peaked: did you divide the scores by √d (here √" + d + " = 4)?";
                    }
                    if (matches(mine, q, k, d)) {
                        return said + " — you divided by d; the scaling is √d, the typical size of a dot product of d unit-variance numbers";
                    }
                    return said;
                }
            }
        }
        return null;
    }

    private static boolean matches(double[][] mine, double[][] q, double[][] k, double divisor) {
        for (int i = 0; i < q.length; i++) {
            double[] s = new double[k.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k.length; j++) {
                for (int c = 0; c < q[i].length; c++) {
                    s[j] += q[i][c] * k[j][c] / divisor;
                }
                max = Math.max(max, s[j]);
            }
            double sum = 0;
            for (int j = 0; j < k.length; j++) {
                s[j] = Math.exp(s[j] - max);
                sum += s[j];
            }
            for (int j = 0; j < k.length; j++) {
                if (!close(mine[i][j], s[j] / sum, 1e-4)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The weights of {@link Attention#scaledDotProduct} for (T, d) queries and keys, no mask. */
    static double[][] reference(double[][] q, double[][] k) {
        int t = q.length;
        int d = q[0].length;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray qa = m.create(flat(q), new Shape(1, t, d));
            NDArray ka = m.create(flat(k), new Shape(1, t, d));
            float[] w = Attention.scaledDotProduct(qa, ka, ka, null).weights().toFloatArray();
            double[][] out = new double[t][t];
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    out[i][j] = w[i * t + j];
                }
            }
            return out;
        }
    }

    private static float[] flat(double[][] a) {
        float[] f = new float[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                f[i * a[0].length + j] = (float) a[i][j];
            }
        }
        return f;
    }

    private static double[][] gaussian(Random random, int rows, int cols, double spread) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int j = 0; j < cols; j++) {
                row[j] = Math.round(random.nextGaussian() * spread * 8) / 8.0;   // exact in float too
            }
        }
        return a;
    }

}
