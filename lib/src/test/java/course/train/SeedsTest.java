package course.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void componentSeedsRepeatPerNameAndDifferBetweenNamesAndRuns() {
        assertEquals(Seeds.of(1337, "char-gpt/init"), Seeds.of(1337, "char-gpt/init"));
        assertNotEquals(Seeds.of(1337, "char-gpt/init"), Seeds.of(1337, "bpe-gpt/init"));
        assertNotEquals(Seeds.of(1337, "char-gpt/init"), Seeds.of(1338, "char-gpt/init"));
    }

    @Test
    void theEngineSeedFoldsBothHalves() {
        assertEquals(1337, Seeds.engineSeed(1337));
        assertNotEquals(Seeds.engineSeed(5), Seeds.engineSeed(5 + (1L << 32)), "seeds differing in the high half stay apart");
    }

    @Test
    void initializeGivesTheSameWeightsWhateverRanBefore() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] first = weights(m, 7);
            m.randomNormal(new Shape(1000));            // another cell draws from the engine in between
            Seeds.seedAll(99);
            assertArrayEquals(first, weights(m, 7), 0f);
            assertNotEquals(first[0], weights(m, 8)[0]);
        }
    }

    private static float[] weights(NDManager m, long seed) {
        Block layer = Linear.builder().setUnits(4).build();
        Seeds.initialize(layer, m, seed, new Shape(1, 3));
        return layer.getParameters().get(0).getValue().getArray().toFloatArray();
    }
}
