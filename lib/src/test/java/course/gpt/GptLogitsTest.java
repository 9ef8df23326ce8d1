package course.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.decode.Generator;
import course.decode.Sampler;
import course.train.Seeds;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GptLogitsTest {

    private static final GptConfig CONFIG = new GptConfig(13, 8, 1, 2, 16, 0f, false);

    @Test
    void lastPositionsLogitsOfOneForwardPassAndNothingLeftBehind() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Seeds.seedAll(3);
            Gpt gpt = new Gpt(CONFIG);
            gpt.initialize(manager, DataType.FLOAT32, new Shape(1, CONFIG.blockSize()));
            ParameterStore parameters = new ParameterStore(manager, false);
            int[] context = {4, 1, 12, 0, 7};
            float[] expected;
            try (NDManager m = manager.newSubManager()) {
                expected = gpt.logits(parameters, m.create(context, new Shape(1, 5)), false).get(0, 4).toFloatArray();
            }
            try (NDManager scope = manager.newSubManager()) {
                GptLogits model = new GptLogits(gpt, parameters, scope);
                float[] logits = model.nextLogits(context);
                assertEquals(13, logits.length);
                assertArrayEquals(expected, logits, 1e-6f);
                assertEquals(0, scope.getManagedArrays().size(), "the forward pass's arrays are freed with its sub-manager");

                // Through the generator: the context grows past the block and is cropped; the same seed, the same text.
                int[] a = Generator.generate(new int[] {1}, 12, CONFIG.blockSize(), Sampler.topK(5, 1.0), new Random(9), model);
                int[] b = Generator.generate(new int[] {1}, 12, CONFIG.blockSize(), Sampler.topK(5, 1.0), new Random(9), model);
                assertArrayEquals(a, b);
                assertEquals(13, a.length);
                assertEquals(0, scope.getManagedArrays().size());

                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.nextLogits(new int[9]));
                assertTrue(e.getMessage().contains("longer than the block size 8"), e.getMessage());
            }
        }
    }
}
