package course.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import org.junit.jupiter.api.Test;

class LabelPlacerTest {

    private static final Rectangle2D AREA = new Rectangle2D.Double(0, 0, 400, 300);

    @Test
    void twoLabelsAtTheSamePointEndUpApart() {
        LabelPlacer.Layout l = LabelPlacer.place(new double[] {200, 200}, new double[] {150, 150},
                new double[] {50, 60}, new double[] {12, 12}, AREA, 3);
        assertEquals(2, l.placed().size());
        Rectangle2D a = l.placed().get(0).box(), b = l.placed().get(1).box();
        assertFalse(a.intersects(b), a + " overlaps " + b);
    }

    @Test
    void labelsNeverCoverAPointOrLeaveTheArea() {
        int n = 30;
        double[] x = new double[n], y = new double[n], w = new double[n], h = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 150 + 3 * (i % 6);
            y[i] = 140 + 2 * (i / 6);
            w[i] = 45;
            h[i] = 12;
        }
        LabelPlacer.Layout l = LabelPlacer.place(x, y, w, h, AREA, 3);
        assertEquals(n, l.placed().size() + l.skipped().size());
        for (LabelPlacer.Placement p : l.placed()) {
            assertTrue(AREA.contains(p.box()));
            for (int i = 0; i < n; i++) {
                assertFalse(p.box().intersects(x[i] - 3, y[i] - 3, 6, 6), "label " + p.index() + " covers point " + i);
            }
            for (LabelPlacer.Placement q : l.placed()) {
                assertTrue(p == q || !p.box().intersects(q.box()), p + " overlaps " + q);
            }
        }
    }

    @Test
    void aLabelWithNoRoomIsSkippedAndCounted() {
        Rectangle2D tiny = new Rectangle2D.Double(0, 0, 30, 30);
        LabelPlacer.Layout l = LabelPlacer.place(new double[] {15}, new double[] {15}, new double[] {80}, new double[] {12}, tiny, 3);
        assertEquals(java.util.List.of(0), l.skipped());
    }
}
