package course.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsTest {

    /** A rendered chart is not one flat colour: something was drawn. */
    private static void assertDrawn(BufferedImage img) {
        assertEquals(Charts.WIDTH, img.getWidth());
        assertEquals(Charts.HEIGHT, img.getHeight());
        int first = img.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < img.getHeight() && !varied; y += 7) {
            for (int x = 0; x < img.getWidth() && !varied; x += 7) {
                varied = img.getRGB(x, y) != first;
            }
        }
        assertTrue(varied, "image is blank");
    }

    @Test
    void drawsEveryKindOfChart() {
        assertDrawn(Charts.line("loss", "step", "loss", Series.of("train", new double[] {3, 2, 1.5, 1.2})));
        assertDrawn(Charts.bars("labels", "tweets", List.of("negative", "neutral", "positive"), List.of(9178, 3099, 2363)));
        assertDrawn(Charts.horizontalBars("sections", "accuracy %", List.of("family", "gram3-comparative", "currency"), List.of(23.9, 25.4, 0)));
        assertDrawn(Charts.histogram("length", "characters", List.of(10, 20, 20, 30, 140), 5));
        assertDrawn(Charts.scatter("map", new double[] {0, 1}, new double[] {1, 0}, List.of("king", "queen")));
        assertDrawn(Charts.heatmap("attention", new double[][] {{1, 0}, {0.5, 0.5}}, List.of("a", "b"), List.of("a", "b")));
        assertDrawn(Charts.placeholder("waiting"));
        assertDrawn(Charts.loss("loss", List.of(Series.of("train", new double[] {2, 0.5, 0.01}), Series.of("val", new double[] {-1, 1}))));
        assertDrawn(Charts.loss("loss", List.of(Series.of("train", new double[] {2, 0.5, 0.01}))));
    }

    @Test
    void groupedScatterColoursEachGroupAndSaysWhatIsMissing() {
        BufferedImage img = Charts.scatter("senses", "x", "y", new double[] {0, 1, 2, 3}, new double[] {0, 1, 0, 1},
                List.of("a", "b", "c", "d"), List.of("sport", "stage", "sport", "stage"));
        Color sport = Palette.forName("sport");
        Color stage = Palette.forName("stage", List.of(sport));
        assertNotEquals(sport, stage);
        assertTrue(countPixels(img, sport) > 20, "sport's colour is drawn");
        assertTrue(countPixels(img, stage) > 20, "stage's colour is drawn");
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.scatter("m", "x", "y", new double[2], new double[2],
                List.of("a", "b"), List.of("sport")));
        assertTrue(e.getMessage().contains("groups 1"), e.getMessage());
    }

    private static int countPixels(BufferedImage img, Color colour) {
        int n = 0;
        for (int yy = 0; yy < img.getHeight(); yy++) {
            for (int xx = 0; xx < img.getWidth(); xx++) {
                if (img.getRGB(xx, yy) == colour.getRGB()) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The blue runs of a horizontal bar chart, top to bottom: {row centre, length in pixels} of each bar. */
    private static List<int[]> blueRuns(BufferedImage img) {
        int blue = Palette.BLUE.getRGB();
        List<int[]> runs = new java.util.ArrayList<>();
        int start = -1;
        int longest = 0;
        for (int y = 0; y <= img.getHeight(); y++) {
            int length = 0;
            for (int x = 0; y < img.getHeight() && x < img.getWidth(); x++) {
                length += img.getRGB(x, y) == blue ? 1 : 0;
            }
            if (length > 0 && start < 0) {
                start = y;
            }
            longest = Math.max(longest, length);
            if (length == 0 && start >= 0) {
                runs.add(new int[] {(start + y) / 2, longest});
                start = -1;
                longest = 0;
            }
        }
        return runs;
    }

    @Test
    void horizontalBarsAreInOrderAndToScaleAndTheImageGrowsWithThem() {
        List<int[]> bars = blueRuns(Charts.horizontalBars("scale", "value", List.of("ten", "five", "twenty"), List.of(10, 5, 20)));
        assertEquals(3, bars.size());
        assertTrue(bars.get(0)[0] < bars.get(1)[0] && bars.get(1)[0] < bars.get(2)[0], "the first category on top");
        assertEquals(2.0, bars.get(0)[1] / (double) bars.get(1)[1], 0.05);
        assertEquals(4.0, bars.get(2)[1] / (double) bars.get(1)[1], 0.1);
        List<String> many = java.util.stream.IntStream.range(0, 14).mapToObj(i -> "gram" + i + "-a-long-section-name").toList();
        BufferedImage tall = Charts.horizontalBars("many", "accuracy %", many, java.util.Collections.nCopies(14, 5.0));
        assertTrue(tall.getHeight() > Charts.HEIGHT, "14 rows need more than " + Charts.HEIGHT + " pixels");
        assertEquals(14, blueRuns(tall).size(), "a bar for every category");
        assertThrows(IllegalArgumentException.class, () -> Charts.horizontalBars("t", "x", List.of("a"), List.of(1, 2)));
    }

    @Test
    void barLabelsKeepAsManyDecimalsAsTellTheValuesApart() {
        assertEquals(List.of("23.9", "25.4", "0"), Charts.valueLabels(new double[] {23.9, 25.4, 0}));
        assertEquals(List.of("0.31", "0.33", "0.36"), Charts.valueLabels(new double[] {0.3112, 0.3288, 0.36}));
        assertEquals(List.of("0.333", "0.334", "0.333"), Charts.valueLabels(new double[] {0.3331, 0.3338, 0.3331}));
        assertEquals(List.of("0.1", "0.1"), Charts.valueLabels(new double[] {0.1, 0.1}), "equal values need no more digits");
        assertEquals(List.of("9,178", "3,099"), Charts.valueLabels(new double[] {9178, 3099}));
    }

    @Test
    void mismatchedInputsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Series("s", new double[2], new double[3]));
        assertTrue(e.getMessage().contains("x has 2 values but y has 3"), e.getMessage());
        var s = assertThrows(IllegalArgumentException.class, () -> Charts.scatter("m", new double[1], new double[1], List.of()));
        assertTrue(s.getMessage().contains("labels 0"), s.getMessage());
        var h = assertThrows(IllegalArgumentException.class, () -> Charts.heatmap("h", new double[][] {{1, 2}}, List.of("r"), List.of("c")));
        assertTrue(h.getMessage().contains("row 0 has 2 values but there are 1 column labels"), h.getMessage());
    }

    @Test
    void seriesIsACopy() {
        double[] y = {1, 2};
        Series s = Series.of("s", y);
        y[0] = 99;
        assertEquals(1, s.y()[0]);
        assertNotEquals(99, s.x()[0]);
    }
}
