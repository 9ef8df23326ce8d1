package course.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LossesTest {

    @Test
    void crossEntropyByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {2, 1, 0, 0, 0, 3}, new Shape(2, 3));
            NDArray targets = m.create(new int[] {0, 1});
            // −log softmax: row 0 target 0 → log(e² + e + 1) − 2; row 1 target 1 → log(2 + e³) − 0.
            double expected = (Math.log(Math.exp(2) + Math.exp(1) + 1) - 2 + Math.log(2 + Math.exp(3))) / 2;
            assertEquals(expected, Losses.crossEntropy(logits, targets).getFloat(), 1e-6);
            // The same numbers as (B, T, V) = (1, 2, 3) against (1, 2).
            assertEquals(expected, Losses.crossEntropy(logits.reshape(1, 2, 3), targets.reshape(1, 2)).getFloat(), 1e-6);
        }
    }

    @Test
    void hugeLogitsDoNotOverflow() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {1000, 0, -1000}, new Shape(1, 3));
            assertEquals(1000.0, Losses.crossEntropy(logits, m.create(new long[] {1})).getFloat(), 1e-3);
            assertEquals(0.0, Losses.crossEntropy(logits, m.create(new long[] {0})).getFloat(), 1e-6);
        }
    }

    @Test
    void uniformLogitsGiveLogV() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.zeros(new Shape(4, 65));
            assertEquals(Math.log(65), Losses.crossEntropy(logits, m.create(new int[] {0, 5, 64, 3})).getFloat(), 1e-5);
        }
    }

    @Test
    void maskedCrossEntropyAveragesOnlyTheScoredPositions() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {2, 1, 0, 0, 0, 3, 5, 5, 5}, new Shape(1, 3, 3));
            NDArray targets = m.create(new int[] {0, 1, 2}, new Shape(1, 3));
            double first = Math.log(Math.exp(2) + Math.exp(1) + 1) - 2;
            double second = Math.log(2 + Math.exp(3));
            NDArray mask = m.create(new boolean[] {true, true, false}, new Shape(1, 3));
            assertEquals((first + second) / 2, Losses.crossEntropy(logits, targets, mask).getFloat(), 1e-6);
            NDArray none = m.create(new boolean[] {false, false, false}, new Shape(1, 3));
            assertEquals(0f, Losses.crossEntropy(logits, targets, none).getFloat(), 0f);
        }
    }

    @Test
    void scaledLossesKeepTheirGradientThroughGarbageCollection() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {2, 1, 0, 0, 0, 3}, new Shape(2, 3));
            logits.setRequiresGradient(true);
            try (var tape = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray loss = Losses.scaled(Losses.crossEntropy(logits, m.create(new int[] {0, 1})), 0.5f);
                System.gc();
                Thread.sleep(5);
                for (int i = 0; i < 1000; i++) {
                    try (NDArray junk = m.create(new float[] {Float.NaN})) {
                        junk.getFloat();
                    }
                }
                tape.backward(loss);
            }
            // d/dlogits of 0.5 · mean CE = 0.5 · (softmax − onehot) / 2; row 0: softmax(2, 1, 0) − (1, 0, 0).
            double z = Math.exp(2) + Math.exp(1) + 1;
            assertEquals(0.25 * (Math.exp(2) / z - 1), logits.getGradient().getFloat(0, 0), 1e-6);
        }
    }

    @Test
    void mismatchedShapesAreNamed() {
        try (NDManager m = NDManager.newBaseManager()) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Losses.crossEntropy(m.zeros(new Shape(2, 3, 5)), m.zeros(new Shape(3, 2)).toType(ai.djl.ndarray.types.DataType.INT32, false)));
            assertTrue(e.getMessage().contains("(2, 3, 5)") && e.getMessage().contains("(3, 2)"), e.getMessage());
        }
    }
}
