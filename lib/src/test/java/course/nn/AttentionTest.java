package course.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import course.train.Seeds;
import org.junit.jupiter.api.Test;

class AttentionTest {

    @Test
    void twoByTwoByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // One batch, one head, two queries and two keys of size D = 2.
            NDArray q = m.create(new float[] {1, 0, 0, 2}, new Shape(1, 1, 2, 2));
            NDArray k = m.create(new float[] {1, 0, 1, 1}, new Shape(1, 1, 2, 2));
            NDArray v = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            Attention.Result r = Attention.scaledDotProduct(q, k, v, null);
            // Scores q·k / √2: query 0 → [1, 1]/√2, query 1 → [0, 2]/√2.
            double s = Math.sqrt(2);
            double[] w0 = softmax(1 / s, 1 / s);
            double[] w1 = softmax(0, 2 / s);
            float[] expectedWeights = {(float) w0[0], (float) w0[1], (float) w1[0], (float) w1[1]};
            float[] expectedOutput = {
                (float) (w0[0] * 1 + w0[1] * 3), (float) (w0[0] * 2 + w0[1] * 4),
                (float) (w1[0] * 1 + w1[1] * 3), (float) (w1[0] * 2 + w1[1] * 4)};
            assertArrayEquals(expectedWeights, r.weights().toFloatArray(), 1e-6f);
            assertArrayEquals(expectedOutput, r.output().toFloatArray(), 1e-5f);

