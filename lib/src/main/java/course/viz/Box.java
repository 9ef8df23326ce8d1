package course.viz;

import java.awt.geom.Point2D;

/** A rectangle of a diagram, in pixels, with the points arrows attach to and the boxes laid out beside it. */
public record Box(double x, double y, double w, double h) {

    public double centreX() {
        return x + w / 2;
    }

    public double centreY() {
        return y + h / 2;
    }

    public double right() {
        return x + w;
    }

    public double bottom() {
        return y + h;
    }

    public Point2D top() {
        return new Point2D.Double(centreX(), y);
    }

    public Point2D base() {
        return new Point2D.Double(centreX(), bottom());
    }

    public Point2D leftSide() {
        return new Point2D.Double(x, centreY());
    }

    public Point2D rightSide() {
        return new Point2D.Double(right(), centreY());
    }

    /** A box of width {@code width} and the same height, {@code gap} pixels to the right of this one. */
    public Box rightOf(double gap, double width) {
        return new Box(right() + gap, y, width, h);
    }

    /** A box of height {@code height} and the same width, {@code gap} pixels below this one. */
    public Box below(double gap, double height) {
        return new Box(x, bottom() + gap, w, height);
    }

    /** This box grown by {@code margin} on every side. */
    public Box grow(double margin) {
        return new Box(x - margin, y - margin, w + 2 * margin, h + 2 * margin);
    }

    public boolean overlaps(Box other) {
        return x < other.right() && other.x < right() && y < other.bottom() && other.y < bottom();
    }

    public boolean inside(Box outer) {
        return x >= outer.x && y >= outer.y && right() <= outer.right() && bottom() <= outer.bottom();
    }
}
