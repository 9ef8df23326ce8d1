package course.viz;

import course.train.History;
import course.train.TrainLoop;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A training listener that redraws the loss curves every few steps and hands the picture to {@code sink}; in a
 * notebook, {@code LivePlot.to(img -> updateDisplay(id, img))} replaces one displayed image as training goes.
 *
 * @param every     a new picture every this many steps (and after the last); 0 = twenty over the run
 * @param reference a curve to draw under the learner's own (e.g. the published run's loss), grey unless it has a colour
 */
public record LivePlot(Consumer<BufferedImage> sink, int every, Optional<Series> reference) implements TrainLoop.Listener {

    public LivePlot {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(reference, "reference");
        if (every < 0) {
            throw new IllegalArgumentException("every must be >= 1 (or 0: twenty pictures per run), got " + every);
        }
    }

    /** Twenty pictures over the run, no reference. */
    public static LivePlot to(Consumer<BufferedImage> sink) {
        return new LivePlot(sink, 0, Optional.empty());
    }

    public LivePlot every(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("every must be >= 1, got " + steps);
        }
        return new LivePlot(sink, steps, reference);
    }

    public LivePlot withReference(Series curve) {
        return new LivePlot(sink, every, Optional.of(curve));
    }

    @Override
    public void stepped(TrainLoop.Progress p) {
        if (p.every(p.interval(every, 20))) {
            sink.accept(picture(p.history(), p.run().options().steps()));
        }
    }

    private BufferedImage picture(History history, int steps) {
        List<Series> lines = new ArrayList<>();
        // far beyond the steps run so far a reference is a marker at the edge, not a point that crushes the curves
        reference.map(Series::asReference).ifPresent(lines::add);
        lines.add(LossCurves.train(history, Math.max(1, steps / 50)));
        if (!history.validationLoss().isEmpty()) {
            lines.add(LossCurves.validation(history));
        }
        return Charts.loss("Loss (step " + history.steps() + " of " + steps + ")", lines);
    }
}
