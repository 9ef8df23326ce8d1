package course.viz;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.viz.Sketch.Anchor;
import org.junit.jupiter.api.Test;

class SketchTest {

    @Test
    void refusesTextCutOffByTheEdge() {
        Sketch s = new Sketch(200, 100);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> s.text("a long label near the edge", Ink.TEXT, Ink.LINE, 150, 50, Anchor.LEFT));
        assertTrue(e.getMessage().contains("cut off"), e.getMessage());
    }

    @Test
    void refusesTextOnTopOfText() {
        Sketch s = new Sketch(400, 100);
        s.text("first", Ink.TEXT, Ink.LINE, 100, 50, Anchor.LEFT);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> s.text("second", Ink.TEXT, Ink.LINE, 110, 52, Anchor.LEFT));
        assertTrue(e.getMessage().contains("overlaps 'first'"), e.getMessage());
    }

    @Test
    void refusesALabelWiderThanItsBox() {
        Sketch s = new Sketch(400, 100);
        assertThrows(IllegalStateException.class,
                () -> s.labelledBox(new Box(10, 10, 60, 40), null, "far too long for this box"));
        assertDoesNotThrow(() -> s.labelledBox(new Box(100, 10, 200, 40), null, "fits"));
    }

    @Test
    void anArrowheadEndsOnItsPointAndPointsAlongTheLine() {
        var head = Arrowhead.at(new java.awt.geom.Point2D.Double(0, 0), new java.awt.geom.Point2D.Double(100, 0));
        var bounds = head.getBounds2D();
        assertEquals(100, bounds.getMaxX(), 1e-9);
        assertEquals(100 - Arrowhead.LENGTH, bounds.getMinX(), 1e-9);
        assertEquals(2 * Arrowhead.HALF_WIDTH, bounds.getHeight(), 1e-9);
        var down = Arrowhead.at(new java.awt.geom.Point2D.Double(5, 0), new java.awt.geom.Point2D.Double(5, 50))
                .getBounds2D();
        assertEquals(50, down.getMaxY(), 1e-9);
        assertEquals(50 - Arrowhead.LENGTH, down.getMinY(), 1e-9);
    }
}
