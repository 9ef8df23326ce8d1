package course.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * XChart plots rendered to {@link BufferedImage}. A notebook cell that ends with the image shows it as a PNG,
 * which GitHub, nbviewer and the HTML export all display; {@code display(img)} and {@code updateDisplay(id,
 * img)} redraw it in place during training.
 *
 * <p>Every chart has axis titles and numbers on its value axes at round, non-overlapping ticks
 * ({@link AxisScale}, drawn by {@link AxisOverlay}), series colours from the {@link Palette}, heat-map values
 * rounded ({@link CellValues}) and scatter labels kept apart ({@link LabelPlacer}).
 */
public final class Charts {

    public static final int WIDTH = 720;
    public static final int HEIGHT = 420;

    private static final Color BACKGROUND = Color.WHITE;
    private static final Color LEGEND_BACKGROUND = new Color(250, 250, 250);
    private static final Color INVISIBLE = new Color(0, 0, 0, 0);
    private static final double CONTENT = 0.96;   // share of the plot frame the axis range fills
    private static final int MARKER = 7;
    private static final int TITLE_GAP = 8;   // pixels between the y labels and the axis title
    private static final int BAR_ROW = 24;    // pixels per category of a horizontal bar chart

    private Charts() {}

    /** Lines, e.g. training and validation loss against the step. */
    public static BufferedImage line(String title, String xLabel, String yLabel, List<Series> series) {
        return xy(title, xLabel, yLabel, series, false);
    }

    public static BufferedImage line(String title, String xLabel, String yLabel, Series... series) {
        return line(title, xLabel, yLabel, Arrays.asList(series));
    }

    /**
     * Loss curves against the step, on a logarithmic loss axis when every value is positive: a loss that
     * keeps falling from 2 to 0.0002 is a flat line on a linear axis but a readable slope on a log one.
     */
    public static BufferedImage loss(String title, List<Series> series) {
        boolean positive = series.stream().allMatch(s -> Arrays.stream(s.y()).allMatch(v -> v > 0));
        return xy(title, "step", positive ? "loss (log scale)" : "loss", series, positive);
    }

