package course.train;

/**
 * The Transformer's schedule (Vaswani et al. 2017, "Attention Is All You Need", §5.3, eq. 3), named after Noam
 * Shazeer in the Annotated Transformer and OpenNMT: a linear rise over the first {@code warmupSteps} steps, then a
 * decay proportional to the inverse square root of the step.
 *
 * <pre>
 *   η(step) = factor · d_model^−0.5 · min(step^−0.5, step · warmup^−1.5)
 * </pre>
 *
 * The two terms meet at step = warmup, where the rate peaks at factor · (d_model · warmup)^−0.5. The paper uses
 * factor 1 (d_model 512, warmup 4000); the Annotated Transformer adds {@code factor} to tune the height without
 * changing the shape. As in its {@code rate(step, ...)}, step 0 is taken as step 1 (step^−0.5 is infinite at 0), so
 * with this interface's 0-based steps the rates are the Annotated Transformer's, step for step.
 */
public record Noam(int modelSize, int warmupSteps, double factor) implements LearningRate {

    public Noam {
        ScheduleArguments.requirePositive("Noam", "modelSize", modelSize);
        ScheduleArguments.requirePositive("Noam", "warmupSteps", warmupSteps);
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("Noam: factor must be a finite number > 0, got " + factor);
        }
    }

    @Override
    public double at(int step) {
        double n = Math.max(step, 1);
        return factor * Math.pow(modelSize, -0.5) * Math.min(Math.pow(n, -0.5), n * Math.pow(warmupSteps, -1.5));
    }
}
