package course.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BpttStreamsTest {

    @Test
    void theDocumentedExample() {
        int[] tokens = new int[24];   // a..x as 0..23
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = i;
        }
        BpttStreams streams = BpttStreams.of(tokens, 2, 3);
        assertEquals(12, streams.streamLength());
        assertEquals(3, streams.windows());
        try (NDManager m = NDManager.newBaseManager()) {
            LmBatch w0 = streams.window(m, 0);
            assertEquals(new Shape(2, 3), w0.inputs().getShape());
            assertArrayEquals(new int[] {0, 1, 2, 12, 13, 14}, w0.inputs().toIntArray());
            assertArrayEquals(new int[] {1, 2, 3, 13, 14, 15}, w0.targets().toIntArray());
            LmBatch w2 = streams.window(m, 2);
            assertArrayEquals(new int[] {6, 7, 8, 18, 19, 20}, w2.inputs().toIntArray());
            assertArrayEquals(new int[] {7, 8, 9, 19, 20, 21}, w2.targets().toIntArray());
            assertThrows(IndexOutOfBoundsException.class, () -> streams.window(m, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> streams.window(m, -1));
        }
    }

    @Test
    void eachRowContinuesAcrossWindowsSoTheHiddenStateCanCarryOver() {
        Random random = new Random(5);
        int[] tokens = random.ints(1003, 0, 50).toArray();   // random ids: continuity cannot come from arithmetic
        int batch = 4;
        int bptt = 7;
        BpttStreams streams = BpttStreams.of(tokens, batch, bptt);
        int rowLength = 1003 / batch;
        assertEquals((rowLength - 1) / bptt, streams.windows());
        int[][] read = new int[batch][streams.windows() * bptt + 1];   // each row's inputs, window after window
        try (NDManager m = NDManager.newBaseManager()) {
            int[] previousTargets = null;
            for (int i = 0; i < streams.windows(); i++) {
                LmBatch w = streams.window(m, i);
                int[] x = w.inputs().toIntArray();
                int[] y = w.targets().toIntArray();
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(x, b * bptt, read[b], i * bptt, bptt);
                    read[b][(i + 1) * bptt] = y[b * bptt + bptt - 1];
                    for (int t = 0; t + 1 < bptt; t++) {
                        assertEquals(x[b * bptt + t + 1], y[b * bptt + t], "targets are the inputs shifted by one");
                    }
                    if (previousTargets != null) {
                        // the last target of window i - 1 is the token before window i's first input
                        int before = previousTargets[b * bptt + bptt - 1];
                        assertEquals(tokens[b * rowLength + i * bptt], x[b * bptt], "row " + b + " window " + i);
                        assertEquals(before, x[b * bptt], "row " + b + " of window " + i + " starts where window " + (i - 1) + " stopped");
                    }
                }
                previousTargets = y;
            }
        }
        for (int b = 0; b < batch; b++) {
            int[] expected = new int[read[b].length];
            System.arraycopy(tokens, b * rowLength, expected, 0, expected.length);
            assertArrayEquals(expected, read[b], "row " + b + " is one contiguous piece of the stream");
        }
    }

    @Test
    void tooShortAStreamIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BpttStreams.of(new int[10], 4, 2));
        assertEquals(true, e.getMessage().contains("2 tokens per stream"), e.getMessage());
    }
}
