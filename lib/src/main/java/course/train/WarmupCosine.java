package course.train;

/**
 * Linear warm-up to {@code peak} over the first {@code warmupSteps} steps, then a cosine decay ("SGDR", Loshchilov
 * &amp; Hutter 2017, without restarts) that reaches {@code floor} at step {@code totalSteps} and stays there: the
 * schedule of GPT-2 and nanoGPT.
 *
 * <pre>
 *   η(s) = peak · (s + 1) / warmup                                  s &lt; warmup
 *   η(s) = floor + ½ · (1 + cos(π · (s − warmup) / (T − warmup))) · (peak − floor)    warmup ≤ s &lt; T
 *   η(s) = floor                                                    s ≥ T
 * </pre>
 *
 * The warm-up counts from 1, so step 0 already trains (at peak / warmup) and step warmup − 1 is the first at
 * {@code peak}.
 */
public record WarmupCosine(double peak, double floor, int warmupSteps, int totalSteps) implements LearningRate {

    public WarmupCosine {
        ScheduleArguments.requireRate("warm-up + cosine", "peak", peak);
        ScheduleArguments.requireRate("warm-up + cosine", "floor", floor);
        if (floor > peak) {
            throw new IllegalArgumentException("warm-up + cosine: floor must not exceed peak, got floor=" + floor + ", peak=" + peak);
        }
        if (warmupSteps < 0 || totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("warm-up + cosine: need 0 <= warmupSteps < totalSteps, got warmupSteps="
                    + warmupSteps + ", totalSteps=" + totalSteps);
        }
    }

    @Override
    public double at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        if (step >= totalSteps) {
            return floor;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return floor + 0.5 * (1 + Math.cos(Math.PI * progress)) * (peak - floor);
    }
}
