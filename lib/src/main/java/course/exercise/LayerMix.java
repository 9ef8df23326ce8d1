package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.elmo.ScalarMix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Notebook 02, exercise {@code 02-mix}: ELMo's scalar mix of one token's layer vectors (Peters et al. 2018, eq. 1),
 * γ Σ_j softmax(w)_j h_j, checked against a {@link ScalarMix} whose weights and γ are set to the same numbers. The
 * usual slips — the raw weights, no γ, the raw weights divided by their sum, the plain mean — are recognised and
 * named.
 */
public final class LayerMix {

    public static final String ID = "02-mix";
    static final String FIRST_HINT = "turn the raw weights into shares s_j = e^{w_j} / Σ_k e^{w_k} (a softmax: positive, summing to 1),"
            + " then out[c] = γ · Σ_j s_j · layers[j][c]";

    /** What the learner writes: {@code layers} (L + 1 layers × C), {@code w} (L + 1) and γ → the mixed vector (C). */
    @FunctionalInterface
    public interface Mix {
        double[] mix(double[][] layers, double[] w, double gamma);
    }

    /** One mix to compute: the layers' vectors, their raw weights and γ, every number exact in float. */
    private record Case(double[][] layers, double[] w, double gamma) {}

    private static final Case[] CASES = {
        new Case(new double[][] {{0.5, -1.0, 2.0, 0.25, -0.75}, {1.5, 0.5, -2.5, 1.0, 0.0}, {-1.25, 2.0, 0.75, -0.5, 3.0}},
                new double[] {0.5, -1.25, 1.0}, 0.75),
        new Case(new double[][] {{1, 2, 3}, {-2, 0.5, 1}, {0.25, -1, 4}, {3, 3, -3}}, new double[] {2, 0, -1, 0.5}, 1.5),
    };

    private LayerMix() {}

    public static Result check(Mix learner) {
        return Exercise.check(ID, FIRST_HINT, "your mix matches course.elmo.ScalarMix: softmax(w) shares summing to 1, scaled by γ",
                () -> problem(learner));
    }

    private static String problem(Mix learner) {
        for (Case c : CASES) {
            int width = c.layers[0].length;
            double[] mine = Exercise.answer(learner.mix(Exercise.copy(c.layers), c.w.clone(), c.gamma));
            if (mine.length != width) {
                return "you returned " + mine.length + " numbers; the mix of " + c.layers.length + " layers of C = " + width
                        + " is one vector of C: the layers are combined entry by entry, out[c] = γ Σ_j s_j layers[j][c]";
            }
            double[] expected = reference(c);
            int k = firstDifference(mine, expected);
            if (k < 0) {
                continue;
            }
            String said = "out[" + k + "] is " + num(mine[k]) + "; ScalarMix gives " + num(expected[k]) + " (w = " + Arrays.toString(c.w)
                    + ", γ = " + c.gamma + ")";
            double[] softmax = softmax(c.w);
            double[] raw = c.w.clone();
            double rawSum = Arrays.stream(c.w).sum();
            double[] byRawSum = Arrays.stream(c.w).map(w -> w / rawSum).toArray();
            double[] mean = new double[c.w.length];
            Arrays.fill(mean, 1.0 / c.w.length);
            if (matches(mine, c, raw, c.gamma) || matches(mine, c, raw, 1)) {
                return said + " — you weighted the layers by the raw w: softmax them first, s_j = e^{w_j} / Σ_k e^{w_k},"
                        + " so the shares are positive and add up to 1 whatever w the training reaches";
            }
            if (matches(mine, c, softmax, 1)) {
                return said + " — the shares are right but γ is missing: multiply the weighted sum by γ, the task's scale for the whole vector";
            }
            if (matches(mine, c, byRawSum, c.gamma) || matches(mine, c, byRawSum, 1)) {
                return said + " — you divided the raw weights by their sum; they can be negative (the sum here is " + num(rawSum)
                        + "), so exponentiate first: s_j = e^{w_j} / Σ_k e^{w_k}";
            }
            if (matches(mine, c, mean, c.gamma) || matches(mine, c, mean, 1)) {
                return said + " — that is the plain mean of the layers, where the mix only starts (w = 0); weight layer j by"
                        + " softmax(w)_j, so the task can prefer some layers";
            }
            return said + " — " + FIRST_HINT;
        }
        return null;
    }

    /** Whether the learner's answer is scale · Σ_j shares[j] · layers[j]. */
    private static boolean matches(double[] mine, Case c, double[] shares, double scale) {
        double[] out = new double[mine.length];
        for (int j = 0; j < shares.length; j++) {
            for (int k = 0; k < out.length; k++) {
                out[k] += scale * shares[j] * c.layers[j][k];
            }
        }
        return firstDifference(mine, out) < 0;
    }

    /** γ Σ_j softmax(w)_j h_j from a {@link ScalarMix} of L + 1 layers whose parameters are set to w and γ. */
    private static double[] reference(Case c) {
        int layers = c.layers.length;
        int width = c.layers[0].length;
        try (NDManager m = NDManager.newBaseManager()) {
            ScalarMix mix = new ScalarMix(layers);
            mix.initialize(m, DataType.FLOAT32, new Shape(1, width));
            mix.getParameters().get("layerWeights").getArray().set(floats(c.w));
            mix.getParameters().get("gamma").getArray().set(new float[] {(float) c.gamma});
            List<NDArray> vectors = new ArrayList<>();
            for (double[] layer : c.layers) {
                vectors.add(m.create(floats(layer), new Shape(1, width)));
            }
            float[] out = mix.forward(new ParameterStore(m, false), vectors, false).toFloatArray();
            double[] d = new double[width];
            for (int k = 0; k < width; k++) {
                d[k] = out[k];
            }
            return d;
        }
    }

    private static double[] softmax(double[] w) {
        double max = Arrays.stream(w).max().orElse(0);
        double[] e = Arrays.stream(w).map(x -> Math.exp(x - max)).toArray();
        double sum = Arrays.stream(e).sum();
        return Arrays.stream(e).map(x -> x / sum).toArray();
    }

    private static int firstDifference(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!close(a[i], b[i], 1e-5)) {
                return i;
            }
        }
        return -1;
    }

    private static float[] floats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

}
