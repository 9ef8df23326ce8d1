package course.viz;

import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.knowm.xchart.style.Styler;

/**
 * Where a line chart's legend goes: the inside corner of the plot whose legend box covers the fewest data
 * points and line segments (and none of the labelled markers at the plot's edge), or outside right of the
 * plot when every corner would cover some. Ties keep the usual top right, then top left, bottom right,
 * bottom left.
 */
enum LegendCorner {
    NE(Styler.LegendPosition.InsideNE), NW(Styler.LegendPosition.InsideNW), SE(Styler.LegendPosition.InsideSE),
    SW(Styler.LegendPosition.InsideSW), OUTSIDE(Styler.LegendPosition.OutsideE);

    private static final double MARGIN = 3;   // a curve just touching the box edge counts as covered

    final Styler.LegendPosition position;

    LegendCorner(Styler.LegendPosition position) {
        this.position = position;
    }

    /** A polyline in pixels; NaN breaks it (a gap, as XChart draws it). */
    record Line(double[] x, double[] y) {}

    /**
     * @param plot the plot frame in pixels
     * @param atNE the legend's box in pixels when in the top-right corner (the other corners mirror its offsets)
     * @param lines the series as drawn, in pixels
     * @param obstacles boxes drawn over the plot that the legend must not cover either
     */
    static LegendCorner choose(Rectangle2D plot, Rectangle2D atNE, List<Line> lines, List<Rectangle2D> obstacles) {
        LegendCorner best = NE;
        int fewest = Integer.MAX_VALUE;
        for (LegendCorner c : new LegendCorner[] {NE, NW, SE, SW}) {
            int n = covered(box(c, plot, atNE), lines, obstacles);
            if (n < fewest) {
                fewest = n;
                best = c;
            }
        }
        return fewest == 0 ? best : OUTSIDE;
    }

    /** The legend's box in corner {@code c}, keeping the same distance from the plot's edges as at NE. */
    static Rectangle2D box(LegendCorner c, Rectangle2D plot, Rectangle2D atNE) {
        double dx = plot.getMaxX() - atNE.getMaxX();
        double dy = atNE.getMinY() - plot.getMinY();
        double w = atNE.getWidth(), h = atNE.getHeight();
        double left = c == NW || c == SW ? plot.getMinX() + dx : plot.getMaxX() - dx - w;
        double top = c == SE || c == SW ? plot.getMaxY() - dy - h : plot.getMinY() + dy;
        return new Rectangle2D.Double(left, top, w, h);
    }

    /** How many points and segments of {@code lines}, and how many obstacles, the box covers. */
    static int covered(Rectangle2D box, List<Line> lines, List<Rectangle2D> obstacles) {
        Rectangle2D b = new Rectangle2D.Double(box.getX() - MARGIN, box.getY() - MARGIN, box.getWidth() + 2 * MARGIN,
                box.getHeight() + 2 * MARGIN);
        int n = 0;
        for (Line l : lines) {
            for (int i = 0; i < l.x().length; i++) {
                if (!finite(l, i)) {
                    continue;
                }
                if (b.contains(l.x()[i], l.y()[i])) {
                    n++;
                }
                if (i + 1 < l.x().length && finite(l, i + 1)
                        && b.intersectsLine(new Line2D.Double(l.x()[i], l.y()[i], l.x()[i + 1], l.y()[i + 1]))) {
                    n++;
                }
            }
        }
        for (Rectangle2D o : obstacles) {
            if (b.intersects(o)) {
                n += 1000;   // a label under the legend is lost outright
            }
        }
        return n;
    }

    private static boolean finite(Line l, int i) {
        return Double.isFinite(l.x()[i]) && Double.isFinite(l.y()[i]);
    }
}
