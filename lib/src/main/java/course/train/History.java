package course.train;

import java.util.ArrayList;
import java.util.List;

/** The losses a training run produced: one per step, and validation losses at the steps they were taken. */
public final class History {

    private final List<Double> trainLoss = new ArrayList<>();
    private final List<Integer> validationSteps = new ArrayList<>();
    private final List<Double> validationLoss = new ArrayList<>();
    private final List<Double> stepMillis = new ArrayList<>();

    void addTrain(double loss) {
        trainLoss.add(loss);
    }

    void addStepMillis(double millis) {
        stepMillis.add(millis);
    }

    /** Wall-clock milliseconds of each step run in this process (not those restored from a checkpoint). */
    public List<Double> stepMillis() {
        return List.copyOf(stepMillis);
    }

    /** The median step time after skipping the first {@code warmup} steps (JIT, allocator and caches warming up). */
    public double medianStepMillis(int warmup) {
        List<Double> kept = new ArrayList<>(stepMillis.subList(Math.min(warmup, stepMillis.size()), stepMillis.size()));
        if (kept.isEmpty()) {
            return Double.NaN;
        }
        java.util.Collections.sort(kept);
        int n = kept.size();
        return n % 2 == 1 ? kept.get(n / 2) : (kept.get(n / 2 - 1) + kept.get(n / 2)) / 2;
    }

    void addValidation(int step, double loss) {
        validationSteps.add(step);
        validationLoss.add(loss);
    }

    public int steps() {
        return trainLoss.size();
    }

    public List<Double> trainLoss() {
        return List.copyOf(trainLoss);
    }

    public List<Double> validationLoss() {
        return List.copyOf(validationLoss);
    }

    public List<Integer> validationSteps() {
        return List.copyOf(validationSteps);
    }

    /** Mean training loss over the last {@code n} steps (fewer if there are fewer). */
    public double recentTrainLoss(int n) {
        if (trainLoss.isEmpty()) {
            return Double.NaN;
        }
        int from = Math.max(0, trainLoss.size() - n);
        return trainLoss.subList(from, trainLoss.size()).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public double lastValidationLoss() {
        return validationLoss.isEmpty() ? Double.NaN : validationLoss.get(validationLoss.size() - 1);
    }

    /** Training loss, smoothed with a moving average of {@code window} steps so the trend is visible; x = step 1, 2, … */
    public double[] smoothedTrainLoss(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        double[] y = new double[trainLoss.size()];
        double sum = 0;
        for (int i = 0; i < trainLoss.size(); i++) {
            sum += trainLoss.get(i);
            if (i >= window) {
                sum -= trainLoss.get(i - window);
            }
            y[i] = sum / Math.min(i + 1, window);
        }
        return y;
    }

    void write(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(trainLoss.size());
        for (double d : trainLoss) {
            out.writeDouble(d);
        }
        out.writeInt(validationLoss.size());
        for (int i = 0; i < validationLoss.size(); i++) {
            out.writeInt(validationSteps.get(i));
            out.writeDouble(validationLoss.get(i));
        }
    }

    static History read(java.io.DataInputStream in) throws java.io.IOException {
        History h = new History();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            h.addTrain(in.readDouble());
        }
        int m = in.readInt();
        for (int i = 0; i < m; i++) {
            h.addValidation(in.readInt(), in.readDouble());
        }
        return h;
    }
}
