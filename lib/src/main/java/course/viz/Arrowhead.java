package course.viz;

import java.awt.geom.Path2D;
import java.awt.geom.Point2D;

/** The filled triangle at the end of an arrow: its tip on the end point, pointing along the last segment. */
public final class Arrowhead {

    static final double LENGTH = 11;
    static final double HALF_WIDTH = 5;

    private Arrowhead() {}

    /** The triangle for a segment from {@code from} to {@code tip}. */
    public static Path2D.Double at(Point2D from, Point2D tip) {
        double dx = tip.getX() - from.getX();
        double dy = tip.getY() - from.getY();
        double length = Math.hypot(dx, dy);
        if (length == 0) {
            throw new IllegalArgumentException("an arrow needs two distinct points, got " + tip + " twice");
        }
        double ux = dx / length;
        double uy = dy / length;
        double baseX = tip.getX() - ux * LENGTH;
        double baseY = tip.getY() - uy * LENGTH;
        Path2D.Double head = new Path2D.Double();
        head.moveTo(tip.getX(), tip.getY());
        head.lineTo(baseX - uy * HALF_WIDTH, baseY + ux * HALF_WIDTH);
        head.lineTo(baseX + uy * HALF_WIDTH, baseY - ux * HALF_WIDTH);
        head.closePath();
        return head;
    }
}