    private static BufferedImage xy(String title, String xLabel, String yLabel, List<Series> series, boolean logY) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(chart);
        XRange range = XRange.of(series);
        AxisScale xs = xAxis(series);
        AxisScale ys = logY ? AxisScale.log(min(series, false, true), max(series, false), AxisScale.MAX_TICKS)
                : AxisScale.linear(min(series, false, false), max(series, false), AxisScale.MAX_TICKS);
        hideOwnTicks(chart, xs, ys);
        List<Color> colours = colours(series);
        List<double[][]> drawnData = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            double[] x = s.size() == 0 ? new double[] {xs.min()} : s.x();
            double[] y = s.size() == 0 ? new double[] {Double.NaN} : logY ? log10(s.y()) : s.y();
            for (int j = 0; j < y.length && s.reference(); j++) {
                if (!range.contains(x[j])) {
                    y[j] = Double.NaN;   // beyond the run: an edge marker instead (its legend entry stays)
                }
            }
            drawnData.add(new double[][] {x, y});
            XYSeries drawn = chart.addSeries(s.name(), x, y);
            drawn.setMarker(s.size() > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            drawn.setLineColor(colours.get(i));
            drawn.setMarkerColor(colours.get(i));
        }
        if (series.isEmpty()) {
            chart.addSeries(" ", new double[] {xs.min()}, new double[] {Double.NaN}).setMarker(SeriesMarkers.NONE);
            chart.getStyler().setLegendVisible(false);
        }
        BufferedImage img = renderWithRoom(chart, ys, c -> plotFrame(c, xs, ys));
        if (!series.isEmpty()) {
            img = placeLegend(chart, img, xs, ys, drawnData, range.beyond(), xLabel);
        }
        drawTicks(img, chart, xs, ys);
        drawBeyond(img, chart, plotFrame(chart, xs, ys), ys, range.beyond(), xLabel);
        return img;
    }

    /** The x axis of a line chart: the run's steps ({@link XRange}), round ticks. */
    static AxisScale xAxis(List<Series> series) {
        XRange range = XRange.of(series);
        return AxisScale.linear(range.min(), range.max(), AxisScale.MAX_TICKS);
    }

    /**
     * Reference points beyond the x range, each as a grey marker on the plot's edge at its height, labelled
     * "nanoGPT at step 2,000: 1.886 →"; labels that would overlap are moved apart vertically.
     */
    private static void drawBeyond(BufferedImage img, XYChart chart, Rectangle2D plot, AxisScale ys,
            List<XRange.Beyond> beyond, String xTitle) {
        if (beyond.isEmpty()) {
            return;
        }
        Graphics2D g = AxisOverlay.graphics(img, chart.getStyler().getAnnotationTextFont());
        FontMetrics fm = g.getFontMetrics();
        for (BeyondMark m : beyondMarks(chart, plot, ys, beyond, xTitle, fm)) {
            int r = MARKER / 2;
            g.setColor(Palette.REFERENCE);
            g.fillOval((int) Math.round(m.edge() - r), (int) Math.round(m.y() - r), 2 * r + 1, 2 * r + 1);
            Rectangle2D box = m.box();
            g.setColor(new Color(255, 255, 255, 210));
            g.fillRect((int) box.getX(), (int) box.getY(), (int) box.getWidth(), (int) box.getHeight());
            g.setColor(AxisOverlay.TEXT);
            g.drawString(m.label(), (float) box.getX() + 2, (float) (box.getY() + fm.getAscent()));
        }
        g.dispose();
    }

    /** A reference beyond the x range: its marker on the edge at height {@code y}, its label's box beside it. */
    private record BeyondMark(double edge, double y, String label, Rectangle2D box) {}

    /** Where {@link #drawBeyond} puts each marker and label; labels that would overlap are moved apart vertically. */
    private static List<BeyondMark> beyondMarks(XYChart chart, Rectangle2D plot, AxisScale ys,
            List<XRange.Beyond> beyond, String xTitle, FontMetrics fm) {
        int h = fm.getAscent() + fm.getDescent();
        List<XRange.Beyond> byHeight = new ArrayList<>(beyond);
        byHeight.sort((a, b) -> Double.compare(b.y(), a.y()));   // top first
        double lastBottom = plot.getMinY();
        List<BeyondMark> marks = new ArrayList<>();
        for (XRange.Beyond b : byHeight) {
            double y = screenY(chart, ys, b.y());
            double edge = b.right() ? plot.getMaxX() - 1 : plot.getMinX() + 1;
            int r = MARKER / 2;
            String label = b.label(xTitle);
            int w = fm.stringWidth(label);
            double top = Math.max(lastBottom, Math.min(y - h / 2.0, plot.getMaxY() - h));
            double left = b.right() ? edge - r - 4 - w : edge + r + 4;
            marks.add(new BeyondMark(edge, y, label, new Rectangle2D.Double((int) left - 2, (int) top, w + 4, h)));
            lastBottom = top + h;
        }
        return marks;
    }

    /**
     * Moves the legend (drawn top right in {@code img}) to the corner that covers the fewest points and
     * segments of the data and none of the markers beyond the x range ({@link LegendCorner}), rendering
     * again if it moves.
     */
    private static BufferedImage placeLegend(XYChart chart, BufferedImage img, AxisScale xs, AxisScale ys,
            List<double[][]> data, List<XRange.Beyond> beyond, String xTitle) {
        Rectangle2D plot = plotFrame(chart, xs, ys);
        Rectangle2D legend = legendBox(img, plot);
        if (legend == null) {
            return img;
        }
        List<LegendCorner.Line> lines = new ArrayList<>();
        for (double[][] d : data) {
            double[] px = new double[d[0].length], py = new double[d[0].length];
            for (int i = 0; i < px.length; i++) {
                px[i] = Double.isFinite(d[0][i]) ? chart.getScreenXFromChart(d[0][i]) : Double.NaN;
                py[i] = Double.isFinite(d[1][i]) ? chart.getScreenYFromChart(d[1][i]) : Double.NaN;
            }
            lines.add(new LegendCorner.Line(px, py));
        }
        Graphics2D g = AxisOverlay.graphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB),
                chart.getStyler().getAnnotationTextFont());
        List<Rectangle2D> obstacles = new ArrayList<>();
        beyondMarks(chart, plot, ys, beyond, xTitle, g.getFontMetrics()).forEach(m -> {
            Rectangle2D box = (Rectangle2D) m.box().clone();
            box.add(new Rectangle2D.Double(m.edge() - MARKER / 2.0, m.y() - MARKER / 2.0, MARKER, MARKER));
            obstacles.add(box);
        });
        g.dispose();
        LegendCorner corner = LegendCorner.choose(plot, legend, lines, obstacles);
        if (corner == LegendCorner.NE) {
            return img;
        }
        chart.getStyler().setLegendPosition(corner.position);
        return renderWithRoom(chart, ys, c -> plotFrame(c, xs, ys));
    }

    /**
     * The legend's box inside {@code plot}: the columns and rows where its background colour (used nowhere
     * else) fills at least a few pixels, so stray anti-aliased pixels of that colour do not count.
     */
    static Rectangle2D legendBox(BufferedImage img, Rectangle2D plot) {
        int bg = LEGEND_BACKGROUND.getRGB();
        int x0 = Math.max(0, (int) plot.getMinX()), x1 = Math.min(img.getWidth(), (int) Math.ceil(plot.getMaxX()) + 1);
        int y0 = Math.max(0, (int) plot.getMinY()), y1 = Math.min(img.getHeight(), (int) Math.ceil(plot.getMaxY()) + 1);
        int[] cols = new int[img.getWidth()], rows = new int[img.getHeight()];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (img.getRGB(x, y) == bg) {
                    cols[x]++;
                    rows[y]++;
                }
            }
        }
        int left = -1, right = -1, top = -1, bottom = -1;
        for (int x = x0; x < x1; x++) {
            if (cols[x] >= 8) {
                left = left < 0 ? x : left;
                right = x;
            }
        }
        for (int y = y0; y < y1; y++) {
            if (rows[y] >= 8) {
                top = top < 0 ? y : top;
                bottom = y;
            }
        }
        return left < 0 || top < 0 ? null : new Rectangle2D.Double(left - 1, top - 1, right - left + 3, bottom - top + 3);
    }

    /**
     * A log axis is drawn as a linear one over log10 of the values, so that {@link AxisOverlay} can put its
     * ticks (2, 3, 4 within one decade) where it likes; XChart's own log axis labels decades only.
     */
    private static double[] log10(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] > 0 ? Math.log10(v[i]) : Double.NaN;
        }
        return out;
    }

    /** Where a value of the y axis lands, in pixels. */
    private static double screenY(XYChart chart, AxisScale ys, double v) {
        return chart.getScreenYFromChart(ys.logarithmic() ? Math.log10(v) : v);
    }

    /**
     * One colour per series: its own if it set one, else the {@link Palette}'s for its name, skipping colours
     * the chart already uses.
     */
    static List<Color> colours(List<Series> series) {
        Set<Color> taken = new HashSet<>();
        series.forEach(s -> s.colour().ifPresent(taken::add));
        List<Color> colours = new ArrayList<>();
        for (Series s : series) {
            Color c = s.colour().orElseGet(() -> Palette.forName(s.name(), taken));
            taken.add(c);
            colours.add(c);
        }
        return colours;
    }

    /** One bar per category. */
    public static BufferedImage bars(String title, String yLabel, List<String> categories, List<? extends Number> values) {
        return bars(title, "", yLabel, categories, values);
    }

    /** One bar per category, with a title under the categories too. */
    public static BufferedImage bars(String title, String xLabel, String yLabel, List<String> categories,
            List<? extends Number> values) {
        if (categories.size() != values.size()) {
            throw new IllegalArgumentException(categories.size() + " categories but " + values.size() + " values");
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(chart);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#,##0.#");  // value labels: 8.8, not 8.791208791
        if (categories.size() > 5 || categories.stream().mapToInt(String::length).sum() > 60) {
            chart.getStyler().setXAxisLabelRotation(40);  // long category names would overlap
        }
        double top = values.stream().mapToDouble(Number::doubleValue).max().orElse(1);
        double bottom = Math.min(0, values.stream().mapToDouble(Number::doubleValue).min().orElse(0));
        AxisScale ys = AxisScale.rounded(bottom, top > bottom ? top : bottom + 1, AxisScale.MAX_TICKS);
        hideOwnYTicks(chart, ys);
        chart.addSeries(yLabel, categories, new ArrayList<Number>(values)).setFillColor(Palette.BLUE);
        BufferedImage img = renderWithRoom(chart, ys, c -> barFrame(c, ys));
        drawYTicks(img, chart, ys);
        return img;
    }

    /**
     * Several bars per category, one per named series side by side (a legend names them), each labelled with its value:
     * our run's numbers beside a paper's or another run's for the same rows. Every series has one value per category.
     */
    public static BufferedImage groupedBars(String title, String yLabel, List<String> categories, java.util.Map<String, ? extends List<? extends Number>> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("groupedBars needs at least one series");
        }
        double top = 1;
        double bottom = 0;
        boolean first = true;
        for (Map.Entry<String, ? extends List<? extends Number>> e : series.entrySet()) {
            if (e.getValue().size() != categories.size()) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + e.getValue().size() + " values for " + categories.size() + " categories");
            }
            for (Number n : e.getValue()) {
                top = first ? n.doubleValue() : Math.max(top, n.doubleValue());
                bottom = Math.min(bottom, n.doubleValue());
                first = false;
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel).build();
        style(chart);
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#,##0.#");
        if (categories.stream().mapToInt(String::length).sum() > 60) {
            chart.getStyler().setXAxisLabelRotation(20);
        }
        AxisScale ys = AxisScale.rounded(bottom, top > bottom ? top * 1.15 : bottom + 1, AxisScale.MAX_TICKS);   // room for the legend
        hideOwnYTicks(chart, ys);
        List<Color> colours = List.of(Palette.BLUE, Palette.REFERENCE, Palette.ORANGE, Palette.GREEN);
        int k = 0;
        for (Map.Entry<String, ? extends List<? extends Number>> e : series.entrySet()) {
            chart.addSeries(e.getKey(), categories, new ArrayList<Number>(e.getValue())).setFillColor(colours.get(k++ % colours.size()));
        }
        BufferedImage img = renderWithRoom(chart, ys, c -> barFrame(c, ys));
        drawYTicks(img, chart, ys);
        return img;
    }

    /**
     * One horizontal bar per category, the first on top, each labelled with its value: for many or long category
     * names (the 14 analogy sections), which stay level and readable on the left instead of slanting under
     * vertical bars. The image grows taller with the number of categories.
     */
    public static BufferedImage horizontalBars(String title, String xLabel, List<String> categories, List<? extends Number> values) {
        if (categories.size() != values.size() || categories.isEmpty()) {
            throw new IllegalArgumentException("need one value per category and at least one: " + categories.size()
                    + " categories, " + values.size() + " values");
        }
        int n = categories.size();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(Math.max(HEIGHT, 110 + BAR_ROW * n)).title(title)
                .xAxisTitle(xLabel).yAxisTitle("").build();
        style(chart);
        chart.getStyler().setLegendVisible(false);
        double[] v = values.stream().mapToDouble(Number::doubleValue).toArray();
        double lo = Math.min(0, min(v)), hi = Math.max(0, max(v));
        AxisScale xs = AxisScale.rounded(lo, hi > lo ? hi : lo + 1, AxisScale.MAX_TICKS);
        AxisScale rows = AxisScale.linear(-0.5, n - 0.5, AxisScale.MAX_TICKS);   // row i is centred at n − 1 − i
        hideOwnTicks(chart, xs, rows);
        Font font = chart.getStyler().getAxisTickLabelsFont();
        Graphics2D probe = AxisOverlay.graphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB), font);
        FontMetrics fm = probe.getFontMetrics();
        int widest = categories.stream().mapToInt(fm::stringWidth).max().orElse(0);
        probe.dispose();
        // XChart keeps room left of the plot for its (invisible, distinct) y labels: make them as wide as the widest name
        int digits = Math.max(2, (int) Math.ceil((widest + 4.0) / Math.max(1, fm.stringWidth("0"))));
        chart.getStyler().setyAxisTickLabelsFormattingFunction(placeholders(digits, -0.5, n - 0.5));
        chart.getStyler().setYAxisMin(-0.5);
        chart.getStyler().setYAxisMax(n - 0.5);
        chart.addSeries(" ", new double[] {xs.min(), xs.max()}, new double[] {Double.NaN, Double.NaN}).setMarker(SeriesMarkers.NONE);
        BufferedImage img = BitmapEncoder.getBufferedImage(chart);
        Rectangle2D plot = plotFrame(chart, xs, rows);
        Graphics2D g = AxisOverlay.graphics(img, font);
        List<String> valueLabels = valueLabels(v);
        double half = Math.min(11, 0.36 * (chart.getScreenYFromChart(0) - chart.getScreenYFromChart(1)));
        double zero = chart.getScreenXFromChart(0);
        for (int i = 0; i < n; i++) {
            double y = chart.getScreenYFromChart(n - 1 - i);
            double end = chart.getScreenXFromChart(v[i]);
            g.setColor(Palette.BLUE);
            g.fill(new Rectangle2D.Double(Math.min(zero, end), y - half, Math.abs(end - zero), 2 * half));
            g.setColor(AxisOverlay.TEXT);
            float baseline = (float) (y + (fm.getAscent() - fm.getDescent()) / 2.0);
            g.drawString(categories.get(i), (float) (AxisOverlay.yLabelsRight(plot.getMinX()) - fm.stringWidth(categories.get(i))), baseline);
            String label = valueLabels.get(i);
            int w = fm.stringWidth(label);
            double outside = v[i] < 0 ? end - 4 - w : end + 4;   // beyond the bar's end, or inside it if the frame is near
            boolean fits = outside > plot.getMinX() + 2 && outside + w < plot.getMaxX() - 2;
            g.setColor(fits ? AxisOverlay.TEXT : Color.WHITE);
            g.drawString(label, (float) (fits ? outside : v[i] < 0 ? end + 4 : end - 4 - w), baseline);
        }
        g.dispose();
        AxisOverlay.drawX(img, plot, xs, chart::getScreenXFromChart, font, BACKGROUND);
        return img;
    }

    /**
     * The bars' value labels with as few decimals as tell the different values apart (one at least, four at most):
     * 23.9 and 25.4 stay as they are, but three mix shares of 0.31, 0.33 and 0.36 do not all read "0.3".
     */
    static List<String> valueLabels(double[] values) {
        for (int decimals = 1; ; decimals++) {
            java.text.DecimalFormat format = new java.text.DecimalFormat("#,##0." + "#".repeat(decimals));
            List<String> labels = java.util.Arrays.stream(values).mapToObj(format::format).toList();
            boolean distinct = true;
            for (int i = 0; i < values.length && distinct; i++) {
                for (int j = i + 1; j < values.length && distinct; j++) {
                    distinct = values[i] == values[j] || !labels.get(i).equals(labels.get(j));
                }
            }
            if (distinct || decimals == 4) {
                return labels;
            }
        }
    }

    /**
     * A histogram of {@code values} in {@code bins} equal-width bins, drawn on a numeric x axis so that it has
     * round ticks (0, 50, 100, 150) like every other chart rather than the bins' centres.
     */
    public static BufferedImage histogram(String title, String xLabel, List<? extends Number> values, int bins) {
        Bins b = Bins.of(values, bins);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle("count").build();
        style(chart);
        chart.getStyler().setLegendVisible(false);
        AxisScale xs = histogramAxis(b);
        AxisScale ys = AxisScale.rounded(0, Math.max(1, b.largest()), AxisScale.MAX_TICKS);
        hideOwnTicks(chart, xs, ys);
        // XChart draws nothing; the bars are painted below, at the chart's own pixel mapping
        chart.addSeries(xLabel, new double[] {xs.min(), xs.max()}, new double[] {Double.NaN, Double.NaN})
                .setMarker(SeriesMarkers.NONE);
        BufferedImage img = renderWithRoom(chart, ys, c -> plotFrame(c, xs, ys));
        drawBins(img, chart, b);
        drawTicks(img, chart, xs, ys);
        return img;
    }

    /** The x axis of a histogram: from the first bin's left edge to the last one's right edge, round ticks. */
    static AxisScale histogramAxis(Bins b) {
        return AxisScale.linear(b.min(), b.max(), AxisScale.MAX_TICKS);
    }

    private static void drawBins(BufferedImage img, XYChart chart, Bins b) {
        Graphics2D g = img.createGraphics();
        g.setColor(Palette.BLUE);
        long[] counts = b.counts();
        int base = (int) Math.round(chart.getScreenYFromChart(0));
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            int left = (int) Math.round(chart.getScreenXFromChart(b.edge(i)));
            int right = (int) Math.round(chart.getScreenXFromChart(b.edge(i + 1)));
            int top = (int) Math.round(chart.getScreenYFromChart(counts[i]));
            int gap = right - left > 4 ? 1 : 0;   // a white seam between neighbouring bars
            g.fillRect(left + gap, top, Math.max(1, right - left - gap), Math.max(1, base - top));
        }
        g.dispose();
    }

    /** Points with a text label beside each, e.g. a 2-D map of word vectors, with axes called x and y. */
    public static BufferedImage scatter(String title, double[] x, double[] y, List<String> labels) {
        return scatter(title, "x", "y", x, y, labels);
    }

    /**
     * Points with a text label beside each, e.g. a 2-D map of word vectors. Labels are moved apart so none
     * covers another or a point (with a leader line when moved far); those that find no room are left out and
     * named in a note under the plot.
     */
    public static BufferedImage scatter(String title, String xLabel, String yLabel, double[] x, double[] y, List<String> labels) {
        if (x.length != y.length || x.length != labels.size()) {
            throw new IllegalArgumentException("scatter needs as many labels as points: x " + x.length + ", y "
                    + y.length + ", labels " + labels.size());
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(MARKER);
        AxisScale xs = AxisScale.linear(min(x), max(x), AxisScale.MAX_TICKS);
        AxisScale ys = AxisScale.linear(min(y), max(y), AxisScale.MAX_TICKS);
        hideOwnTicks(chart, xs, ys);
        chart.addSeries("points", x.length == 0 ? new double[] {0} : x, y.length == 0 ? new double[] {Double.NaN} : y)
                .setMarkerColor(Palette.BLUE);
        BufferedImage img = renderWithRoom(chart, ys, c -> plotFrame(c, xs, ys));
        drawTicks(img, chart, xs, ys);
        drawPointLabels(img, chart, plotFrame(chart, xs, ys), x, y, labels);
        return img;
    }

    /**
     * Points coloured by group, with a legend and a text label beside each point: e.g. the occurrences of a
     * word coloured by their sense. {@code groups.get(i)} names point i's group; each group keeps its colour by
     * name ({@link Palette#forName}), and the legend lists the groups in the order they first appear.
     */
    public static BufferedImage scatter(String title, String xLabel, String yLabel, double[] x, double[] y, List<String> labels,
                                        List<String> groups) {
        if (x.length != y.length || x.length != labels.size() || x.length != groups.size()) {
            throw new IllegalArgumentException("scatter needs as many labels and groups as points: x " + x.length + ", y "
                    + y.length + ", labels " + labels.size() + ", groups " + groups.size());
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(MARKER);
        chart.getStyler().setLegendBackgroundColor(BACKGROUND);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);   // beside the plot: it covers no point
        AxisScale xs = AxisScale.linear(min(x), max(x), AxisScale.MAX_TICKS);
        AxisScale ys = AxisScale.linear(min(y), max(y), AxisScale.MAX_TICKS);
        hideOwnTicks(chart, xs, ys);
        List<String> order = groups.stream().distinct().toList();
        List<Color> taken = new ArrayList<>();
        for (String group : order) {
            int n = (int) groups.stream().filter(group::equals).count();
            double[] gx = new double[n], gy = new double[n];
            for (int i = 0, k = 0; i < x.length; i++) {
                if (groups.get(i).equals(group)) {
                    gx[k] = x[i];
                    gy[k++] = y[i];
                }
            }
            Color colour = Palette.forName(group, taken);
            taken.add(colour);
            chart.addSeries(group, gx, gy).setMarkerColor(colour);
        }
        if (order.isEmpty()) {
            chart.getStyler().setLegendVisible(false);
            chart.addSeries("points", new double[] {0}, new double[] {Double.NaN});
        }
        BufferedImage img = renderWithRoom(chart, ys, c -> plotFrame(c, xs, ys));
        drawTicks(img, chart, xs, ys);
        drawPointLabels(img, chart, plotFrame(chart, xs, ys), x, y, labels);
        return img;
    }

    private static void drawPointLabels(BufferedImage img, XYChart chart, Rectangle2D plot, double[] x, double[] y, List<String> labels) {
        Font font = chart.getStyler().getAnnotationTextFont();
        Graphics2D g = AxisOverlay.graphics(img, font);
        FontMetrics fm = g.getFontMetrics();
        double[] px = new double[x.length], py = new double[x.length], w = new double[x.length], h = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            px[i] = chart.getScreenXFromChart(x[i]);
            py[i] = chart.getScreenYFromChart(y[i]);
            w[i] = fm.stringWidth(labels.get(i));
            h[i] = fm.getAscent() + fm.getDescent();
        }
        Rectangle2D inside = new Rectangle2D.Double(plot.getX() + 2, plot.getY() + 2, plot.getWidth() - 4, plot.getHeight() - 4);
        LabelPlacer.Layout layout = LabelPlacer.place(px, py, w, h, inside, MARKER / 2.0);
        for (LabelPlacer.Placement p : layout.placed()) {
            Rectangle2D b = p.box();
            if (p.leader()) {
                g.setColor(Palette.GREY);
                double cx = Math.max(b.getMinX(), Math.min(px[p.index()], b.getMaxX()));
                double cy = Math.max(b.getMinY(), Math.min(py[p.index()], b.getMaxY()));
                g.drawLine((int) px[p.index()], (int) py[p.index()], (int) cx, (int) cy);
            }
            g.setColor(AxisOverlay.TEXT);
            g.drawString(labels.get(p.index()), (float) b.getX(), (float) (b.getY() + fm.getAscent()));
        }
        if (!layout.skipped().isEmpty()) {
            List<String> names = layout.skipped().stream().map(labels::get).toList();
            String note = names.size() + (names.size() == 1 ? " label" : " labels") + " left out for lack of room: "
                    + String.join(", ", names);
            while (fm.stringWidth(note) > plot.getWidth() - 8 && note.length() > 4) {
                note = note.substring(0, note.length() - 4) + "…";
            }
            g.setColor(Palette.GREY);
            g.drawString(note, (float) plot.getX() + 4, (float) plot.getMaxY() - 4);
        }
        g.dispose();
    }

    /** A matrix as coloured cells, e.g. attention weights (rows: queries, columns: keys) or a confusion matrix. */
    public static BufferedImage heatmap(String title, double[][] values, List<String> rowLabels, List<String> columnLabels) {
        return heatmap(title, "row", "column", values, rowLabels, columnLabels);
    }

    /**
     * A matrix as coloured cells with titled axes, e.g. attention weights (rows: queries, columns: keys) or a
     * confusion matrix. Cells show their value — counts as integers, other numbers to two decimals — when
     * they are big enough to hold it.
     */
    public static BufferedImage heatmap(String title, String rowTitle, String columnTitle, double[][] values,
            List<String> rowLabels, List<String> columnLabels) {
        if (values.length != rowLabels.size()) {
            throw new IllegalArgumentException(values.length + " rows but " + rowLabels.size() + " row labels");
        }
        List<Number[]> cells = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != columnLabels.size()) {
                throw new IllegalArgumentException("row " + r + " has " + values[r].length + " values but there are "
                        + columnLabels.size() + " column labels");
            }
            for (int c = 0; c < values[r].length; c++) {
                // XChart's heat map puts y = 0 at the bottom; flip so row 0 is drawn on top, as in a matrix.
                cells.add(new Number[] {c, values.length - 1 - r, values[r][c]});
                lo = Math.min(lo, values[r][c]);
                hi = Math.max(hi, values[r][c]);
            }
        }
        List<String> yLabels = new ArrayList<>(rowLabels);
        java.util.Collections.reverse(yLabels);
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(columnTitle).yAxisTitle(rowTitle).build();
        chart.getStyler().setChartBackgroundColor(BACKGROUND);
        chart.getStyler().setPlotBackgroundColor(BACKGROUND);
        chart.getStyler().setLegendBackgroundColor(BACKGROUND);
        CellValues format = CellValues.of(values);
        // the plot takes roughly the chart less its title, axis labels and colour legend
        double cellWidth = (WIDTH - 240.0) / Math.max(1, columnLabels.size());
        double cellHeight = (HEIGHT - 120.0) / Math.max(1, rowLabels.size());
        chart.getStyler().setShowValue(CellValues.fit(cellWidth, cellHeight));
        chart.getStyler().setHeatMapValueDecimalPattern(format.pattern());
        chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, cellHeight >= 30 ? 13 : 11));
        chart.getStyler().setValueFontColor(Color.BLACK);
        // light to mid blue: black values stay readable on the darkest cell
        chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(158, 202, 225), new Color(66, 146, 198)});
        if (Double.isFinite(lo) && hi > lo) {
            chart.getStyler().setMin(lo);
            chart.getStyler().setMax(hi);
        }
        chart.addSeries(title, columnLabels, yLabels, cells);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** A blank image of the usual size: a placeholder to {@code display} before a live plot has data. */
    public static BufferedImage placeholder(String title) {
        return loss(title, List.of());
    }

    private static void style(Chart<? extends Styler, ?> chart) {
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(BACKGROUND);
        s.setPlotBackgroundColor(BACKGROUND);
        s.setLegendBackgroundColor(LEGEND_BACKGROUND);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setAntiAlias(true);
        s.setSeriesColors(Palette.BY_NAME.toArray(new Color[0]));
    }

    /**
     * XChart keeps room for tick labels as wide as ours but draws them invisibly, and no grid: {@link
     * AxisOverlay} draws both at our ticks.
     */
    private static void hideOwnTicks(XYChart chart, AxisScale xs, AxisScale ys) {
        AxesChartStyler s = chart.getStyler();
        s.setXAxisMin(xs.min());
        s.setXAxisMax(xs.max());
        s.setXAxisTickLabelsColor(INVISIBLE);
        s.setxAxisTickLabelsFormattingFunction(v -> "0");
        hideOwnYTicks(chart, ys);
        s.setPlotGridVerticalLinesVisible(false);
    }

    private static void hideOwnYTicks(Chart<? extends AxesChartStyler, ?> chart, AxisScale ys) {
        AxesChartStyler s = chart.getStyler();
        s.setYAxisMin(ys.logarithmic() ? Math.log10(ys.min()) : ys.min());
        s.setYAxisMax(ys.logarithmic() ? Math.log10(ys.max()) : ys.max());
        s.setYAxisTickLabelsColor(INVISIBLE);
        s.setPlotGridHorizontalLinesVisible(false);
        s.setPlotGridVerticalLinesVisible(false);
        s.setAxisTickMarksColor(INVISIBLE);   // still keeps their room: our labels go where XChart's would
        s.setPlotContentSize(CONTENT);
    }

    private static void drawTicks(BufferedImage img, XYChart chart, AxisScale xs, AxisScale ys) {
        Rectangle2D plot = plotFrame(chart, xs, ys);
        Font font = chart.getStyler().getAxisTickLabelsFont();
        AxisOverlay.drawX(img, plot, xs, chart::getScreenXFromChart, font, BACKGROUND);
        AxisOverlay.drawY(img, plot, ys, v -> screenY(chart, ys, v), font, BACKGROUND);
    }

    private static void drawYTicks(BufferedImage img, CategoryChart chart, AxisScale ys) {
        AxisOverlay.drawY(img, barFrame(chart, ys), ys, chart::getScreenYFromChart, chart.getStyler().getAxisTickLabelsFont(), BACKGROUND);
    }

    /** A bar chart's plot frame in pixels. */
    private static Rectangle2D barFrame(CategoryChart chart, AxisScale ys) {
        double top = chart.getScreenYFromChart(ys.max());
        double bottom = chart.getScreenYFromChart(ys.min());
        double pad = (bottom - top) * (1 - CONTENT) / (2 * CONTENT);
        double left = chart.getYAxisLeftWidth();
        // the category axis fills the frame's width; the frame ends where XChart's right padding begins
        return new Rectangle2D.Double(left, top - pad, WIDTH - left - 10, bottom - top + 2 * pad);
    }

    /**
     * Renders {@code chart} with room left of its y axis for the labels {@link AxisOverlay} will draw there,
     * plus {@link #TITLE_GAP} before the axis title. XChart sizes that room by its own (invisible) labels. In
     * an XY chart they are made whole numbers at least as wide as our widest label — distinct, or XChart drops
     * all but one of them and keeps no room. A bar chart keeps XChart's labels, whose format is also that of
     * the values on the bars. Then the rendered title's right edge is measured, and if our labels would still
     * come closer to it than the gap, the room is widened by the shortfall (wider placeholders, or in a bar
     * chart more padding after the axis titles) and the chart rendered again.
     */
    static <C extends Chart<? extends AxesChartStyler, ?>> BufferedImage renderWithRoom(C chart, AxisScale ys,
            java.util.function.Function<C, Rectangle2D> frame) {
        AxesChartStyler s = chart.getStyler();
        boolean placeholders = s instanceof org.knowm.xchart.style.XYStyler;
        Font font = s.getAxisTickLabelsFont();
        int widest = AxisOverlay.widestWidth(ys, font);
        Graphics2D g = AxisOverlay.graphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB), font);
        int digit = Math.max(1, g.getFontMetrics().stringWidth("0"));
        g.dispose();
        int digits = Math.max(2, (int) Math.ceil((widest + 2.0) / digit));
        double lo = s.getYAxisMin(), hi = s.getYAxisMax();
        BufferedImage img = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            if (placeholders) {
                s.setyAxisTickLabelsFormattingFunction(placeholders(digits, lo, hi));
            }
            img = BitmapEncoder.getBufferedImage(chart);
            Rectangle2D plot = frame.apply(chart);
            double labelsLeft = AxisOverlay.yLabelsRight(plot.getMinX()) - widest;
            int titleRight = inkRight(img, (int) Math.round(plot.getMinX()) - 2, (int) plot.getMinY(), (int) plot.getMaxY());
            double shortfall = Math.max(titleRight + TITLE_GAP, 2) - labelsLeft;
            if (shortfall <= 0) {
                break;
            }
            if (placeholders) {
                digits += (int) Math.ceil(shortfall / digit);
            } else {
                s.setAxisTitlePadding(s.getAxisTitlePadding() + (int) Math.ceil(shortfall));
            }
        }
        return img;
    }

    /** XChart's invisible y labels: {@code digits} digits each, distinct for ticks at least 1% of the axis apart. */
    private static java.util.function.Function<Double, String> placeholders(int digits, double lo, double hi) {
        double span = hi > lo ? hi - lo : 1;
        return v -> {
            long code = Math.floorMod(Math.round((v - lo) / span * 99), 100);
            return "0".repeat(digits - 2) + (code < 10 ? "0" : "") + code;
        };
    }

    /**
     * The rightmost column left of {@code before} that has ink (a pixel that is not the background) between
     * rows {@code top} and {@code bottom}, or -1: before our labels are drawn, only the axis title is there.
     */
    static int inkRight(BufferedImage img, int before, int top, int bottom) {
        int bg = BACKGROUND.getRGB();
        for (int x = Math.min(before, img.getWidth()) - 1; x >= 0; x--) {
            for (int y = Math.max(0, top); y <= Math.min(bottom, img.getHeight() - 1); y++) {
                if (img.getRGB(x, y) != bg) {
                    return x;
                }
            }
        }
        return -1;
    }

    /** The plot's frame in pixels: the axis ranges fill {@link #CONTENT} of it, centred. */
    private static Rectangle2D plotFrame(XYChart chart, AxisScale xs, AxisScale ys) {
        double left = chart.getScreenXFromChart(xs.min());
        double right = chart.getScreenXFromChart(xs.max());
        double top = screenY(chart, ys, ys.max());
        double bottom = screenY(chart, ys, ys.min());
        double padX = (right - left) * (1 - CONTENT) / (2 * CONTENT);
        double padY = (bottom - top) * (1 - CONTENT) / (2 * CONTENT);
        return new Rectangle2D.Double(left - padX, top - padY, right - left + 2 * padX, bottom - top + 2 * padY);
    }

    private static double min(List<Series> series, boolean x, boolean positiveOnly) {
        return series.stream().flatMapToDouble(s -> Arrays.stream(x ? s.x() : s.y()))
                .filter(v -> Double.isFinite(v) && (!positiveOnly || v > 0)).min().orElse(Double.NaN);
    }

    private static double max(List<Series> series, boolean x) {
        return series.stream().flatMapToDouble(s -> Arrays.stream(x ? s.x() : s.y())).filter(Double::isFinite).max()
                .orElse(Double.NaN);
    }

    private static double min(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).max().orElse(Double.NaN);
    }
}
