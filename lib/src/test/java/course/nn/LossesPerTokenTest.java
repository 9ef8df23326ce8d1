package course.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LossesPerTokenTest {

    @Test
    void perTokenLossesAverageToTheMeanAndMaskOutPadding() {
        try (NDManager m = NDManager.newBaseManager()) {
            // Two sequences of two positions over a vocabulary of 2; logits (0, ln 3) give p = (1/4, 3/4).
            float l3 = (float) Math.log(3);
            NDArray logits = m.create(new float[] {0, l3, 0, l3, 0, l3, 0, l3}, new Shape(2, 2, 2));
            NDArray targets = m.create(new int[] {1, 0, 1, 1}, new Shape(2, 2));
            float a = (float) -Math.log(0.75);
            float b = (float) -Math.log(0.25);
            NDArray perToken = Losses.crossEntropyPerToken(logits, targets);
            assertArrayEquals(new float[] {a, b, a, a}, perToken.toFloatArray(), 1e-6f);
            assertEquals((a + b + a + a) / 4, Losses.crossEntropy(logits, targets).getFloat(), 1e-6);
            // The second sequence's last position is padding: the masked mean ignores it.
            NDArray mask = m.create(new float[] {1, 1, 1, 0}, new Shape(2, 2));
            assertEquals((a + b + a) / 3, perToken.mul(mask).sum().div(mask.sum()).getFloat(), 1e-6);
        }
    }
}
