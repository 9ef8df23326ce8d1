package course.train;

/**
 * A learning-rate schedule: the rate to use at a given (0-based) step, the step {@link TrainLoop} counts.
 *
 * <p>The course's schedules are records, so a notebook can print one and see its settings: {@link ConstantRate},
 * {@link WarmupCosine} (GPT-2, nanoGPT), {@link SlantedTriangular} (ULMFiT) and {@link Noam} (the Transformer). It
 * stays a functional interface, so a learner can also try a schedule of their own as a lambda,
 * {@code step -> 1e-3 / Math.sqrt(step + 1)}.
 */
@FunctionalInterface
public interface LearningRate {

    double at(int step);

    /**
     * The rate at steps 0 … {@code steps} − 1, ready to plot:
     * {@code Charts.line("schedule", "step", "learning rate", Series.of("STLR", schedule.rates(1000)))}.
     */
    default double[] rates(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        double[] rates = new double[steps];
        for (int step = 0; step < steps; step++) {
            rates[step] = at(step);
        }
        return rates;
    }

    /** The same rate at every step. */
    static LearningRate constant(double rate) {
        return new ConstantRate(rate);
    }

    /** See {@link WarmupCosine}. */
    static LearningRate warmupCosine(double peak, double floor, int warmupSteps, int totalSteps) {
        return new WarmupCosine(peak, floor, warmupSteps, totalSteps);
    }

    /** See {@link SlantedTriangular}; the paper's defaults, cut_frac 0.1 and ratio 32. */
    static LearningRate slantedTriangular(double peak, int totalSteps) {
        return new SlantedTriangular(peak, totalSteps, SlantedTriangular.PAPER_CUT_FRACTION, SlantedTriangular.PAPER_RATIO);
    }

    /** See {@link SlantedTriangular}. */
    static LearningRate slantedTriangular(double peak, int totalSteps, double cutFraction, double ratio) {
        return new SlantedTriangular(peak, totalSteps, cutFraction, ratio);
    }

    /** See {@link Noam}. */
    static LearningRate noam(int modelSize, int warmupSteps, double factor) {
        return new Noam(modelSize, warmupSteps, factor);
    }
}
