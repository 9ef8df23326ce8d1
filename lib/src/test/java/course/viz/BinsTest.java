package course.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinsTest {

    @Test
    void equalWidthBinsCountEveryValueOnceAndTheLargestInTheLast() {
        Bins b = Bins.of(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 10), 5);
        assertArrayEquals(new long[] {2, 2, 2, 2, 2}, b.counts());
        assertEquals(0, b.edge(0));
        assertEquals(2, b.edge(1));
        assertEquals(10, b.edge(5));
        assertEquals(2, b.largest());
        assertArrayEquals(new long[] {1}, Bins.of(List.of(7, Double.NaN), 1).counts());
        assertThrows(IllegalArgumentException.class, () -> Bins.of(List.of(1), 0));
    }

    @Test
    void histogramOfTweetLengthsHasRoundTicksNotBinCentres() {
        List<Integer> lengths = new ArrayList<>();
        for (int v = 2; v <= 186; v++) {
            lengths.add(v);
        }
        AxisScale xs = Charts.histogramAxis(Bins.of(lengths, 20));
        assertEquals(List.of("0", "50", "100", "150"), xs.ticks().stream().map(AxisScale.Tick::label).toList());
        assertEquals(0, xs.min());
        assertEquals(186, xs.max());
    }

    @Test
    void histogramPaintsItsBars() {
        BufferedImage img = Charts.histogram("length", "characters", List.of(10, 20, 20, 30, 140), 5);
        int blue = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                blue += (img.getRGB(x, y) & 0xFFFFFF) == (Palette.BLUE.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        assertTrue(blue > 10_000, blue + " blue pixels");
    }
}
