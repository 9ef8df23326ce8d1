package course.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.train.Seeds;
import org.junit.jupiter.api.Test;

class LayerNormAndFeedForwardTest {

    @Test
    void layerNormNormalisesTheLastAxisOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerNorm norm = new LayerNorm(4, false);
            norm.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            assertEquals(1, norm.getParameters().size(), "no β without bias");
            NDArray x = m.create(new float[] {1, 2, 3, 4, 10, 10, 10, 50}, new Shape(2, 4));
            float[] y = norm.forward(new ParameterStore(m, false), x, false).toFloatArray();
            float[] in = x.toFloatArray();
            for (int row = 0; row < 2; row++) {
                double mean = 0;
                double var = 0;
                for (int i = 0; i < 4; i++) {
                    mean += in[row * 4 + i] / 4.0;
                }
                for (int i = 0; i < 4; i++) {
                    var += Math.pow(in[row * 4 + i] - mean, 2) / 4.0;   // biased variance, as LayerNorm uses
                }
                for (int i = 0; i < 4; i++) {
                    assertEquals((in[row * 4 + i] - mean) / Math.sqrt(var + 1e-5), y[row * 4 + i], 1e-5);
                }
            }
            assertEquals(2, new LayerNorm(4, true).getParameters().size());
            var e = assertThrows(IllegalArgumentException.class, () -> norm.forward(new ParameterStore(m, false), m.ones(new Shape(2, 5)), false));
            assertTrue(e.getMessage().contains("(2, 5)"), e.getMessage());
        }
    }

    @Test
    void feedForwardIsTwoLayersWithTheChosenActivation() {
        Seeds.seedAll(21);
        try (NDManager m = NDManager.newBaseManager()) {
            for (FeedForward.Activation activation : FeedForward.Activation.values()) {
                FeedForward ff = new FeedForward(4, 8, true, 0f, 0.02f, activation);
                ff.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4));
                NDArray w1 = ff.getParameters().get("hiddenWeight").getArray();
                NDArray b1 = ff.getParameters().get("hiddenBias").getArray();
                NDArray w2 = ff.getParameters().get("outputWeight").getArray();
                b1.addi(m.randomNormal(b1.getShape()).mul(0.1));
                NDArray x = m.randomNormal(new Shape(1, 3, 4)).mul(10);
                NDArray h = x.matMul(w1.transpose()).add(b1);
                NDArray act = activation == FeedForward.Activation.RELU ? h.maximum(0)
                        : h.mul(h.div(Math.sqrt(2)).erf().add(1)).mul(0.5);          // x·Φ(x) = x·(1 + erf(x/√2))/2
                NDArray expected = act.matMul(w2.transpose());                        // output bias is still 0
                assertArrayEquals(expected.toFloatArray(), ff.forward(new ParameterStore(m, false), x, false).toFloatArray(), 1e-5f,
                        activation.toString());
            }
        }
    }
}
