package course.train;

import course.env.Memory;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

/**
 * Prints a progress line every few steps: step, mean training loss since the last line, the last validation loss,
 * the learning rate, milliseconds per step, the time left and the process's resident memory. A validation loss
 * measured at an earlier step than the line's says at which ({@code @250}), so a value repeated over several lines
 * is not mistaken for a plateau.
 *
 * <pre>
 *   step  250/2000 | loss 2.0412 | val 2.0876 | lr 9.70e-04 | 61.3 ms/step | ETA 1m47s | mem 1.1 GB
 *   step  300/2000 | loss 2.0105 | val 2.0876@250 | lr 9.68e-04 | 61.0 ms/step | ETA 1m44s | mem 1.1 GB
 * </pre>
 *
 * @param every a line every this many steps (and after the last); 0 = about {@code lines} lines per run
 * @param lines with {@code every} 0, how many lines a whole run prints
 */
public record ProgressLog(PrintStream out, int every, int lines) implements TrainLoop.Listener {

    public ProgressLog {
        Objects.requireNonNull(out, "out");
        if (every < 0 || lines < 1) {
            throw new IllegalArgumentException("need every >= 0 (0: spread the lines over the run) and lines >= 1, got every="
                    + every + ", lines=" + lines);
        }
    }

    /** A line every {@code every} steps, on standard output. */
    public static ProgressLog every(int every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1, got " + every);
        }
        return new ProgressLog(System.out, every, 1);
    }

    /** About {@code count} lines over the whole run, on standard output. */
    public static ProgressLog lines(int count) {
        return new ProgressLog(System.out, 0, count);
    }

    /** The same lines, printed to {@code stream}. */
    public ProgressLog to(PrintStream stream) {
        return new ProgressLog(stream, every, lines);
    }

    @Override
    public void stepped(TrainLoop.Progress p) {
        int interval = p.interval(every, lines);
        if (p.every(interval)) {
            out.println(line(p, interval));
        }
    }

    private static String line(TrainLoop.Progress p, int interval) {
        int steps = p.run().options().steps();
        double msPerStep = p.elapsedNanos() / 1e6 / (p.done() - p.firstStep());
        double eta = msPerStep * (steps - p.done()) / 1000;
        String validation = validation(p.history(), p.done());
        return String.format("step %" + String.valueOf(steps).length() + "d/%d | loss %.4f%s | lr %.2e | %.1f ms/step | ETA %s | mem %s",
                p.done(), steps, p.history().recentTrainLoss(interval), validation, p.learningRate(), msPerStep, duration(eta),
                Memory.format(Memory.residentBytes()));
    }

    private static String validation(History history, int step) {
        List<Integer> steps = history.validationSteps();
        if (steps.isEmpty()) {
            return "";
        }
        int measuredAt = steps.get(steps.size() - 1);
        return String.format(" | val %.4f", history.lastValidationLoss()) + (measuredAt == step ? "" : "@" + measuredAt);
    }

    private static String duration(double seconds) {
        if (seconds < 60) {
            return String.format("%.0fs", seconds);
        }
        return String.format("%dm%02ds", (long) seconds / 60, (long) seconds % 60);
    }
}
