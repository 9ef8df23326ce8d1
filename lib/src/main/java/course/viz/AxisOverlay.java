package course.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Draws an axis's ticks, tick labels and grid lines onto a chart XChart has already rendered, at the round
 * values an {@link AxisScale} chose (XChart's own ticks follow the data points — 1, 135, 269 — and leave a
 * logarithmic axis that spans less than a decade without a single number). XChart is told to keep room for
 * the labels and draw its own invisibly; grid lines are only drawn on plot-background pixels, so they stay
 * behind the curves and the legend.
 */
final class AxisOverlay {

    static final Color GRID = new Color(225, 225, 225);
    static final Color TEXT = new Color(40, 40, 40);
    private static final int TICK = 4;
    private static final int LABEL_GAP = 8;

    private AxisOverlay() {}

    /**
     * Which of the labels centred at {@code centres} (pixels along the axis) with extents {@code sizes} to
     * keep so that neighbours are at least {@code gap} apart: every label if they fit, else every second,
     * every third, ... so the kept ones stay evenly spaced.
     */
    static List<Integer> fitting(double[] centres, double[] sizes, double gap) {
        for (int every = 1; every <= Math.max(1, centres.length); every++) {
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < centres.length; i += every) {
                kept.add(i);
            }
            if (apart(kept, centres, sizes, gap)) {
                return kept;
            }
        }
        return centres.length == 0 ? List.of() : List.of(0);
    }

    private static boolean apart(List<Integer> kept, double[] centres, double[] sizes, double gap) {
        for (int k = 1; k < kept.size(); k++) {
            int a = kept.get(k - 1), b = kept.get(k);
            if (Math.abs(centres[b] - centres[a]) < (sizes[a] + sizes[b]) / 2 + gap) {
                return false;
            }
        }
        return true;
    }

    /** The x axis: grid lines from {@code plot}'s top to bottom, labels centred under it. */
    static void drawX(BufferedImage img, Rectangle2D plot, AxisScale scale, DoubleUnaryOperator toPixel, Font font,
            Color background) {
        draw(Axis.X, img, plot, scale, toPixel, font, background);
    }

    /** The y axis: grid lines across {@code plot}, labels right-aligned left of it. */
    static void drawY(BufferedImage img, Rectangle2D plot, AxisScale scale, DoubleUnaryOperator toPixel, Font font,
            Color background) {
        draw(Axis.Y, img, plot, scale, toPixel, font, background);
    }

    private enum Axis { X, Y }

    /** A grid line across the plot at every tick, then a tick mark and label at as many ticks as fit apart. */
    private static void draw(Axis axis, BufferedImage img, Rectangle2D plot, AxisScale scale, DoubleUnaryOperator toPixel,
            Font font, Color background) {
        Graphics2D g = graphics(img, font);
        FontMetrics fm = g.getFontMetrics();
        List<AxisScale.Tick> ticks = scale.ticks();
        double[] at = new double[ticks.size()];       // pixels along the axis
        double[] extents = new double[ticks.size()];  // each label's size along the axis: its width on x, its height on y
        for (int i = 0; i < ticks.size(); i++) {
            at[i] = toPixel.applyAsDouble(ticks.get(i).value());
            extents[i] = axis == Axis.X ? fm.stringWidth(ticks.get(i).label()) : fm.getAscent();
            int pixel = (int) Math.round(at[i]);
            switch (axis) {
                case X -> gridLine(img, pixel, (int) plot.getMinY(), (int) plot.getMaxY(), true, background);
                case Y -> gridLine(img, pixel, (int) plot.getMinX(), (int) plot.getMaxX(), false, background);
            }
        }
        g.setColor(TEXT);
        for (int i : fitting(at, extents, axis == Axis.X ? LABEL_GAP : 4)) {
            int pixel = (int) Math.round(at[i]);
            String label = ticks.get(i).label();
            switch (axis) {
                case X -> {
                    int bottom = (int) Math.round(plot.getMaxY());
                    g.drawLine(pixel, bottom, pixel, bottom + TICK);
                    g.drawString(label, (float) (at[i] - extents[i] / 2), bottom + TICK + 2 + fm.getAscent());
                }
                case Y -> {
                    int left = (int) Math.round(plot.getMinX());
                    g.drawLine(left - TICK, pixel, left, pixel);
                    g.drawString(label, (float) yLabelsRight(plot.getMinX()) - fm.stringWidth(label), pixel + fm.getAscent() / 2f - 1);
                }
            }
        }
        g.dispose();
    }

    /** Where the y labels of a plot whose frame starts at {@code plotLeft} end: they are right-aligned here. */
    static double yLabelsRight(double plotLeft) {
        return Math.round(plotLeft) - TICK - 2;
    }

    /** The width in pixels of the widest label of {@code scale} in {@code font}, as {@link #drawY} draws it. */
    static int widestWidth(AxisScale scale, Font font) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = graphics(probe, font);
        FontMetrics fm = g.getFontMetrics();
        int w = fm.stringWidth(widest(scale, font, probe));
        g.dispose();
        return w;
    }

    /** The widest label of {@code scale} in {@code font}. */
    static String widest(AxisScale scale, Font font, BufferedImage probe) {
        Graphics2D g = graphics(probe, font);
        FontMetrics fm = g.getFontMetrics();
        String widest = "0";
        for (AxisScale.Tick t : scale.ticks()) {
            if (fm.stringWidth(t.label()) > fm.stringWidth(widest)) {
                widest = t.label();
            }
        }
        g.dispose();
        return widest;
    }

    static Graphics2D graphics(BufferedImage img, Font font) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(1f));
        g.setFont(font);
        return g;
    }

    /** A grid line that only replaces background pixels, so it passes behind whatever was drawn. */
    private static void gridLine(BufferedImage img, int at, int from, int to, boolean vertical, Color background) {
        int bg = background.getRGB();
        int grid = GRID.getRGB();
        for (int p = Math.max(0, from + 1); p < to; p++) {
            int x = vertical ? at : p;
            int y = vertical ? p : at;
            if (x >= 0 && y >= 0 && x < img.getWidth() && y < img.getHeight() && img.getRGB(x, y) == bg) {
                img.setRGB(x, y, grid);
            }
        }
    }
}
