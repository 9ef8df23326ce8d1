package course.viz;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The x range a chart shows: the run's own (every series that is not a {@link Series#reference() reference}),
 * widened to take in reference points near it. A reference point far beyond the run — nanoGPT's loss at step
 * 2,000 beside a 30-step run — would crush the run into the left edge, so it stays outside and is listed in
 * {@link #beyond()}, to be drawn as a labelled marker at the edge.
 */
public record XRange(double min, double max, List<Beyond> beyond) {

    /** How far beyond the run, as a share of its span, a reference point still widens the range. */
    static final double REACH = 0.25;

    /** A reference point outside the range: which series, where, and on which side. */
    public record Beyond(String name, double x, double y, boolean right) {

        /** "nanoGPT at step 2,000: 1.886 →", with the x axis's title ({@code step}) before the x value. */
        public String label(String xTitle) {
            String where = (xTitle.isBlank() ? "" : xTitle + " ") + number(x);
            return right ? name + " at " + where + ": " + number(y) + " →" : "← " + name + " at " + where + ": " + number(y);
        }
    }

    public XRange {
        beyond = List.copyOf(beyond);
    }

    /** The range for {@code series}; NaN ends when nothing has a finite x. */
    public static XRange of(List<Series> series) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            if (!s.reference()) {
                for (double v : s.x()) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        boolean run = lo <= hi;
        // a run of one step has no span to measure reach by: let references within one step of it in
        double reach = run ? REACH * Math.max(hi - lo, 1) : Double.POSITIVE_INFINITY;
        double runLo = lo, runHi = hi;
        List<Beyond> beyond = new ArrayList<>();
        for (Series s : series) {
            if (!s.reference()) {
                continue;
            }
            double[] x = s.x(), y = s.y();
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                    continue;
                }
                if (run && (x[i] > runHi + reach || x[i] < runLo - reach)) {
                    beyond.add(new Beyond(s.name(), x[i], y[i], x[i] > runHi));
                } else {
                    lo = Math.min(lo, x[i]);
                    hi = Math.max(hi, x[i]);
                }
            }
        }
        return lo <= hi ? new XRange(lo, hi, beyond) : new XRange(Double.NaN, Double.NaN, beyond);
    }

    /** Whether {@code x} is drawn inside the range. */
    public boolean contains(double x) {
        return x >= min && x <= max;
    }

    /** 2,000 or 1.886: whole numbers with thousands separators, others to four significant digits. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return new BigDecimal(v, new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
