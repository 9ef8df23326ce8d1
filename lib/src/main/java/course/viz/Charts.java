package course.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * XChart plots rendered to {@link BufferedImage}. A notebook cell that ends with the image shows it as a PNG,
 * which GitHub, nbviewer and the HTML export all display; {@code display(img)} and {@code updateDisplay(id,
 * img)} redraw it in place during training.
 */
public final class Charts {

    public static final int WIDTH = 720;
    public static final int HEIGHT = 420;

    private Charts() {}

    /** Lines, e.g. training and validation loss against the step. */
    public static BufferedImage line(String title, String xLabel, String yLabel, List<Series> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(chart);
        for (Series s : series) {
            double[] x = s.size() == 0 ? new double[] {0} : s.x();
            double[] y = s.size() == 0 ? new double[] {Double.NaN} : s.y();
            chart.addSeries(s.name(), x, y).setMarker(s.size() > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        return render(chart);
    }

    public static BufferedImage line(String title, String xLabel, String yLabel, Series... series) {
        return line(title, xLabel, yLabel, Arrays.asList(series));
    }

    /**
     * Loss curves against the step, on a logarithmic loss axis when every value is positive: a loss that
     * keeps falling from 2 to 0.0002 is a flat line on a linear axis but a readable slope on a log one.
     */
    public static BufferedImage loss(String title, List<Series> series) {
        boolean positive = series.stream().allMatch(s -> java.util.Arrays.stream(s.y()).allMatch(v -> v > 0));
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("step")
                .yAxisTitle(positive ? "loss (log scale)" : "loss").build();
        style(chart);
        chart.getStyler().setYAxisLogarithmic(positive && series.stream().anyMatch(s -> s.size() > 0));
        for (Series s : series) {
            double[] x = s.size() == 0 ? new double[] {0} : s.x();
            double[] y = s.size() == 0 ? new double[] {1} : s.y();
            chart.addSeries(s.name(), x, y).setMarker(s.size() > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        return render(chart);
    }

    /** One bar per category. */
    public static BufferedImage bars(String title, String yLabel, List<String> categories, List<? extends Number> values) {
        if (categories.size() != values.size()) {
            throw new IllegalArgumentException(categories.size() + " categories but " + values.size() + " values");
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel).build();
        style(chart);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#,##0.#");  // value labels: 8.8, not 8.791208791
        if (categories.size() > 5 || categories.stream().mapToInt(String::length).sum() > 60) {
            chart.getStyler().setXAxisLabelRotation(40);  // long category names would overlap
        }
        chart.addSeries(yLabel, categories, new ArrayList<Number>(values));
        return render(chart);
    }

    /** A histogram of {@code values} in {@code bins} equal-width bins. */
    public static BufferedImage histogram(String title, String xLabel, List<? extends Number> values, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        Histogram h = new Histogram(new ArrayList<Number>(values), bins); // XChart calls contains(null): no immutable lists
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle("count").build();
        style(chart);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setAvailableSpaceFill(0.96);
        chart.getStyler().setXAxisMaxLabelCount(12);
        chart.addSeries(xLabel, h.getxAxisData(), h.getyAxisData());
        return render(chart);
    }

    /** Points with a text label beside each, e.g. a 2-D map of word vectors. */
    public static BufferedImage scatter(String title, double[] x, double[] y, List<String> labels) {
        if (x.length != y.length || x.length != labels.size()) {
            throw new IllegalArgumentException("scatter needs as many labels as points: x " + x.length + ", y "
                    + y.length + ", labels " + labels.size());
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("points", x.length == 0 ? new double[] {0} : x, y.length == 0 ? new double[] {Double.NaN} : y);
        for (int i = 0; i < x.length; i++) {
            chart.addAnnotation(new AnnotationText(labels.get(i), x[i], y[i], false));
        }
        return render(chart);
    }

    /** A matrix as coloured cells, e.g. attention weights (rows: queries, columns: keys) or a confusion matrix. */
    public static BufferedImage heatmap(String title, double[][] values, List<String> rowLabels, List<String> columnLabels) {
        if (values.length != rowLabels.size()) {
            throw new IllegalArgumentException(values.length + " rows but " + rowLabels.size() + " row labels");
        }
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != columnLabels.size()) {
                throw new IllegalArgumentException("row " + r + " has " + values[r].length + " values but there are "
                        + columnLabels.size() + " column labels");
            }
            for (int c = 0; c < values[r].length; c++) {
                // XChart's heat map puts y = 0 at the bottom; flip so row 0 is drawn on top, as in a matrix.
                cells.add(new Number[] {c, values.length - 1 - r, values[r][c]});
            }
        }
        List<String> yLabels = new ArrayList<>(rowLabels);
        java.util.Collections.reverse(yLabels);
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(values.length * columnLabels.size() <= 100);
        chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)});
        chart.addSeries(title, columnLabels, yLabels, cells);
        return render(chart);
    }

    /** A blank image of the usual size: a placeholder to {@code display} before a live plot has data. */
    public static BufferedImage placeholder(String title) {
        return loss(title, List.of());
    }

    private static void style(Chart<? extends Styler, ?> chart) {
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setAntiAlias(true);
    }

    private static BufferedImage render(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }
}
