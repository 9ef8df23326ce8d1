package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Random;

/**
 * Notebook 00, exercise {@code 00-step}: one plain gradient-descent step, {@code w − lr · grad}, returned as a new
 * array, checked against the same update done with NDArray operations.
 */
public final class GradientStep {

    public static final String ID = "00-step";
    static final String FIRST_HINT = "each weight moves against its gradient by the learning rate times the gradient: w[i] − lr · grad[i]";

    @FunctionalInterface
    public interface Step {
        double[] step(double[] weights, double[] gradient, double learningRate);
    }

    public static Result check(Step learner) {
        return Exercise.check(ID, FIRST_HINT, "your step matches w − lr·grad and leaves the old weights untouched", () -> problem(learner));
    }

    private static String problem(Step learner) {
        Random random = new Random(4);
        double lr = 0.1;
        double[] w = new double[6];
        double[] g = new double[6];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextGaussian();
            g[i] = random.nextGaussian();
        }
        double[] given = w.clone();
        double[] mine = Exercise.answer(learner.step(given, g.clone(), lr));
        if (!Arrays.equals(given, w)) {
            return "you changed the weights array passed in: build and return a new array, so the caller still has the old weights";
        }
        if (mine.length != w.length) {
            return "your step returned " + mine.length + " weights for " + w.length;
        }
        double[] expected = reference(w, g, lr);
        for (int i = 0; i < w.length; i++) {
            if (close(mine[i], expected[i], 1e-9)) {
                continue;
            }
            String said = "weight " + i + " becomes " + num(mine[i]) + "; w − lr·grad gives " + num(expected[i]);
            if (close(mine[i], w[i] + lr * g[i], 1e-9)) {
                return said + " — you stepped up the gradient: that makes the loss grow; subtract";
            }
            if (close(mine[i], w[i] - g[i], 1e-9)) {
                return said + " — you took the whole gradient: multiply it by the learning rate";
            }
            if (close(mine[i], -lr * g[i], 1e-9)) {
                return said + " — that is only the change: add it to the old weight";
            }
            return said;
        }
        return null;
    }

    static double[] reference(double[] w, double[] g, double lr) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray weights = m.create(w);
            return weights.sub(m.create(g).mul(lr)).toDoubleArray();
        }
    }
}
