package course.viz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The y labels the course draws keep clear of the rotated y-axis title, for every chart kind and for wide
 * labels (4.13 … 4.17 on a log axis, counts up to 9,081, −0.72 … 0.51). Checked on the pixels: left of the
 * plot, the columns with ink form separate runs — the title, then the labels, then the tick marks and the
 * plot's frame — and the title's run ends well before the labels' begins.
 */
class AxisRoomTest {

    /** Runs of columns [from, to] in x < WIDTH/3 that hold dark ink in the rows of the plot's middle. */
    static List<int[]> inkRuns(BufferedImage img) {
        List<int[]> runs = new ArrayList<>();
        int top = (int) (Charts.HEIGHT * 0.18), bottom = (int) (Charts.HEIGHT * 0.78);
        int start = -1;
        for (int x = 0; x < Charts.WIDTH / 3; x++) {
            boolean ink = false;
            for (int y = top; y <= bottom && !ink; y++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
                ink = Math.max(r, Math.max(g, b)) < 170;
            }
            if (ink && start < 0) {
                start = x;
            } else if (!ink && start >= 0) {
                runs.add(new int[] {start, x - 1});
                start = -1;
            }
        }
        if (start >= 0) {
            runs.add(new int[] {start, Charts.WIDTH / 3 - 1});
        }
        return runs;
    }

    private static void assertTitleClear(String name, Supplier<BufferedImage> chart) {
        BufferedImage img = chart.get();
        dump(name, img);
        List<int[]> runs = inkRuns(img);
        StringBuilder seen = new StringBuilder();
        runs.forEach(r -> seen.append(" [").append(r[0]).append(',').append(r[1]).append(']'));
        assertTrue(runs.size() >= 3, name + ": title, labels and frame should be apart, ink runs:" + seen);
        int[] title = runs.get(0), labels = runs.get(1);
        assertTrue(title[0] >= 2, name + ": title clipped at the image edge:" + seen);
        assertTrue(title[1] - title[0] <= 16, name + ": first ink run is wider than a rotated title:" + seen);
        assertTrue(labels[0] - title[1] > 5, name + ": labels within 5 px of the title:" + seen);
    }

    /** With -Dviz.dump=DIR the charts are written there as PNGs to look at. */
    private static void dump(String name, BufferedImage img) {
        String dir = System.getProperty("viz.dump");
        if (dir != null) {
            try {
                ImageIO.write(img, "png", new File(dir, name + ".png"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static double[] falling(int n, double from, double to) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = from + (to - from) * i / (n - 1.0) + 0.002 * Math.sin(i);
        }
        return y;
    }

    @Test
    void logAxisWithTwoDecimals() {
        assertTitleClear("log-4.13", () -> Charts.loss("loss", List.of(Series.of("loss per pair", falling(60, 4.159, 4.142)))));
        assertTitleClear("log-wide", () -> Charts.loss("loss", List.of(Series.of("train", falling(60, 4.17, 4.13)))));
    }

    @Test
    void lineWithNegativeDecimals() {
        assertTitleClear("line-neg", () -> Charts.line("cosine", "step", "similarity", Series.of("s", falling(30, -0.72, 0.51))));
    }

    @Test
    void barsWithLargeCounts() {
        assertTitleClear("bars", () -> Charts.bars("labels", "tweets", List.of("negative", "neutral", "positive"), List.of(9081, 3099, 2363)));
        assertTitleClear("bars-neg", () -> Charts.bars("weights", "weight", List.of("a", "b", "c"), List.of(-0.72, 0.1, 0.51)));
    }

    @Test
    void histogramWithLargeCounts() {
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 9081; i++) {
            values.add(5);
        }
        for (int i = 0; i < 300; i++) {
            values.add(i % 140);
        }
        assertTitleClear("histogram", () -> Charts.histogram("length", "characters", values, 10));
    }

    @Test
    void scatterWithNegativeDecimals() {
        assertTitleClear("scatter", () -> Charts.scatter("map", new double[] {-1.3, 0.2, 0.9}, new double[] {-0.72, 0.1, 0.51},
                List.of("king", "queen", "man")));
    }

    @Test
    void heatmapRowLabels() {
        assertTitleClear("heatmap", () -> Charts.heatmap("confusion", "truth", "prediction",
                new double[][] {{9081, 12, 3}, {40, 3099, 7}, {1, 2, 2363}},
                List.of("negative", "neutral", "positive"), List.of("negative", "neutral", "positive")));
    }
}
