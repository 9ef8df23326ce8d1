package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import ai.djl.ndarray.NDManager;
import java.util.Random;

/**
 * Notebook 00, exercise {@code 00-mse}: the mean squared error of predictions against targets, by hand, checked
 * against the same sum done by DJL's NDArray operations on seeded data.
 */
public final class MeanSquaredError {

    public static final String ID = "00-mse";
    static final String FIRST_HINT = "square each prediction's difference from its target, then average over the examples";

    /**
     * What the learner writes: mean((p − t)²) over the examples, for arrays of the same length. It is the loss of
     * notebook 00's toy regression.
     */
    @FunctionalInterface
    public interface Mse {
        double mse(double[] predictions, double[] targets);
    }

    public static Result check(Mse learner) {
        return Exercise.check(ID, FIRST_HINT, "your MSE matches DJL's on 3 seeded batches, and is 0 for perfect predictions", () -> problem(learner));
    }

    private static String problem(Mse learner) {
        Random random = new Random(9);
        for (int n : new int[] {5, 8, 13}) {
            double[] p = new double[n];
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = random.nextGaussian();
                t[i] = random.nextGaussian() + 0.5;
            }
            double mine = learner.mse(p.clone(), t.clone());
            double expected = reference(p, t);
            if (close(mine, expected, 1e-9)) {
                continue;
            }
            String said = "for " + n + " examples your MSE is " + num(mine) + "; expected " + num(expected);
            double meanDiff = 0;
            double meanAbs = 0;
            for (int i = 0; i < n; i++) {
                meanDiff += (p[i] - t[i]) / n;
                meanAbs += Math.abs(p[i] - t[i]) / n;
            }
            if (close(mine, n * expected, 1e-9)) {
                return said + " — " + n + " times too large: that is the sum of squares; divide by the number of examples";
            }
            if (close(mine, expected / 2, 1e-9)) {
                return said + " — exactly half: that is ½·MSE, the convention of DJL's L2Loss, not the mean squared error";
            }
            if (close(mine, Math.sqrt(expected), 1e-9)) {
                return said + " — that is its square root, the RMSE; leave the root off";
            }
            if (close(mine, meanDiff, 1e-9) || close(mine, -meanDiff, 1e-9)) {
                return said + " — did you square the differences? Unsquared, errors of opposite sign cancel";
            }
            if (close(mine, meanAbs, 1e-9)) {
                return said + " — that is the mean absolute error: square the differences instead of taking their size";
            }
            return said + " — compute mean((prediction − target)²)";
        }
        double[] same = {0.3, -1.2, 2.0};
        double zero = learner.mse(same.clone(), same.clone());
        if (zero != 0) {
            return "perfect predictions should give an MSE of 0, yours gives " + num(zero);
        }
        return null;
    }

    /** mean((p − t)²) with DJL's NDArray operations. */
    static double reference(double[] p, double[] t) {
        try (NDManager m = NDManager.newBaseManager()) {
            return m.create(p).sub(m.create(t)).square().mean().toDoubleArray()[0];
        }
    }
}
