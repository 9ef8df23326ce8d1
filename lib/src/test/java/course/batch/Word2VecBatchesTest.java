package course.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.embed.NoiseTable;
import course.text.Vocabulary;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Word2VecBatchesTest {

    private static final NoiseTable NOISE = NoiseTable.of(
            Vocabulary.build(List.of(List.of("a", "b", "b", "c", "c", "c", "d", "d", "d", "d")), 1), 1000);

    /** The noise words notebook 01 drew before the batch types: one nextInt(size) per id, row by row. */
    private static int[] expectedNoise(long seed, int count) {
        Random random = new Random(seed);
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = NOISE.word(random.nextInt(NOISE.size()));
        }
        return ids;
    }

    @Test
    void skipGramTakesConsecutivePairsAndKNoiseWordsEach() {
        List<int[]> pairs = List.of(new int[] {0, 1}, new int[] {2, 3}, new int[] {1, 0}, new int[] {3, 2}, new int[] {0, 2});
        try (NDManager m = NDManager.newBaseManager()) {
            SkipGramBatch b = SkipGramBatch.of(m, pairs, 1, 3, NOISE, 4, new Random(11));
            assertEquals(3, b.batchSize());
            assertArrayEquals(new int[] {2, 1, 3}, b.centres().toIntArray());
            assertArrayEquals(new int[] {3, 0, 2}, b.contexts().toIntArray());
            assertEquals(new Shape(3, 4), b.negatives().getShape());
            assertArrayEquals(expectedNoise(11, 12), b.negatives().toIntArray());
        }
    }

    @Test
    void cbowFlattensTheWindowsAndDrawsNoiseTheSameWay() {
        List<CbowBatch.Example> examples = List.of(
                new CbowBatch.Example(new int[] {0, 1, 2, 3}, 1),
                new CbowBatch.Example(new int[] {3, 2, 1, 0}, 2),
                new CbowBatch.Example(new int[] {1, 1, 2, 2}, 3));
        try (NDManager m = NDManager.newBaseManager()) {
            CbowBatch b = CbowBatch.of(m, examples, 0, 2, NOISE, 5, new Random(12));
            assertEquals(new Shape(2, 4), b.contexts().getShape());
            assertArrayEquals(new int[] {0, 1, 2, 3, 3, 2, 1, 0}, b.contexts().toIntArray());
            assertArrayEquals(new int[] {1, 2}, b.centres().toIntArray());
            assertArrayEquals(expectedNoise(12, 10), b.negatives().toIntArray());
            List<CbowBatch.Example> mixed = List.of(examples.get(0), new CbowBatch.Example(new int[] {1, 2}, 0));
            assertThrows(IllegalArgumentException.class, () -> CbowBatch.of(m, mixed, 0, 2, NOISE, 5, new Random(12)));
        }
    }
}
