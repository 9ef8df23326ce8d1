package course.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class LabelSmoothingTest {

    /** −Σ_v q_v log softmax(row)_v, written out with the soft target as numbers. */
    private static double crossEntropyByHand(float[] row, double[] q) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : row) max = Math.max(max, x);
        double sum = 0;
        for (float x : row) sum += Math.exp(x - max);
        double logZ = max + Math.log(sum);
        double h = 0;
        for (int v = 0; v < row.length; v++) {
            if (q[v] > 0) h -= q[v] * (row[v] - logZ);
        }
        return h;
    }

    @Test
    void equalsTheSoftTargetCrossEntropyWrittenOut() {
        float[] logits = {2, -1, 0.5f, 3, 0, 1, -2, 0.25f, 4, -3};                 // two rows, V = 5
        int[] targets = {3, 1};
        for (LabelSmoothing smoothing : new LabelSmoothing[] {LabelSmoothing.of(0.1f), new LabelSmoothing(0.1f, 0), LabelSmoothing.of(0f)}) {
            double expected = 0;
            for (int r = 0; r < 2; r++) {
                float[] row = java.util.Arrays.copyOfRange(logits, 5 * r, 5 * r + 5);
                expected += crossEntropyByHand(row, smoothing.softTarget(targets[r], 5)) / 2;
            }
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray mask = m.create(new boolean[] {true, true}, new Shape(1, 2));
                NDArray loss = smoothing.crossEntropy(m.create(logits, new Shape(1, 2, 5)), m.create(targets, new Shape(1, 2)), mask);
                assertEquals(expected, loss.getFloat(), 1e-5, smoothing.toString());
            }
        }
    }

    @Test
    void matchesPyTorchsDefinitionWhenNothingIsExcluded() {
        // PyTorch: (1 − ε) · NLL + ε · mean_v(−log p_v). For uniform logits every term is log V.
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.zeros(new Shape(3, 7));
            NDArray mask = m.create(new boolean[] {true, true, true});
            assertEquals(Math.log(7), LabelSmoothing.of(0.1f).crossEntropy(logits, m.create(new int[] {0, 3, 6}), mask).getFloat(), 1e-5);
        }
    }

    @Test
    void softTargetsSumToOneAndGivePaddingNothing() {
        double[] q = new LabelSmoothing(0.1f, 0).softTarget(2, 5);
        assertArrayEquals(new double[] {0, 0.025, 0.925, 0.025, 0.025}, q, 1e-7);
        double[] all = LabelSmoothing.of(0.1f).softTarget(2, 5);
        assertEquals(1.0, java.util.Arrays.stream(all).sum(), 1e-12);
        assertEquals(0.92, all[2], 1e-7);
    }

    @Test
    void klDivergenceIsZeroAtTheSoftTargetAndCrossEntropyIsTheEntropyThere() {
        LabelSmoothing smoothing = new LabelSmoothing(0.1f, 0);
        double[] q = smoothing.softTarget(3, 6);
        float[] logits = new float[6];
        for (int v = 0; v < 6; v++) logits[v] = q[v] == 0 ? -30f : (float) Math.log(q[v]);   // softmax(logits) ≈ q
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray l = m.create(logits, new Shape(1, 6));
            NDArray t = m.create(new int[] {3});
            NDArray mask = m.create(new boolean[] {true});
            assertEquals(0.0, smoothing.klDivergence(l, t, mask).getFloat(), 1e-5);
            assertEquals(smoothing.entropy(6), smoothing.crossEntropy(l, t, mask).getFloat(), 1e-5);
        }
    }

    @Test
    void staysFiniteForExtremeLogitsAndIgnoresPaddedPositions() {
        LabelSmoothing smoothing = new LabelSmoothing(0.1f, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            // the padding class's logit at −1e30: its probability is exactly 0, which a q·log q form turns into NaN
            NDArray logits = m.create(new float[] {-1e30f, 50, -50, 0, -1e30f, 1, 2, 3, 9e3f, -9e3f, 7, 7}, new Shape(1, 3, 4));
            NDArray targets = m.create(new int[] {1, 3, 0}, new Shape(1, 3));
            NDArray mask = m.create(new boolean[] {true, true, false}, new Shape(1, 3));
            float kl = smoothing.klDivergence(logits, targets, mask).getFloat();
            assertTrue(Float.isFinite(kl) && kl >= -1e-5, "KL = " + kl);
            // the third position is padding: changing its logits changes nothing
            NDArray other = m.create(new float[] {-1e30f, 50, -50, 0, -1e30f, 1, 2, 3, 0, 0, 0, 0}, new Shape(1, 3, 4));
            assertEquals(kl, smoothing.klDivergence(other, targets, mask).getFloat(), 0f);
            NDArray none = m.create(new boolean[] {false, false, false}, new Shape(1, 3));
            assertEquals(0f, smoothing.klDivergence(logits, targets, none).getFloat(), 0f);
        }
    }

    @Test
    void gradientIsSoftmaxMinusTheSoftTarget() {
        LabelSmoothing smoothing = LabelSmoothing.of(0.2f);
        float[] row = {0.3f, -1, 2, 0.5f};
        double[] q = smoothing.softTarget(1, 4);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(row, new Shape(1, 4));
            logits.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(smoothing.crossEntropy(logits, m.create(new int[] {1}), m.create(new boolean[] {true})));
            }
            float[] grad = logits.getGradient().toFloatArray();
            float[] p = logits.softmax(-1).toFloatArray();
            for (int v = 0; v < 4; v++) assertEquals(p[v] - q[v], grad[v], 1e-6, "class " + v);
        }
    }

    @Test
    void badSettingsAndShapesAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LabelSmoothing.of(1f)).getMessage().contains("[0, 1)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LabelSmoothing(0.1f, 0).softTarget(0, 5))
                .getMessage().contains("excluded"));
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelSmoothing.of(0.1f)
                    .crossEntropy(m.zeros(new Shape(2, 5)), m.create(new int[] {0, 1, 2}), m.create(new boolean[] {true, true, true})));
            assertTrue(e.getMessage().contains("same leading dimensions"), e.getMessage());
        }
    }
}
