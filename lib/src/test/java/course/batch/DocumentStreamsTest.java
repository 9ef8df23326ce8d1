package course.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentStreamsTest {

    // a..o as 1..15; 0 is padding
    private static final List<int[]> DOCS = List.of(new int[] {1, 2, 3, 4, 5}, new int[] {6, 7, 8}, new int[] {9, 10, 11, 12, 13, 14, 15});

    @Test
    void theExampleOfTheClassComment() {
        DocumentStreams s = DocumentStreams.of(DOCS, 2, 3, 0);
        assertEquals(3, s.windows());
        // Longest first: i..o to row 0, a..e to row 1, f g h to row 0 again (both had 2 windows); row 0 reads f g h first.
        DocumentStreams.Window w0 = s.window(0);
        assertArrayEquals(new int[] {6, 7, 0, 1, 2, 3}, w0.inputs());
        assertArrayEquals(new int[] {7, 8, 0, 2, 3, 4}, w0.targets());
        assertArrayEquals(new boolean[] {true, true, false, true, true, true}, w0.scored());
        assertArrayEquals(new float[] {0, 0}, w0.newDocument());
        DocumentStreams.Window w1 = s.window(1);
        assertArrayEquals(new int[] {9, 10, 11, 4, 0, 0}, w1.inputs());
        assertArrayEquals(new int[] {10, 11, 12, 5, 0, 0}, w1.targets());
        assertArrayEquals(new float[] {0, 1}, w1.newDocument());           // row 0 starts i..o: reset its state
        DocumentStreams.Window w2 = s.window(2);
        assertArrayEquals(new int[] {12, 13, 14, 0, 0, 0}, w2.inputs());
        assertArrayEquals(new float[] {1, 0}, w2.newDocument());
        assertEquals(3, w2.scoredCount());
    }

    @Test
    void everyTargetIsScoredExactlyOnceAndNeverCrossesADocument() {
        DocumentStreams s = DocumentStreams.of(DOCS, 2, 2, 0);
        long scored = 0;
        for (int i = 0; i < s.windows(); i++) {
            DocumentStreams.Window w = s.window(i);
            for (int p = 0; p < w.inputs().length; p++) {
                if (w.scored()[p]) {
                    scored++;
                    assertEquals(w.inputs()[p] + 1, w.targets()[p], "a target is the next token of the same document");
                }
            }
        }
        assertEquals(4 + 2 + 6, scored);
        assertEquals(12, s.targetCount());
        assertTrue(s.utilisation() > 0.5 && s.utilisation() <= 1, "utilisation " + s.utilisation());
    }

    @Test
    void nothingToPredictIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> DocumentStreams.of(List.of(new int[] {1}), 2, 3, 0));
        assertTrue(e.getMessage().contains("nothing to predict"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> DocumentStreams.of(DOCS, 2, 3, 0).window(3));
    }
}
