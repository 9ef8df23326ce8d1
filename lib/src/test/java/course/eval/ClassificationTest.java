package course.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationTest {

    private static final List<String> LABELS = List.of("negative", "neutral", "positive");

    @Test
    void scoresAHandCountedExample() {
        int[] truth = {0, 0, 0, 0, 1, 1, 2, 2};
        int[] predicted = {0, 0, 0, 1, 1, 0, 2, 0};
        Classification c = Classification.of(LABELS, truth, predicted);
        assertArrayEquals(new int[] {3, 1, 0}, c.confusion()[0]);
        assertEquals(5.0 / 8, c.accuracy(), 1e-12);
        // negative: P 3/5, R 3/4 → F1 2/3; neutral: P 1/2, R 1/2 → 1/2; positive: P 1, R 1/2 → 2/3
        assertEquals(0.6, c.precision(0), 1e-12);
        assertEquals(0.75, c.recall(0), 1e-12);
        assertEquals(2.0 / 3, c.f1(0), 1e-12);
        assertEquals(0.5, c.f1(1), 1e-12);
        assertEquals(2.0 / 3, c.f1(2), 1e-12);
        assertEquals((2.0 / 3 + 0.5 + 2.0 / 3) / 3, c.macroF1(), 1e-12);
        assertEquals(3, c.table("t").rowCount());
    }

    @Test
    void theMajorityClassHasHighAccuracyButLowMacroF1() {
        int[] truth = {0, 0, 0, 0, 0, 0, 1, 2};
        int[] predicted = new int[8];
        Classification c = Classification.of(LABELS, truth, predicted);
        assertEquals(0.75, c.accuracy(), 1e-12);
        assertTrue(c.macroF1() < 0.3, "macro-F1 " + c.macroF1());
        assertEquals(0, c.precision(1)); // never predicted: 0, not NaN
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Classification.of(LABELS, new int[] {0, 3}, new int[] {0, 0}));
        assertTrue(e.getMessage().contains("example 1: class index 3 is outside [0, 3)"), e.getMessage());
        var n = assertThrows(IllegalArgumentException.class, () -> Classification.of(LABELS, new int[] {0}, new int[] {0, 1}));
        assertTrue(n.getMessage().contains("1 true labels but 2 predictions"));
    }
}
