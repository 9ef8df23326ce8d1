package course.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MasksTest {

    @Test
    void causalIsTheLowerTriangleWithTheDiagonal() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray mask = Masks.causal(m, 3);
            assertEquals(new Shape(3, 3), mask.getShape());
            assertEquals(DataType.BOOLEAN, mask.getDataType());
            assertArrayEquals(new boolean[] {
                true, false, false,
                true, true, false,
                true, true, true}, mask.toBooleanArray());
        }
    }

    @Test
    void causalForTheLastQueriesIsTheBottomRowsOfTheFullMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray mask = Masks.causal(m, 2, 4);   // queries at positions 2 and 3 of 4 (2 cached + 2 new)
            assertEquals(new Shape(2, 4), mask.getShape());
            assertArrayEquals(new boolean[] {
                true, true, true, false,
                true, true, true, true}, mask.toBooleanArray());
            assertArrayEquals(Masks.causal(m, 5).toBooleanArray(), Masks.causal(m, 5, 5).toBooleanArray());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Masks.causal(m, 3, 2));
            assertTrue(e.getMessage().contains("queries=3, keys=2"), e.getMessage());
        }
    }

    @Test
    void paddingMarksRealTokensPerRow() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray mask = Masks.padding(m, new int[] {2, 4, 0}, 4);
            assertEquals(new Shape(3, 4), mask.getShape());
            assertArrayEquals(new boolean[] {
                true, true, false, false,
                true, true, true, true,
                false, false, false, false}, mask.toBooleanArray());
        }
    }

    @Test
    void forAttentionCombinesIntoABroadcastableMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray causal = Masks.causal(m, 3);
            NDArray padding = Masks.padding(m, new int[] {2, 3}, 3);
            assertEquals(new Shape(1, 1, 3, 3), Masks.forAttention(causal, null).getShape());
            assertEquals(new Shape(2, 1, 1, 3), Masks.forAttention(null, padding).getShape());
            NDArray both = Masks.forAttention(causal, padding);
            assertEquals(new Shape(2, 1, 3, 3), both.getShape());
            assertArrayEquals(new boolean[] {
                true, false, false, true, true, false, true, true, false,     // row 0: key 2 is padding
                true, false, false, true, true, false, true, true, true}, both.toBooleanArray());
            assertNull(Masks.forAttention(null, null));
        }
    }

    @Test
    void badValuesAreNamed() {
        try (NDManager m = NDManager.newBaseManager()) {
            var e = assertThrows(IllegalArgumentException.class, () -> Masks.padding(m, new int[] {3, 5}, 4));
            assertTrue(e.getMessage().contains("lengths[1] = 5"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Masks.causal(m, 0));
            assertTrue(e.getMessage().contains("got 0"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Masks.forAttention(m.ones(new Shape(2, 2)), null));
            assertTrue(e.getMessage().contains("must be boolean"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Masks.forAttention(Masks.causal(m, 3), Masks.padding(m, new int[] {1}, 4)));
            assertTrue(e.getMessage().contains("Tk = 3"), e.getMessage());
        }
    }
}
