package course.viz;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Places text labels beside scatter points so that no two labels overlap and no label covers a point. Each
 * label tries eight spots around its point, first close, then further out (then a thin leader line joins it
 * to its point); a label with no free spot is left out, and {@link Layout#skipped()} says which.
 */
public final class LabelPlacer {

    /** Distances tried between a point's marker and its label, in pixels. */
    private static final double[] RINGS = {3, 12, 24, 40};
    /** Directions tried, as unit steps: east, west, north-east, south-east, north-west, south-west, north, south. */
    private static final double[][] DIRECTIONS = {{1, 0}, {-1, 0}, {1, -1}, {1, 1}, {-1, -1}, {-1, 1}, {0, -1}, {0, 1}};
    private static final double GAP = 1.5;

    /** Where label {@code index} goes: its box in pixels, and whether it needs a leader line to its point. */
    public record Placement(int index, Rectangle2D box, boolean leader) {}

    public record Layout(List<Placement> placed, List<Integer> skipped) {}

    private LabelPlacer() {}

    /**
     * @param x, y            the points, in pixels
     * @param widths, heights each label's size, in pixels
     * @param area            where labels may go (the plot area)
     * @param radius          a point marker's radius, in pixels
     */
    public static Layout place(double[] x, double[] y, double[] widths, double[] heights, Rectangle2D area, double radius) {
        List<Rectangle2D> taken = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            taken.add(new Rectangle2D.Double(x[i] - radius, y[i] - radius, 2 * radius, 2 * radius));
        }
        List<Placement> placed = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            Placement p = firstFree(i, x[i], y[i], widths[i], heights[i], area, radius, taken);
            if (p == null) {
                skipped.add(i);
            } else {
                placed.add(p);
                taken.add(p.box());
            }
        }
        return new Layout(placed, skipped);
    }

    private static Placement firstFree(int i, double px, double py, double w, double h, Rectangle2D area, double radius,
            List<Rectangle2D> taken) {
        for (int ring = 0; ring < RINGS.length; ring++) {
            double d = radius + RINGS[ring];
            for (double[] dir : DIRECTIONS) {
                // the box touches the ring on the side facing the point
                double left = dir[0] > 0 ? px + d : dir[0] < 0 ? px - d - w : px - w / 2;
                double top = dir[1] > 0 ? py + d : dir[1] < 0 ? py - d - h : py - h / 2;
                Rectangle2D box = new Rectangle2D.Double(left, top, w, h);
                if (area.contains(box) && free(box, taken)) {
                    return new Placement(i, box, ring > 1);
                }
            }
        }
        return null;
    }

    private static boolean free(Rectangle2D box, List<Rectangle2D> taken) {
        Rectangle2D padded = new Rectangle2D.Double(box.getX() - GAP, box.getY() - GAP, box.getWidth() + 2 * GAP,
                box.getHeight() + 2 * GAP);
        for (Rectangle2D r : taken) {
            if (padded.intersects(r)) {
                return false;
            }
        }
        return true;
    }
}
