package course.viz;

import course.train.History;

/** A training run's {@link History} as plottable series, in the course's colours: blue for training, orange for validation. */
public final class LossCurves {

    private LossCurves() {}

    /** The training loss, a moving average over {@code window} steps so the trend is visible. */
    public static Series train(History history, int window) {
        double[] y = history.smoothedTrainLoss(window);
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        return new Series(window > 1 ? "train (mean of " + window + ")" : "train", x, y).withColour(Palette.TRAIN);
    }

    /** The validation losses at the steps they were taken. */
    public static Series validation(History history) {
        return new Series("validation", history.validationSteps().stream().mapToDouble(Integer::doubleValue).toArray(),
                history.validationLoss().stream().mapToDouble(Double::doubleValue).toArray()).withColour(Palette.VALIDATION);
    }
}
