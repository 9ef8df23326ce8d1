package course.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LmWindowsTest {

    /** Token i of the stream is 1000 + 7i: a value says where it came from, and no two positions share one. */
    private static int[] stream(int n) {
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = 1000 + 7 * i;
        }
        return tokens;
    }

    @Test
    void windowsAreContiguousAndTargetsAreTheInputsShiftedByOne() {
        int[] tokens = stream(50);
        try (NDManager m = NDManager.newBaseManager()) {
            LmBatch batch = LmWindows.over(tokens, 4, 6).sample(m, new Random(3));
            assertEquals(new Shape(4, 6), batch.inputs().getShape());
            assertEquals(new Shape(4, 6), batch.targets().getShape());
            assertEquals(DataType.INT32, batch.inputs().getDataType());
            assertEquals(DataType.INT32, batch.targets().getDataType());
            assertEquals(4, batch.batchSize());
            assertEquals(6, batch.length());
            int[] x = batch.inputs().toIntArray();
            int[] y = batch.targets().toIntArray();
            for (int b = 0; b < 4; b++) {
                int start = (x[b * 6] - 1000) / 7;
                for (int t = 0; t < 6; t++) {
                    assertEquals(tokens[start + t], x[b * 6 + t], "row " + b + " position " + t);
                    assertEquals(tokens[start + t + 1], y[b * 6 + t], "target of row " + b + " position " + t);
                }
            }
        }
    }

    @Test
    void drawsOneNextIntPerRowInRowOrderAsNotebook06Did() {
        int[] tokens = stream(40);
        Random expected = new Random(42);
        int[] wantStarts = new int[5];
        for (int b = 0; b < 5; b++) {
            wantStarts[b] = expected.nextInt(40 - 8 - 1);
        }
        Random random = new Random(42);
        try (NDManager m = NDManager.newBaseManager()) {
            int[] x = LmWindows.over(tokens, 5, 8).sample(m, random).inputs().toIntArray();
            for (int b = 0; b < 5; b++) {
                assertEquals(tokens[wantStarts[b]], x[b * 8], "row " + b);
            }
        }
        assertEquals(expected.nextInt(), random.nextInt(), "sample draws exactly batchSize numbers");
        assertArrayEquals(wantStarts, LmWindows.over(tokens, 5, 8).starts(new Random(42)));
    }

    @Test
    void neverReadsPastTheStream() {
        int[] tokens = stream(10);
        LmWindows windows = LmWindows.over(tokens, 50, 8);
        Random random = new Random(1);
        for (int i = 0; i < 20; i++) {
            for (int start : windows.starts(random)) {
                // the target window ends at start + 8 + 1 (exclusive); as in the notebook, the last token is never read
                assertTrue(start >= 0 && start + 8 + 1 <= tokens.length - 1, "start " + start);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> LmWindows.over(stream(9), 2, 8));
    }
}
