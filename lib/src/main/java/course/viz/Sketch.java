package course.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The canvas a course diagram is drawn on: boxes, arrows, lines, grids and text in the {@link Ink} style.
 *
 * <p>It refuses to draw a figure that would read badly: text that leaves its box or the canvas, or text that
 * overlaps text already drawn, throws {@link IllegalStateException} naming the label — so a diagram that
 * renders at all has every label whole and apart.
 */
public final class Sketch {

    /** Where a free-standing text sits relative to its point. */
    public enum Anchor { LEFT, CENTRE, RIGHT }

    private static final double PAD = 5;   // pixels kept free between a box's edge and its label
    private static final double ROUND = 12;

    private final BufferedImage image;
    private final Graphics2D g;
    private final Box canvas;
    private final List<Box> texts = new ArrayList<>();
    private final List<String> textNames = new ArrayList<>();

    public Sketch(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        canvas = new Box(0, 0, width, height);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(Ink.PAPER);
        g.fillRect(0, 0, width, height);
    }

    /** A rounded box with a dark edge, solid or dashed; {@code fill} may be null for an outline only. */
    public Sketch box(Box box, Color fill, boolean dashed) {
        RoundRectangle2D shape = new RoundRectangle2D.Double(box.x(), box.y(), box.w(), box.h(), ROUND, ROUND);
        if (fill != null) {
            g.setColor(fill);
            g.fill(shape);
        }
        g.setColor(Ink.LINE);
        g.setStroke(dashed ? Ink.DASHED : Ink.SOLID);
        g.draw(shape);
        return this;
    }

    /** A filled box with its label centred inside, one line per string. */
    public Sketch labelledBox(Box box, Color fill, String... lines) {
        return box(box, fill, false).label(box, Ink.TEXT, lines);
    }

    /** Lines of text centred in {@code box}; throws if they do not fit. */
    public Sketch label(Box box, Font font, String... lines) {
        FontMetrics metrics = g.getFontMetrics(font);
        double lineHeight = metrics.getAscent() + metrics.getDescent();
        double top = box.centreY() - lines.length * lineHeight / 2;
        for (int i = 0; i < lines.length; i++) {
            Box bounds = bounds(lines[i], font, box.centreX(), top + (i + 0.5) * lineHeight, Anchor.CENTRE);
            if (!bounds.inside(box.grow(-PAD))) {
                throw new IllegalStateException("label '" + lines[i] + "' does not fit its box " + box);
            }
            place(lines[i], font, Ink.LINE, bounds);
        }
        return this;
    }

    /** One line of text whose vertical centre is {@code y}; throws if it leaves the canvas or overlaps text. */
    public Sketch text(String text, Font font, Color colour, double x, double y, Anchor anchor) {
        place(text, font, colour, bounds(text, font, x, y, anchor));
        return this;
    }

    /** A line through the points, ending in an arrowhead at the last one. */
    public Sketch arrow(Color colour, Point2D... path) {
        line(Ink.SOLID, colour, path);
        g.setColor(colour);
        g.fill(Arrowhead.at(path[path.length - 2], path[path.length - 1]));
        return this;
    }

    /** A line through the points, without a head. */
    public Sketch line(Stroke stroke, Color colour, Point2D... path) {
        if (path.length < 2) {
            throw new IllegalArgumentException("a line needs at least two points");
        }
        Path2D.Double shape = new Path2D.Double();
        shape.moveTo(path[0].getX(), path[0].getY());
        for (int i = 1; i < path.length; i++) {
            shape.lineTo(path[i].getX(), path[i].getY());
        }
        g.setColor(colour);
        g.setStroke(stroke);
        g.draw(shape);
        return this;
    }

    /** The grid's cells filled with {@code fill(row, col)} (null leaves a cell white), with thin lines. */
    public Sketch grid(CellGrid grid, BiFunction<Integer, Integer, Color> fill) {
        for (int r = 0; r < grid.rows(); r++) {
            for (int c = 0; c < grid.cols(); c++) {
                Box cell = grid.cell(r, c);
                Color colour = fill.apply(r, c);
                g.setColor(colour == null ? Ink.PAPER : colour);
                g.fill(new Rectangle2D.Double(cell.x(), cell.y(), cell.w(), cell.h()));
                g.setColor(Ink.FAINT);
                g.setStroke(Ink.SOLID);
                g.draw(new Rectangle2D.Double(cell.x(), cell.y(), cell.w(), cell.h()));
            }
        }
        Box frame = grid.frame();
        g.setColor(Ink.LINE);
        g.draw(new Rectangle2D.Double(frame.x(), frame.y(), frame.w(), frame.h()));
        return this;
    }

    /** A small filled circle with a symbol in it, e.g. the ⊕ where a residual branch joins the stream. */
    public Sketch node(Point2D centre, double radius, Color fill, String symbol) {
        Box disc = new Box(centre.getX() - radius, centre.getY() - radius, 2 * radius, 2 * radius);
        g.setColor(fill);
        g.fill(new Ellipse2D.Double(disc.x(), disc.y(), disc.w(), disc.h()));
        g.setColor(Ink.LINE);
        g.setStroke(Ink.SOLID);
        g.draw(new Ellipse2D.Double(disc.x(), disc.y(), disc.w(), disc.h()));
        place(symbol, Ink.TITLE, Ink.LINE, bounds(symbol, Ink.TITLE, centre.getX(), centre.getY(), Anchor.CENTRE));
        return this;
    }

    /** The finished picture; the sketch can no longer be drawn on. */
    public BufferedImage image() {
        g.dispose();
        return image;
    }

    private Box bounds(String text, Font font, double x, double y, Anchor anchor) {
        FontMetrics metrics = g.getFontMetrics(font);
        double width = metrics.getStringBounds(text, g).getWidth();
        double height = metrics.getAscent() + metrics.getDescent();
        double left = switch (anchor) {
            case LEFT -> x;
            case CENTRE -> x - width / 2;
            case RIGHT -> x - width;
        };
        return new Box(left, y - height / 2, width, height);
    }

    private void place(String text, Font font, Color colour, Box bounds) {
        if (!bounds.inside(canvas)) {
            throw new IllegalStateException("text '" + text + "' is cut off by the canvas edge");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).overlaps(bounds)) {
                throw new IllegalStateException("text '" + text + "' overlaps '" + textNames.get(i) + "'");
            }
        }
        texts.add(bounds);
        textNames.add(text);
        FontMetrics metrics = g.getFontMetrics(font);
        g.setFont(font);
        g.setColor(colour);
        g.drawString(text, (float) bounds.x(), (float) (bounds.y() + metrics.getAscent()));
    }
}
