package course.viz;

import java.util.Collection;

/**
 * Equal-width bins from the smallest value to the largest, and how many values fall in each; the largest
 * value goes in the last bin. Non-finite values are not counted.
 */
public record Bins(double min, double max, long[] counts) {

    public Bins {
        counts = counts.clone();
    }

    public static Bins of(Collection<? extends Number> values, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Number n : values) {
            double v = n.doubleValue();
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return new Bins(0, 1, new long[bins]);
        }
        if (lo == hi) {   // one value: a bin of width 1 around it
            lo -= 0.5;
            hi += 0.5;
        }
        long[] counts = new long[bins];
        for (Number n : values) {
            double v = n.doubleValue();
            if (Double.isFinite(v)) {
                counts[Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins))]++;
            }
        }
        return new Bins(lo, hi, counts);
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public int size() {
        return counts.length;
    }

    /** The left edge of bin {@code i}; {@code edge(size())} is {@link #max()}. */
    public double edge(int i) {
        return i == counts.length ? max : min + (max - min) * i / counts.length;
    }

    public long largest() {
        long m = 0;
        for (long c : counts) {
            m = Math.max(m, c);
        }
        return m;
    }
}
