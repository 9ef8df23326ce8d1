package course.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CellValuesTest {

    @Test
    void fractionsAreRoundedToTwoDecimals() {
        CellValues f = CellValues.of(new double[][] {{0.306598377, 0.693401623}, {1, 0}});
        assertEquals("0.31", f.format(0.306598377));
        assertEquals("0.69", f.format(0.693401623));
        assertEquals("1", f.format(1));
        assertEquals("0", f.format(0));
    }

    @Test
    void countsStayIntegers() {
        CellValues f = CellValues.of(new double[][] {{908, 0}, {9081, 2}});
        assertEquals("9,081", f.format(9081));
        assertEquals("0", f.format(0));
    }

    @Test
    void smallCellsShowNoValues() {
        assertTrue(CellValues.fit(60, 40));
        assertFalse(CellValues.fit(12, 8));
    }
}
