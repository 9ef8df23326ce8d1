package course.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CausalMaskTest {

    @Test
    void isLowerTriangular() {
        boolean[][] cells = new CausalMask(6).cells();
        assertEquals(6, cells.length);
        for (int q = 0; q < 6; q++) {
            for (int k = 0; k < 6; k++) {
                assertEquals(k <= q, cells[q][k], "query " + q + ", key " + k);
            }
        }
    }

    @Test
    void everyPositionSeesItselfAndNoFuture() {
        CausalMask mask = new CausalMask(4);
        assertTrue(mask.allows(0, 0));
        assertTrue(mask.allows(3, 0));
        assertFalse(mask.allows(2, 3));
    }

    @Test
    void needsAPosition() {
        assertThrows(IllegalArgumentException.class, () -> new CausalMask(0));
    }
}
