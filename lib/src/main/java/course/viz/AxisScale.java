package course.viz;

import java.util.ArrayList;
import java.util.List;

/**
 * The range of one chart axis and its labelled ticks, linear or logarithmic. Ticks fall on round numbers
 * (steps of 1, 2, 5 — or 25 — times a power of ten; on a log axis decades, then 1-2-5, then every integer
 * mantissa) and there are never more than the {@code maxTicks} asked for.
 */
public record AxisScale(double min, double max, boolean logarithmic, List<Tick> ticks) {

    /** Axes of a 720 × 420 chart hold about this many labels without crowding. */
    public static final int MAX_TICKS = 8;

    /** A tick: where it is, in data units, and what it says. */
    public record Tick(double value, String label) {}

    public AxisScale {
        ticks = List.copyOf(ticks);
    }

    /**
     * Share of the data's range an axis may reach beyond the data to end on a round tick: ranks 1 to 2,000
     * start at 0, but ranks 1 to 12 (ticks 2 apart) start at 1, not at a tick 0 no rank has.
     */
    static final double SLACK = 0.05;

    /**
     * A linear axis covering {@code [dataMin, dataMax]} with round ticks. Each end sits on the nearest tick
     * outside the data when that tick is within {@link #SLACK} of the range, else on the data's own end.
     */
    public static AxisScale linear(double dataMin, double dataMax, int maxTicks) {
        AxisScale rounded = rounded(dataMin, dataMax, maxTicks);
        double[] range = sane(dataMin, dataMax, false);
        double slack = SLACK * (range[1] - range[0]);
        double lo = range[0] - rounded.min() <= slack ? rounded.min() : range[0];
        double hi = rounded.max() - range[1] <= slack ? rounded.max() : range[1];
        List<Tick> inside = rounded.ticks().stream()
                .filter(t -> t.value() >= lo - 1e-9 * slack && t.value() <= hi + 1e-9 * slack).toList();
        // a range barely wider than two steps could keep just two ticks: then the round ends are worth their room
        return inside.size() >= 3 ? new AxisScale(lo, hi, false, inside) : rounded;
    }

    /**
     * A linear axis covering {@code [dataMin, dataMax]}, widened to the nearest ticks outside it so the first
     * and last tick sit on the axis ends: for counts under bars, whose tallest bar wants room above it.
     */
    public static AxisScale rounded(double dataMin, double dataMax, int maxTicks) {
        double[] range = sane(dataMin, dataMax, false);
        double step = niceStep((range[1] - range[0]) / Math.max(1, maxTicks - 1));
        double lo = Math.floor(range[0] / step + 1e-9) * step;
        double hi = Math.ceil(range[1] / step - 1e-9) * step;
        while ((hi - lo) / step + 1 > maxTicks + 1e-9) {   // rounding outwards can add one tick too many
            step = niceStep(step * 1.01);
            lo = Math.floor(range[0] / step + 1e-9) * step;
            hi = Math.ceil(range[1] / step - 1e-9) * step;
        }
        return new AxisScale(lo, hi, false, grid(lo, hi, step));
    }

    /**
     * A logarithmic axis covering {@code [dataMin, dataMax]} (both positive) with a little room either side.
     * Even a range narrower than a decade (a loss falling from 4.2 to 1.5) gets labelled ticks: 2, 3, 4.
     */
    public static AxisScale log(double dataMin, double dataMax, int maxTicks) {
        double[] range = sane(dataMin, dataMax, true);
        double lo = Math.log10(range[0]);
        double hi = Math.log10(range[1]);
        double pad = Math.max(0.03 * (hi - lo), 0.002);
        double min = Math.pow(10, lo - pad);
        double max = Math.pow(10, hi + pad);
        // the sparsest set of round mantissas that gives three ticks; richer sets only add ticks
        int[][] mantissas = {{1}, {1, 2, 5}, {1, 2, 3, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};
        List<Double> best = List.of();
        for (int[] set : mantissas) {
            List<Double> values = logValues(min, max, set);
            if (set.length == 1 && values.size() > maxTicks) {
                values = everyNth(values, (int) Math.ceil(values.size() / (double) maxTicks));
            }
            if (values.size() > maxTicks) {
                break;
            }
            best = values;
            if (values.size() >= 3) {
                break;
            }
        }
        List<Tick> ticks = new ArrayList<>();
        for (double v : best) {
            ticks.add(new Tick(v, NumberLabels.round(v)));
        }
        if (ticks.size() < 3) {
            // too narrow for round mantissas (4.143 to 4.159): round linear steps inside the range
            double step = niceStep((max - min) / Math.max(1, maxTicks - 1));
            List<Tick> inside = grid(Math.ceil(min / step - 1e-9) * step, Math.floor(max / step + 1e-9) * step, step);
            if (inside.size() > ticks.size()) {
                ticks = inside;
            }
        }
        return new AxisScale(min, max, true, ticks);
    }

    private static List<Double> everyNth(List<Double> values, int n) {
        List<Double> kept = new ArrayList<>();
        for (int i = 0; i < values.size(); i += n) {
            kept.add(values.get(i));
        }
        return kept;
    }

    /**
     * A step of 1, 2, 2.5 or 5 times a power of ten, at least {@code rough}; 2.5 only where it adds no decimal
     * (25, 250 — not 0.25, whose labels would need one more digit than 0.2 or 0.5).
     */
    static double niceStep(double rough) {
        if (!(rough > 0) || Double.isInfinite(rough)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m == 2.5 && power < 10) {
                continue;
            }
            if (m * power >= rough * (1 - 1e-9)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static List<Tick> grid(double lo, double hi, double step) {
        List<Tick> ticks = new ArrayList<>();
        long first = Math.round(lo / step);
        long last = Math.round(hi / step);
        for (long i = first; i <= last; i++) {
            double v = i * step;
            ticks.add(new Tick(v, NumberLabels.onGrid(v, step)));
        }
        return ticks;
    }

    private static List<Double> logValues(double min, double max, int[] mantissas) {
        List<Double> values = new ArrayList<>();
        int from = (int) Math.floor(Math.log10(min)) - 1;
        int to = (int) Math.ceil(Math.log10(max)) + 1;
        for (int e = from; e <= to; e++) {
            for (int m : mantissas) {
                double v = Double.parseDouble(m + "e" + e);   // exact decimal: 3e-1, not 3 * 0.1
                if (v >= min * (1 - 1e-12) && v <= max * (1 + 1e-12)) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    /** A usable range: finite, ordered, not empty, positive for a log axis. */
    private static double[] sane(double min, double max, boolean positive) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || (positive && (min <= 0 || max <= 0))) {
            return positive ? new double[] {1, 10} : new double[] {0, 1};
        }
        if (min > max) {
            double t = min;
            min = max;
            max = t;
        }
        if (max - min < 1e-12 * Math.max(1, Math.abs(max))) {
            double d = min == 0 ? 1 : Math.abs(min) * 0.1;
            return positive ? new double[] {min / 1.5, max * 1.5} : new double[] {min - d, max + d};
        }
        return new double[] {min, max};
    }
}