            // With a causal mask query 0 sees only key 0: its weights become [1, 0] exactly.
            Attention.Result masked = Attention.scaledDotProduct(q, k, v, Masks.causal(m, 2));
            float[] w = masked.weights().toFloatArray();
            assertEquals(1f, w[0]);
            assertEquals(0f, w[1]);
            assertArrayEquals(new float[] {1, 2}, java.util.Arrays.copyOf(masked.output().toFloatArray(), 2), 0f);
        }
    }

    private static double[] softmax(double a, double b) {
        double ea = Math.exp(a);
        double eb = Math.exp(b);
        return new double[] {ea / (ea + eb), eb / (ea + eb)};
    }

    @Test
    void weightsSumToOneAndMaskedKeysGetExactlyZero() {
        Seeds.seedAll(3);
        try (NDManager m = NDManager.newBaseManager()) {
            int b = 2, h = 3, t = 5, d = 4;
            NDArray q = m.randomNormal(new Shape(b, h, t, d)).mul(3);   // large scores: a stiff softmax
            NDArray k = m.randomNormal(new Shape(b, h, t, d));
            NDArray v = m.randomNormal(new Shape(b, h, t, d));
            NDArray mask = Masks.forAttention(Masks.causal(m, t), Masks.padding(m, new int[] {5, 3}, t));
            NDArray weights = Attention.scaledDotProduct(q, k, v, mask).weights();
            assertEquals(new Shape(b, h, t, t), weights.getShape());
            float[] sums = weights.sum(new int[] {-1}).toFloatArray();
            for (float sum : sums) {
                assertEquals(1f, sum, 1e-6f);
            }
            boolean[] allowed = mask.broadcast(weights.getShape()).toBooleanArray();
            float[] w = weights.toFloatArray();
            for (int i = 0; i < w.length; i++) {
                if (!allowed[i]) {
                    assertEquals(0f, w[i], "masked weight at flat index " + i);
                }
            }
        }
    }

    @Test
    void crossAttentionWithKeyPaddingHasShapeTqByTk() {
        Seeds.seedAll(4);
        try (NDManager m = NDManager.newBaseManager()) {
            int b = 2, h = 2, tq = 3, tk = 6, d = 4;
            NDArray q = m.randomNormal(new Shape(b, h, tq, d));
            NDArray k = m.randomNormal(new Shape(b, h, tk, d));
            NDArray v = m.randomNormal(new Shape(b, h, tk, 5));                       // Dv may differ from D
            NDArray mask = Masks.forAttention(null, Masks.padding(m, new int[] {6, 2}, tk));   // (B, 1, 1, Tk)
            Attention.Result r = Attention.scaledDotProduct(q, k, v, mask);
            assertEquals(new Shape(b, h, tq, tk), r.weights().getShape());
            assertEquals(new Shape(b, h, tq, 5), r.output().getShape());
            // Row 1 has two real keys: keys 2..5 get nothing, and the output only mixes values 0 and 1.
            NDArray row1 = r.weights().get(1);                                         // (H, Tq, Tk)
            assertEquals(0f, row1.get(":, :, 2:").abs().sum().getFloat());
            assertArrayEquals(new float[h * tq], row1.get(":, :, :2").sum(new int[] {-1}).sub(1).toFloatArray(), 1e-6f);
            NDArray expected = r.weights().get("1, :, :, :2").matMul(v.get("1, :, :2, :"));
            assertArrayEquals(expected.toFloatArray(), r.output().get(1).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void aQueryWithNoVisibleKeyGetsZerosNotNaN() {
        Seeds.seedAll(5);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.randomNormal(new Shape(2, 1, 3, 4));
            NDArray k = m.randomNormal(new Shape(2, 1, 3, 4));
            NDArray v = m.randomNormal(new Shape(2, 1, 3, 4));
            // Sequence 1 is all padding (length 0): none of its queries can see a key.
            NDArray mask = Masks.forAttention(null, Masks.padding(m, new int[] {3, 0}, 3));
            Attention.Result r = Attention.scaledDotProduct(q, k, v, mask);
            assertEquals(0, r.output().isNaN().sum().getLong());
            assertEquals(0, r.weights().isNaN().sum().getLong());
            assertEquals(0f, r.weights().get(1).abs().sum().getFloat());
            assertEquals(0f, r.output().get(1).abs().sum().getFloat());
            // Sequence 0 is unaffected.
            Attention.Result alone = Attention.scaledDotProduct(q.get("0:1"), k.get("0:1"), v.get("0:1"), null);
            assertArrayEquals(alone.output().toFloatArray(), r.output().get("0:1").toFloatArray(), 1e-6f);
        }
    }

    @Test
    void gradientsFlowAndStayFiniteThroughFullyMaskedRows() {
        Seeds.seedAll(6);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.randomNormal(new Shape(2, 1, 3, 4));
            q.setRequiresGradient(true);
            NDArray k = m.randomNormal(new Shape(2, 1, 3, 4));
            NDArray v = m.randomNormal(new Shape(2, 1, 3, 4));
            NDArray mask = Masks.forAttention(Masks.causal(m, 3), Masks.padding(m, new int[] {3, 0}, 3));
            try (var tape = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                tape.backward(Attention.scaledDotProduct(q, k, v, mask).output().sum());
            }
            NDArray g = q.getGradient();
            assertEquals(0, g.isNaN().sum().getLong());
            assertTrue(g.get(0).abs().sum().getFloat() > 0);
            assertEquals(0f, g.get(1).abs().sum().getFloat());
        }
    }

    /**
     * Regression test for a DJL trap: {@code x.mul(number)} keeps the number in a Java buffer that may be freed
     * before the backward pass reads it. Garbage-collect and churn native memory between forward and backward: the
     * gradient must not change.
     */
    @Test
    void gradientsSurviveGarbageCollectionBetweenForwardAndBackward() throws Exception {
        Seeds.seedAll(7);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q0 = m.randomNormal(new Shape(1, 2, 4, 8));
            NDArray k = m.randomNormal(new Shape(1, 2, 4, 8));
            float[] calm = gradientOfQ(m, q0, k, false);
            for (int trial = 0; trial < 5; trial++) {
                assertArrayEquals(calm, gradientOfQ(m, q0, k, true), 0f, "trial " + trial);
            }
        }
    }

    private static float[] gradientOfQ(NDManager m, NDArray q0, NDArray k, boolean churn) throws InterruptedException {
        try (NDManager step = m.newSubManager()) {
            NDArray q = q0.duplicate();
            q.attach(step);
            q.setRequiresGradient(true);
            try (var tape = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray loss = Attention.scaledDotProduct(q, k, k, Masks.causal(step, 4)).output().square().sum();
                if (churn) {
                    System.gc();
                    Thread.sleep(5);
                    for (int i = 0; i < 1000; i++) {
                        try (NDArray junk = step.create(new float[] {Float.NaN, 1e30f})) {
                            junk.getFloat(0);
                        }
                    }
                }
                tape.backward(loss);
            }
            return q.getGradient().toFloatArray();
        }
    }

    @Test
    void intermediatesStayInTheQueriesManager() {
        try (NDManager outer = NDManager.newBaseManager()) {
            NDArray mask = Masks.causal(outer, 4);                 // a long-lived mask, e.g. built once per notebook
            int before = outer.getManagedArrays().size();
            try (NDManager step = outer.newSubManager()) {
                NDArray q = step.ones(new Shape(1, 1, 4, 2));
                Attention.scaledDotProduct(q, q, q, mask);
            }
            assertEquals(before, outer.getManagedArrays().size());
            assertEquals(DataType.BOOLEAN, mask.getDataType());   // and the mask itself survived the step
            assertEquals(16, mask.toBooleanArray().length);
        }
    }

    @Test
    void mismatchedShapesAreNamed() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.ones(new Shape(1, 1, 2, 4));
            NDArray k = m.ones(new Shape(1, 1, 3, 5));
            var e = assertThrows(IllegalArgumentException.class, () -> Attention.scaledDotProduct(q, k, k, null));
            assertTrue(e.getMessage().contains("(1, 1, 3, 5)"), e.getMessage());
            NDArray k2 = m.ones(new Shape(1, 1, 3, 4));
            e = assertThrows(IllegalArgumentException.class, () -> Attention.scaledDotProduct(q, k2, k2, Masks.causal(m, 3)));
            assertTrue(e.getMessage().contains("mask (3, 3) does not broadcast") && e.getMessage().contains("(1, 1, 2, 3)"), e.getMessage());
        }
    }
}
