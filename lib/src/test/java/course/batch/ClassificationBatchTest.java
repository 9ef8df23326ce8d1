package course.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationBatchTest {

    private static final int PAD = 9;

    /** Three texts for T = 4: shorter (padded), of one token, and longer (truncated). */
    private static ClassificationBatch handMade(NDManager m) {
        return ClassificationBatch.of(m, List.of(
                new ClassificationBatch.Example(new int[] {5, 6, 7}, 2),
                new ClassificationBatch.Example(new int[] {8}, 0),
                new ClassificationBatch.Example(new int[] {1, 2, 3, 4, 5, 6}, 1)), 4, PAD);
    }

    @Test
    void padsAfterTheTextAndTruncatesLongTexts() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClassificationBatch b = handMade(m);
            assertEquals(new Shape(3, 4), b.tokens().getShape());
            assertEquals(DataType.INT32, b.tokens().getDataType());
            assertArrayEquals(new int[] {5, 6, 7, PAD, 8, PAD, PAD, PAD, 1, 2, 3, 4}, b.tokens().toIntArray());
            assertArrayEquals(new int[] {3, 1, 4}, b.lengths().toIntArray());
            assertEquals(DataType.INT32, b.lengths().getDataType());
            assertArrayEquals(new int[] {2, 0, 1}, b.labels().toIntArray());
            assertEquals(new Shape(3), b.labels().getShape());
            assertEquals(3, b.batchSize());
            assertEquals(4, b.length());
        }
    }

    @Test
    void masksMarkRealPositionsAndLmTargetsInsideTheText() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClassificationBatch b = handMade(m);
            assertEquals(DataType.BOOLEAN, b.mask().getDataType());
            assertEquals(new Shape(3, 4), b.mask().getShape());
            assertArrayEquals(new boolean[] {true, true, true, false, true, false, false, false, true, true, true, true},
                    b.mask().toBooleanArray());
            assertEquals(new Shape(3, 3), b.lmMask().getShape());
            // row 0: positions 0, 1 predict 6, 7 (inside); position 2 would predict the pad. Row 1: nothing to predict.
            assertArrayEquals(new boolean[] {true, true, false, false, false, false, true, true, true}, b.lmMask().toBooleanArray());
        }
    }

    @Test
    void theSelectorPicksEachRowsLastRealToken() {
        try (NDManager m = NDManager.newBaseManager()) {
            ClassificationBatch b = handMade(m);
            assertEquals(new Shape(3, 4, 1), b.lastToken().getShape());
            assertEquals(DataType.FLOAT32, b.lastToken().getDataType());
            assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1}, b.lastToken().toFloatArray());
            // "hidden states" (B, T, 2): the token id and ten times it; the selection is the last real token's pair
            NDArray ids = b.tokens().toType(DataType.FLOAT32, false).expandDims(2);
            NDArray hidden = ids.concat(ids.mul(m.full(new Shape(), 10f)), 2);
            NDArray state = hidden.mul(b.lastToken()).sum(new int[] {1});
            assertEquals(new Shape(3, 2), state.getShape());
            assertArrayEquals(new float[] {7, 70, 8, 80, 4, 40}, state.toFloatArray());
        }
    }

    @Test
    void refusesWhatCannotBeClassified() {
        assertThrows(IllegalArgumentException.class, () -> new ClassificationBatch.Example(new int[0], 1));
        assertThrows(IllegalArgumentException.class, () -> new ClassificationBatch.Example(new int[] {1}, -1));
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> ClassificationBatch.of(m, List.of(), 4, PAD));
            assertThrows(IllegalArgumentException.class,
                    () -> ClassificationBatch.of(m, List.of(new ClassificationBatch.Example(new int[] {1}, 0)), 1, PAD));
        }
    }
}
