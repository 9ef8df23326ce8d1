package course.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LearningRateTest {

    @Test
    void constantIsTheSameAtEveryStep() {
        LearningRate lr = LearningRate.constant(0.02);
        assertArrayEquals(new double[] {0.02, 0.02, 0.02}, lr.rates(3));
        assertEquals(0.02, lr.at(1_000_000));
        assertMessage("constant: rate must be a finite learning rate >= 0, got NaN", () -> LearningRate.constant(Double.NaN));
        assertMessage("got -0.1", () -> LearningRate.constant(-0.1));
        assertMessage("got Infinity", () -> LearningRate.constant(Double.POSITIVE_INFINITY));
    }

    @Test
    void warmupCosineRisesToThePeakThenFallsToTheFloor() {
        LearningRate lr = LearningRate.warmupCosine(1e-3, 1e-4, 10, 110);
        assertEquals(1e-4, lr.at(0), 1e-12);         // peak · 1/10
        assertEquals(1e-3, lr.at(9), 1e-12);         // the warm-up's last step reaches the peak
        assertEquals(1e-3, lr.at(10), 1e-12);        // the cosine starts there
        assertEquals(5.5e-4, lr.at(60), 1e-12);      // half-way: the mean of peak and floor
        assertEquals(1e-4, lr.at(110));              // the end is exactly the floor ...
        assertEquals(1e-4, lr.at(5000));             // ... and stays there
        double[] rates = lr.rates(111);
        assertMonotonic(rates, 0, 9, +1);
        assertMonotonic(rates, 10, 110, -1);
    }

    @Test
    void warmupCosineNamesBadArguments() {
        assertMessage("warmupSteps=10, totalSteps=10", () -> LearningRate.warmupCosine(1e-3, 0, 10, 10));
        assertMessage("warmupSteps=-1", () -> LearningRate.warmupCosine(1e-3, 0, -1, 10));
        assertMessage("floor must not exceed peak, got floor=0.01, peak=0.001", () -> LearningRate.warmupCosine(1e-3, 1e-2, 1, 10));
        assertMessage("peak must be a finite learning rate >= 0, got NaN", () -> LearningRate.warmupCosine(Double.NaN, 0, 1, 10));
    }

    @Test
    void slantedTriangularPeaksAtTheCutAndStartsAtPeakOverRatio() {
        SlantedTriangular stlr = new SlantedTriangular(0.01, 1000, 0.1, 32);
        assertEquals(100, stlr.cut());                            // ⌊1000 · 0.1⌋
        assertEquals(0.01 / 32, stlr.at(0), 1e-15);               // first step: η_max / ratio
        assertEquals(0.01, stlr.at(100), 1e-15);                  // the cut: η_max
        assertEquals(0.01 * (1 + 0.5 * 31) / 32, stlr.at(50), 1e-15);    // p = 1/2 on the way up
        assertEquals(0.01 * (1 + 0.5 * 31) / 32, stlr.at(550), 1e-15);   // and on the way down: 1 − 450/900
        assertEquals(0.01 / 32, stlr.at(1000), 1e-15);            // back to η_max / ratio at T
        assertEquals(0.01 / 32, stlr.at(5000), 1e-15);            // and no lower after it
        assertRisesThenFalls(stlr, 0, 100, 1000);
    }

    @Test
    void slantedTriangularDefaultsAreThePapers() {
        assertEquals(new SlantedTriangular(0.01, 1000, 0.1, 32), LearningRate.slantedTriangular(0.01, 1000));
    }

    @Test
    void slantedTriangularNeverDipsBelowPeakOverRatioWhenTheCutIsRoundedDown() {
        SlantedTriangular stlr = new SlantedTriangular(1, 25, 0.1, 32);   // cut ⌊2.5⌋ = 2: eq. 3 reaches p = 0 at step 20
        assertEquals(2, stlr.cut());
        assertEquals(1.0, stlr.at(2), 1e-15);
        for (int step = 20; step <= 30; step++) {
            assertEquals(1.0 / 32, stlr.at(step), 1e-15, "step " + step);
        }
    }

    @Test
    void slantedTriangularNamesBadArguments() {
        assertMessage("cutFraction must be in (0, 1), got 0.0", () -> LearningRate.slantedTriangular(0.01, 100, 0, 32));
        assertMessage("cutFraction must be in (0, 1), got 1.5", () -> LearningRate.slantedTriangular(0.01, 100, 1.5, 32));
        assertMessage("ratio must be a finite number >= 1, got 0.5", () -> LearningRate.slantedTriangular(0.01, 100, 0.1, 0.5));
        assertMessage("totalSteps must be >= 1, got 0", () -> LearningRate.slantedTriangular(0.01, 0));
        assertMessage("peak must be a finite learning rate >= 0, got -1.0", () -> LearningRate.slantedTriangular(-1, 100));
        assertMessage("floor(5 * 0.1) = 0; it must be >= 1, so train for at least 10 steps",
                () -> LearningRate.slantedTriangular(0.01, 5));
    }

    @Test
    void noamPeaksAtTheWarmupStep() {
        Noam noam = new Noam(512, 4000, 1);                                  // the paper's base model
        double peak = 1 / Math.sqrt(512.0 * 4000);                           // d^−0.5 · warmup^−0.5
        assertEquals(peak, noam.at(4000), 1e-12 * peak);
        assertEquals(Math.pow(4000, -1.5) / Math.sqrt(512), noam.at(1), 1e-12 * peak);     // 1 · warmup^−1.5 · d^−0.5
        assertEquals(noam.at(1), noam.at(0));                                // step 0 is taken as 1, as the Annotated Transformer does
        assertEquals(Math.pow(16000, -0.5) / Math.sqrt(512), noam.at(16000), 1e-12 * peak);   // step^−0.5 · d^−0.5 after it
        assertRisesThenFalls(noam, 1, 4000, 19_999);
    }

    @Test
    void noamFactorScalesTheWholeCurve() {
        Noam one = new Noam(256, 400, 1);
        LearningRate two = LearningRate.noam(256, 400, 2);
        for (int step : new int[] {0, 1, 200, 400, 401, 10_000}) {
            assertEquals(2 * one.at(step), two.at(step), 1e-15, "step " + step);
        }
    }

    @Test
    void noamNamesBadArguments() {
        assertMessage("Noam: modelSize must be >= 1, got 0", () -> LearningRate.noam(0, 4000, 1));
        assertMessage("Noam: warmupSteps must be >= 1, got -5", () -> LearningRate.noam(512, -5, 1));
        assertMessage("Noam: factor must be a finite number > 0, got NaN", () -> LearningRate.noam(512, 4000, Double.NaN));
        assertMessage("got 0.0", () -> LearningRate.noam(512, 4000, 0));
    }

    @Test
    void ratesListEveryStepOfARunForAPlot() {
        LearningRate byStep = step -> step;                                  // a learner's own schedule, as a lambda
        assertArrayEquals(new double[] {0, 1, 2, 3}, byStep.rates(4));
        assertEquals(0, byStep.rates(0).length);
        assertMessage("steps must be >= 0, got -1", () -> byStep.rates(-1));
    }

    /** Each rate in [from, to] is strictly above (direction +1) or below (−1) the one before it. */
    private static void assertMonotonic(double[] rates, int from, int to, int direction) {
        for (int step = from + 1; step <= to; step++) {
            assertTrue(direction * (rates[step] - rates[step - 1]) > 0,
                    "step " + step + ": " + rates[step - 1] + " then " + rates[step] + ", expected " + (direction > 0 ? "a rise" : "a fall"));
        }
    }

    /** The rate rises step by step from {@code from} to {@code peak}, falls from there to {@code to}, and is highest at {@code peak}. */
    private static void assertRisesThenFalls(LearningRate schedule, int from, int peak, int to) {
        double[] rates = schedule.rates(to + 1);
        assertMonotonic(rates, from, peak, +1);
        assertMonotonic(rates, peak, to, -1);
        assertEquals(Arrays.stream(rates).max().orElseThrow(), rates[peak], "the highest rate of " + schedule);
    }

    private static void assertMessage(String part, Executable call) {
        String message = assertThrows(IllegalArgumentException.class, call).getMessage();
        assertTrue(message.contains(part), "expected the message to contain \"" + part + "\", got \"" + message + "\"");
    }
}
