package course.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AxisScaleTest {

    private static List<String> labels(AxisScale s) {
        return s.ticks().stream().map(AxisScale.Tick::label).toList();
    }

    @Test
    void twoThousandStepsGetFewRoundCompactLabels() {
        AxisScale s = AxisScale.linear(1, 2000, AxisScale.MAX_TICKS);
        assertEquals(List.of("0", "500", "1k", "1.5k", "2k"), labels(s));
        assertTrue(s.min() <= 1 && s.max() >= 2000, s.toString());
    }

    @Test
    void neverMoreTicksThanAskedForAndAllDistinct() {
        double[][] ranges = {{1, 2000}, {1, 60}, {0, 1}, {-0.72, 0.51}, {1, 1001}, {4.143, 4.159}, {0, 9081}, {1, 5000}};
        for (double[] r : ranges) {
            AxisScale s = AxisScale.linear(r[0], r[1], AxisScale.MAX_TICKS);
            List<String> l = labels(s);
            assertTrue(l.size() >= 3 && l.size() <= AxisScale.MAX_TICKS, r[0] + ".." + r[1] + ": " + l);
            assertEquals(l.size(), new HashSet<>(l).size(), "duplicate labels " + l);
            assertTrue(l.stream().allMatch(x -> x.length() <= 5), "long labels " + l);
            assertTrue(s.ticks().stream().allMatch(t -> t.value() >= s.min() - 1e-12 && t.value() <= s.max() + 1e-12),
                    "tick off the axis " + s);
        }
    }

    @Test
    void ranksFromOneStartAtOneNotAtATickZero() {
        AxisScale s = AxisScale.linear(1, 12, AxisScale.MAX_TICKS);
        assertEquals(1, s.min());
        assertEquals(12, s.max());
        assertEquals(List.of("2", "4", "6", "8", "10", "12"), labels(s));
    }

    @Test
    void anEndReachesARoundTickOnlyWhenItIsClose() {
        AxisScale ranks = AxisScale.linear(1, 60, AxisScale.MAX_TICKS);   // 0 is 1.7 % of the range away
        assertEquals(0, ranks.min());
        assertEquals(60, ranks.max());
        AxisScale pca = AxisScale.linear(-0.72, 0.51, AxisScale.MAX_TICKS);   // -0.8 and 0.6 are 7 % away
        assertEquals(-0.72, pca.min(), 1e-12);
        assertEquals(0.51, pca.max(), 1e-12);
        assertEquals(List.of("-0.6", "-0.4", "-0.2", "0", "0.2", "0.4"), labels(pca));
    }

    @Test
    void roundedAxisEndsOnTicksAboveTheTallestBar() {
        AxisScale s = AxisScale.rounded(0, 9081, AxisScale.MAX_TICKS);
        assertEquals(0, s.min());
        assertEquals(10_000, s.max());
        assertEquals("10k", labels(s).get(labels(s).size() - 1));
    }

    @Test
    void logAxisWithinOneDecadeStillHasNumbers() {
        AxisScale s = AxisScale.log(1.5, 4.2, AxisScale.MAX_TICKS);
        assertEquals(List.of("2", "3", "4"), labels(s));
        assertTrue(s.ticks().stream().allMatch(t -> t.value() >= s.min() && t.value() <= s.max()));
    }

    @Test
    void logAxisOverDecadesUsesRoundMantissas() {
        assertEquals(List.of("0.05", "0.1", "0.2", "0.5", "1", "2"), labels(AxisScale.log(0.045, 2.2, AxisScale.MAX_TICKS)));
        assertEquals(List.of("1e-4", "0.001", "0.01", "0.1", "1"), labels(AxisScale.log(1e-4, 2, AxisScale.MAX_TICKS)));
        assertTrue(AxisScale.log(1e-9, 10, AxisScale.MAX_TICKS).ticks().size() <= AxisScale.MAX_TICKS);
    }

    @Test
    void veryNarrowLogAxisFallsBackToRoundLinearSteps() {
        List<String> l = labels(AxisScale.log(4.143, 4.159, AxisScale.MAX_TICKS));
        assertTrue(l.size() >= 3, l.toString());
        assertTrue(l.contains("4.15"), l.toString());
    }

    @Test
    void degenerateRangesStillGiveAnAxis() {
        assertTrue(AxisScale.linear(3, 3, 8).ticks().size() >= 2);
        assertTrue(AxisScale.linear(Double.NaN, Double.NaN, 8).ticks().size() >= 2);
        assertTrue(AxisScale.log(Double.NaN, Double.NaN, 8).ticks().size() >= 2);
    }

    @Test
    void numberLabelsAreShort() {
        assertEquals("1.5k", NumberLabels.onGrid(1500, 500));
        assertEquals("1,002", NumberLabels.onGrid(1002, 2));
        assertEquals("0.25", NumberLabels.onGrid(0.25, 0.05));
        assertEquals("-0.4", NumberLabels.onGrid(-0.4, 0.2));
        assertEquals("0", NumberLabels.onGrid(-1e-17, 0.1));
        assertEquals("2M", NumberLabels.onGrid(2e6, 5e5));
        assertEquals("5e-5", NumberLabels.round(5e-5));
    }

    @Test
    void crowdedLabelsAreThinnedEvenly() {
        double[] centres = {0, 30, 60, 90, 120};
        double[] widths = {40, 40, 40, 40, 40};
        assertEquals(List.of(0, 2, 4), AxisOverlay.fitting(centres, widths, 8));
        assertEquals(List.of(0, 1, 2, 3, 4), AxisOverlay.fitting(centres, new double[] {10, 10, 10, 10, 10}, 8));
    }
}
