package course.train;

/**
 * ULMFiT's slanted triangular learning rates (Howard &amp; Ruder 2018, "Universal Language Model Fine-tuning for
 * Text Classification", §3.2, eq. 3): a short linear rise to {@code peak} (η_max) over the first {@code cutFraction}
 * of the {@code totalSteps} (T) iterations, then a long linear fall back to η_max / {@code ratio}. Rising quickly
 * lets the model find a good region of parameter space for the new task; the long fall refines it there.
 *
 * <pre>
 *   cut = ⌊T · cut_frac⌋
 *   p   = t / cut                                        t &lt; cut
 *   p   = 1 − (t − cut) / (cut · (1 / cut_frac − 1))     otherwise
 *   η_t = η_max · (1 + p · (ratio − 1)) / ratio
 * </pre>
 *
 * The paper's t is this interface's 0-based step: step 0 trains at η_max / ratio and step {@link #cut()} at η_max.
 * p is kept {@code >= 0}, so the rate never falls below η_max / ratio (when ⌊·⌋ rounds cut down, eq. 3 would dip
 * just under it at the last steps, and it would keep falling after T).
 */
public record SlantedTriangular(double peak, int totalSteps, double cutFraction, double ratio) implements LearningRate {

    /** The paper's cut_frac: 10 % of the iterations rising. */
    public static final double PAPER_CUT_FRACTION = 0.1;
    /** The paper's ratio: the lowest rate is η_max / 32. */
    public static final double PAPER_RATIO = 32;

    public SlantedTriangular {
        ScheduleArguments.requireRate("slanted triangular", "peak", peak);
        ScheduleArguments.requirePositive("slanted triangular", "totalSteps", totalSteps);
        if (!(cutFraction > 0 && cutFraction < 1)) {
            throw new IllegalArgumentException("slanted triangular: cutFraction must be in (0, 1), got " + cutFraction);
        }
        if (!(ratio >= 1) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("slanted triangular: ratio must be a finite number >= 1, got " + ratio);
        }
        if (Math.floor(totalSteps * cutFraction) < 1) {
            throw new IllegalArgumentException("slanted triangular: cut = floor(totalSteps * cutFraction) = floor(" + totalSteps
                    + " * " + cutFraction + ") = 0; it must be >= 1, so train for at least " + (int) Math.ceil(1 / cutFraction)
                    + " steps or raise cutFraction");
        }
    }

    /** The step at which the rate peaks: ⌊T · cut_frac⌋. */
    public int cut() {
        return (int) Math.floor(totalSteps * cutFraction);
    }

    @Override
    public double at(int step) {
        int cut = cut();
        double p = step < cut ? (double) step / cut : 1 - (step - cut) / (cut * (1 / cutFraction - 1));
        return peak * (1 + Math.max(p, 0) * (ratio - 1)) / ratio;
    }
}
