package course.train;

/** A learning-rate schedule: the rate to use at a given (0-based) step. */
@FunctionalInterface
public interface LearningRate {

    double at(int step);

    static LearningRate constant(double rate) {
        check(rate, "rate");
        return step -> rate;
    }

    /**
     * Linear warm-up from 0 to {@code peak} over {@code warmupSteps}, then a cosine decay to {@code floor} at
     * {@code totalSteps} (and {@code floor} after it): the schedule of GPT-2 and nanoGPT.
     */
    static LearningRate warmupCosine(double peak, double floor, int warmupSteps, int totalSteps) {
        check(peak, "peak");
        check(floor, "floor");
        if (warmupSteps < 0 || totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("need 0 <= warmupSteps < totalSteps, got warmupSteps=" + warmupSteps
                    + ", totalSteps=" + totalSteps);
        }
        return step -> {
            if (step < warmupSteps) {
                return peak * (step + 1) / warmupSteps;
            }
            if (step >= totalSteps) {
                return floor;
            }
            double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
            return floor + 0.5 * (1 + Math.cos(Math.PI * progress)) * (peak - floor);
        };
    }

    private static void check(double rate, String name) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learning " + name + " must be a finite number >= 0, got " + rate);
        }
    }
}
