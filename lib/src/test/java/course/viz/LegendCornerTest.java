package course.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegendCornerTest {

    // pixels: y grows downwards, as on screen
    private static final Rectangle2D PLOT = new Rectangle2D.Double(60, 30, 600, 300);
    private static final Rectangle2D LEGEND_NE = new Rectangle2D.Double(490, 40, 160, 60);

    /** n points from (x0, y0) to (x1, y1) across the plot, as fractions of it (0, 0 = top left). */
    private static LegendCorner.Line line(int n, double x0, double y0, double x1, double y1) {
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            double t = i / (n - 1.0);
            x[i] = PLOT.getX() + PLOT.getWidth() * (x0 + (x1 - x0) * t);
            y[i] = PLOT.getY() + PLOT.getHeight() * (y0 + (y1 - y0) * t);
        }
        return new LegendCorner.Line(x, y);
    }

    private static LegendCorner choose(LegendCorner.Line... lines) {
        return LegendCorner.choose(PLOT, LEGEND_NE, List.of(lines), List.of());
    }

    @Test
    void cornersMirrorTheTopRightOffsets() {
        Rectangle2D sw = LegendCorner.box(LegendCorner.SW, PLOT, LEGEND_NE);
        assertEquals(PLOT.getX() + 10, sw.getX(), 1e-9);
        assertEquals(PLOT.getMaxY() - 10, sw.getMaxY(), 1e-9);
        assertEquals(LEGEND_NE, LegendCorner.box(LegendCorner.NE, PLOT, LEGEND_NE));
    }

    @Test
    void aFallingCurveLeavesTheTopLeftAlone() {
        // a loss from the top left to the bottom right: top right and bottom left are empty, top right is kept
        LegendCorner c = choose(line(60, 0, 0, 1, 1));
        assertNotEquals(LegendCorner.NW, c);
        assertNotEquals(LegendCorner.SE, c);
        assertEquals(LegendCorner.NE, c);
    }

    @Test
    void aRisingCurveMovesTheLegendOffTheTopRight() {
        LegendCorner c = choose(line(60, 0, 1, 1, 0));
        assertTrue(c == LegendCorner.NW || c == LegendCorner.SE, c.toString());
    }

    @Test
    void aCurveAlongTheTopSendsTheLegendDown() {
        // like a log loss axis stretched down to a far reference: both curves stay in the top third
        LegendCorner c = choose(line(30, 0, 0.05, 1, 0.2), line(2, 0.5, 0.3, 1, 0.35));
        assertTrue(c == LegendCorner.SE || c == LegendCorner.SW, c.toString());
    }

    @Test
    void segmentsCountNotOnlyPoints() {
        // two points only, the segment between them crosses the top right box
        LegendCorner c = choose(line(2, 0.6, 0.0, 1.0, 0.4));
        assertNotEquals(LegendCorner.NE, c);
    }

    @Test
    void anObstacleInTheEmptyCornerIsAvoided() {
        Rectangle2D label = new Rectangle2D.Double(400, 300, 258, 15);   // a reference's label, bottom right
        LegendCorner c = LegendCorner.choose(PLOT, LEGEND_NE, List.of(line(30, 0, 0.05, 1, 0.2)), List.of(label));
        assertEquals(LegendCorner.SW, c);
    }

    @Test
    void everyCornerCrowdedPutsItOutside() {
        LegendCorner.Line zigzag = line(2, 0, 0, 1, 1);
        LegendCorner.Line other = line(2, 0, 1, 1, 0);
        LegendCorner.Line top = line(2, 0, 0.1, 1, 0.1);
        LegendCorner.Line bottom = line(2, 0, 0.9, 1, 0.9);
        assertEquals(LegendCorner.OUTSIDE, choose(zigzag, other, top, bottom));
    }

    @Test
    void theRenderedLegendMovesOffACurveAlongTheTop() {
        // a falling loss whose axis reaches far down to a short floor at the left: the top right is taken
        double[] train = new double[30];
        for (int i = 0; i < train.length; i++) {
            train[i] = 4.1 - 0.5 * i / 29.0;
        }
        BufferedImage img = Charts.loss("loss", List.of(Series.of("train (mean of 20)", train),
                new Series("floor", new double[] {1, 8}, new double[] {1.9, 1.9})));
        Rectangle2D plot = new Rectangle2D.Double(60, 30, Charts.WIDTH - 70, Charts.HEIGHT - 90);
        Rectangle2D legend = Charts.legendBox(img, plot);
        assertTrue(legend != null, "no legend found");
        // the top right holds the train curve and the bottom left the floor: bottom right is free
        assertTrue(legend.getMinY() > Charts.HEIGHT / 2.0 && legend.getMinX() > Charts.WIDTH / 2.0,
                "legend should sit bottom right, is at " + legend);
    }

    @Test
    void noLegendNoBox() {
        assertNull(Charts.legendBox(Charts.scatter("m", new double[] {0, 1}, new double[] {0, 1}, List.of("a", "b")),
                new Rectangle2D.Double(0, 0, Charts.WIDTH, Charts.HEIGHT)));
    }
}
