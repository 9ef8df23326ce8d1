package course.train;

/** The same learning rate at every step. */
public record ConstantRate(double rate) implements LearningRate {

    public ConstantRate {
        ScheduleArguments.requireRate("constant", "rate", rate);
    }

    @Override
    public double at(int step) {
        return rate;
    }
}
