package course.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class XRangeTest {

    private static final Series NANO_GPT = Series.reference("nanoGPT baby GPT, validation", new double[] {2000}, new double[] {1.8857});

    private static Series steps(String name, int from, int to) {
        double[] x = new double[to - from + 1];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = from + i;
            y[i] = 4 - i * 0.01;
        }
        return new Series(name, x, y);
    }

    @Test
    void aReferenceFarBeyondTheRunStaysOutsideAndIsLabelled() {
        List<Series> series = List.of(steps("train", 1, 30), new Series("validation", new double[] {15, 30}, new double[] {3.6, 3.4}), NANO_GPT);
        XRange r = XRange.of(series);
        assertEquals(1, r.min());
        assertEquals(30, r.max());
        assertEquals(1, r.beyond().size());
        XRange.Beyond b = r.beyond().get(0);
        assertTrue(b.right());
        assertEquals("nanoGPT baby GPT, validation at step 2,000: 1.886 →", b.label("step"));
        AxisScale xs = Charts.xAxis(series);
        assertTrue(xs.min() <= 1 && xs.max() >= 30 && xs.max() <= 35, xs.toString());
    }

    @Test
    void aReferenceNearTheRunWidensTheRange() {
        XRange r = XRange.of(List.of(steps("train", 1, 1800), NANO_GPT));
        assertEquals(2000, r.max());
        assertTrue(r.beyond().isEmpty());
        assertTrue(XRange.of(List.of(steps("train", 1, 2000), NANO_GPT)).beyond().isEmpty());
    }

    @Test
    void withoutARunTheReferenceIsTheRange() {
        XRange r = XRange.of(List.of(NANO_GPT, new Series("train", new double[0], new double[0])));
        assertEquals(2000, r.min());
        assertEquals(2000, r.max());
        assertTrue(r.beyond().isEmpty());
        assertTrue(Double.isNaN(XRange.of(List.of()).min()));
    }

    @Test
    void anOrdinarySeriesIsPartOfTheRunWhereverItLies() {
        XRange r = XRange.of(List.of(steps("train", 1, 30), new Series("other", new double[] {2000}, new double[] {2})));
        assertEquals(2000, r.max());
        assertTrue(r.beyond().isEmpty());
    }

    @Test
    void referenceFlagSurvivesRecolouring() {
        assertTrue(NANO_GPT.withColour(Palette.RED).reference());
        Series marked = steps("paper", 1, 2).asReference();
        assertTrue(marked.reference());
        assertEquals(Palette.REFERENCE, marked.colour().orElseThrow());
        assertEquals(Palette.RED, steps("paper", 1, 2).withColour(Palette.RED).asReference().colour().orElseThrow());
        assertFalse(steps("train", 1, 2).reference());
    }

    @Test
    void aRunWithAnOffRangeReferenceStillDraws() {
        var img = Charts.loss("loss", List.of(steps("train", 1, 30), NANO_GPT));
        assertEquals(Charts.WIDTH, img.getWidth());
        boolean grey = false;
        for (int y = 0; y < img.getHeight() && !grey; y++) {
            for (int x = img.getWidth() / 2; x < img.getWidth() && !grey; x++) {
                grey = (img.getRGB(x, y) & 0xFFFFFF) == (Palette.REFERENCE.getRGB() & 0xFFFFFF);
            }
        }
        assertTrue(grey, "no grey reference marker in the right half");
    }
}
