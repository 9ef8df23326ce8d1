package course.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    @Test
    void adamWFirstStepMatchesTheHandComputedValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, -2f});
            NDArray g = m.create(new float[] {0.5f, 0f});
            new AdamW(AdamW.Settings.pytorch()).update("layer.weight", weight("weight", w), g, 0.1);
            // m̂ = g, v̂ = g², so the Adam step is g/|g| = 1 where g ≠ 0 and 0 where g = 0;
            // decoupled decay first scales w by (1 − 0.1·0.01).
            float[] got = w.toFloatArray();
            assertEquals(1 * 0.999 - 0.1, got[0], 1e-6);
            assertEquals(-2 * 0.999, got[1], 1e-6);
        }
    }

    @Test
    void adamWStateRoundTripsThroughACheckpointStream() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AdamW a = AdamW.withWeightDecay(0);
            NDArray w1 = m.create(new float[] {1f, 2f});
            a.update("w", weight("w", w1), m.create(new float[] {0.3f, -0.1f}), 0.01);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.saveState(new DataOutputStream(bytes));
            AdamW b = AdamW.withWeightDecay(0);
            b.loadState(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            NDArray wa = w1.duplicate();
            NDArray wb = w1.duplicate();
            a.update("w", weight("w", wa), m.create(new float[] {0.2f, 0.4f}), 0.01);
            b.update("w", weight("w", wb), m.create(new float[] {0.2f, 0.4f}), 0.01);
            assertEquals(wa, wb);
        }
    }

    @Test
    void sgdStepsAgainstTheGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f});
            new Sgd().update("w", weight("w", w), m.create(new float[] {2f}), 0.25);
            assertEquals(0.5f, w.getFloat(0), 1e-7);
        }
    }

    @Test
    void stepSeedsDifferPerStepAndRepeatPerSeed() {
        assertEquals(Seeds.forStep(1, 5), Seeds.forStep(1, 5));
        assertTrue(Seeds.forStep(1, 5) != Seeds.forStep(1, 6));
        assertTrue(Seeds.forStep(1, 5) != Seeds.forStep(2, 5));
    }

    /** A WEIGHT parameter holding {@code array}, as the update rules receive it from the training loop. */
    static Parameter weight(String name, NDArray array) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(array).build();
    }
}
