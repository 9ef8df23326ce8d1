package course.exercise;

import org.junit.jupiter.api.Test;

/** The checks of notebook 03's exercises: the reference solution passes, a stub is not attempted, typical mistakes get their hint. */
class Notebook03ChecksTest {

    private static double stlr(int t, int total, double peak, double cutFraction, double ratio, boolean floor, boolean clamp, boolean fromZero) {
        double cut = floor ? Math.floor(total * cutFraction) : total * cutFraction;
        double p = t < cut ? t / cut : 1 - (t - cut) / (cut * (1 / cutFraction - 1));
        if (clamp) {
            p = Math.max(p, 0);
        }
        return fromZero ? peak * p : peak * (1 + p * (ratio - 1)) / ratio;
    }

    @Test
    void slantedTriangular() {
        Outcomes.passes(SlantedTriangularRate.check((t, n, peak, cf, r) -> stlr(t, n, peak, cf, r, true, true, false)));
        Outcomes.notAttempted(SlantedTriangularRate.check((t, n, peak, cf, r) -> { throw Exercise.notAttempted(); }));
        Outcomes.wrongWith(SlantedTriangularRate.check((t, n, peak, cf, r) -> stlr(t, n, peak, cf, r, true, true, true)), "not at 0");
        Outcomes.wrongWith(SlantedTriangularRate.check((t, n, peak, cf, r) -> peak), "bottom of the triangle");
        Outcomes.wrongWith(SlantedTriangularRate.check((t, n, peak, cf, r) -> stlr(t, n, peak, cf, r, false, true, false)), "is its floor");
        Outcomes.wrongWith(SlantedTriangularRate.check((t, n, peak, cf, r) -> stlr(t, n, peak, cf, r, true, false, false)), "p went negative");
    }

    private static double[] rates(double top, int n, double factor, boolean reversed, boolean multiply) {
        double[] r = new double[n];
        for (int l = 0; l < n; l++) {
            int k = reversed ? l : n - 1 - l;
            r[l] = multiply ? top * Math.pow(factor, k) : top / Math.pow(factor, k);
        }
        return r;
    }

    @Test
    void discriminativeRates() {
        Outcomes.passes(LayerRates.check((top, n, f) -> rates(top, n, f, false, false)));
        Outcomes.notAttempted(LayerRates.check((top, n, f) -> null));
        Outcomes.wrongWith(LayerRates.check((top, n, f) -> rates(top, n, f, true, false)), "the order is reversed");
        Outcomes.wrongWith(LayerRates.check((top, n, f) -> rates(top, n, f, false, true)), "do not multiply");
        Outcomes.wrongWith(LayerRates.check((top, n, f) -> rates(top / f, n, f, false, false)), "the top group keeps topRate");
        Outcomes.wrongWith(LayerRates.check((top, n, f) -> new double[n + 1]), "one rate per group");
    }

    private static double[] pool(double[][] h, int n, int lastRow, int upTo, int divisor) {
        int c = h[0].length;
        double[] out = new double[3 * c];
        for (int j = 0; j < c; j++) {
            out[j] = h[lastRow < 0 ? n - 1 : lastRow][j];
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int r = 0; r < (upTo < 0 ? n : upTo); r++) {
                max = Math.max(max, h[r][j]);
                sum += h[r][j];
            }
            out[c + j] = max;
            out[2 * c + j] = sum / (divisor < 0 ? (upTo < 0 ? n : upTo) : divisor);
        }
        return out;
    }

    @Test
    void concatPooling() {
        Outcomes.passes(ConcatPool.check((h, n) -> pool(h, n, -1, -1, -1)));
        Outcomes.notAttempted(ConcatPool.check((h, n) -> null));
        Outcomes.wrongWith(ConcatPool.check((h, n) -> pool(h, n, h.length - 1, -1, -1)), "the last real state is row length − 1");
        Outcomes.wrongWith(ConcatPool.check((h, n) -> pool(h, n, -1, h.length, -1)), "the max reached a padding row");
        Outcomes.wrongWith(ConcatPool.check((h, n) -> pool(h, n, -1, -1, h.length)), "you divided by T");
        Outcomes.wrongWith(ConcatPool.check((h, n) -> new double[3]), "expected 3C");
    }
}
