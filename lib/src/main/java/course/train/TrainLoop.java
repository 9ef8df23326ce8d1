package course.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import course.env.Memory;
import course.viz.Charts;
import course.viz.Series;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The course's training loop, small enough to read in one sitting. Each step:
 *
 * <ol>
 *   <li>opens a fresh {@link NDManager} for everything the step creates, and closes it at the end, so
 *       native memory stays flat over thousands of steps;
 *   <li>seeds the engine and a Java {@link Random} from (seed, step), so a resumed run draws the same
 *       batches and dropout masks as an uninterrupted one;
 *   <li>records the loss inside a {@link GradientCollector}, back-propagates, and lets the
 *       {@link GradientDescent} rule update every trainable parameter with the scheduled learning rate.
 * </ol>
 *
 * Around the steps: a progress line every {@code logEvery} steps (loss, ms/step, ETA, memory), an optional
 * live loss plot, periodic validation, and atomic checkpoints that {@link #run} resumes from.
 */
public final class TrainLoop {

    /** How long to train and how often to report. */
    public record Settings(int steps, int logEvery, int plotEvery, int evalEvery, int checkpointEvery, long seed) {
        public Settings {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            if (logEvery < 1 || plotEvery < 1 || evalEvery < 1 || checkpointEvery < 1) {
                throw new IllegalArgumentException("logEvery, plotEvery, evalEvery and checkpointEvery must be >= 1, got "
                        + logEvery + ", " + plotEvery + ", " + evalEvery + ", " + checkpointEvery);
            }
        }

        /** About ten progress lines and twenty plot updates per run; validation and checkpoints every tenth. */
        public static Settings of(int steps, long seed) {
            int tenth = Math.max(1, steps / 10);
            return new Settings(steps, tenth, Math.max(1, steps / 20), tenth, tenth, seed);
        }
    }

    /** Computes the training loss of one step; everything it creates belongs to {@code scope}. */
    @FunctionalInterface
    public interface Step {
        NDArray loss(NDManager scope, int step, Random random);
    }

    /** Computes a validation loss (no gradients); everything it creates belongs to {@code scope}. */
    @FunctionalInterface
    public interface Evaluation {
        double loss(NDManager scope);
    }

    private final Block model;
    private final GradientDescent optimizer;
    private final LearningRate learningRate;
    private final Settings settings;
    private final Optional<Checkpoints> checkpointDir;
    private final Optional<Consumer<BufferedImage>> plotSink;
    private final Optional<Evaluation> evaluation;
    private final Optional<Series> reference;
    private final double clipNorm;
    private final PrintStream out;

    public TrainLoop(Block model, GradientDescent optimizer, LearningRate learningRate, Settings settings) {
        this(model, optimizer, learningRate, settings, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 0, System.out);
    }

    private TrainLoop(Block model, GradientDescent optimizer, LearningRate learningRate, Settings settings,
            Optional<Checkpoints> checkpointDir, Optional<Consumer<BufferedImage>> plotSink, Optional<Evaluation> evaluation,
            Optional<Series> reference, double clipNorm, PrintStream out) {
        this.model = model;
        this.optimizer = optimizer;
        this.learningRate = learningRate;
        this.settings = settings;
        this.checkpointDir = checkpointDir;
        this.plotSink = plotSink;
        this.evaluation = evaluation;
        this.reference = reference;
        this.clipNorm = clipNorm;
        this.out = out;
    }

    /**
     * Saves a checkpoint to {@code dir} every {@code checkpointEvery} steps and resumes from the newest one, if
     * it was written for the same model, {@code config} and lib build; a checkpoint that was not is set aside
     * with a message and training starts fresh.
     */
    public TrainLoop withCheckpoints(Path dir, Record config) {
        return new TrainLoop(model, optimizer, learningRate, settings, Optional.of(new Checkpoints(dir, config)), plotSink,
                evaluation, reference, clipNorm, out);
    }

    /** Where checkpoints go and the config they must have been written for. */
    private record Checkpoints(Path dir, Record config) {}

    /** Sends a fresh loss plot to {@code sink} every {@code plotEvery} steps, e.g. {@code img -> updateDisplay(id, img)}. */
    public TrainLoop withLivePlot(Consumer<BufferedImage> sink) {
        return new TrainLoop(model, optimizer, learningRate, settings, checkpointDir, Optional.of(sink), evaluation, reference, clipNorm, out);
    }

    /** Computes a validation loss every {@code evalEvery} steps and at the end. */
    public TrainLoop withValidation(Evaluation validation) {
        return new TrainLoop(model, optimizer, learningRate, settings, checkpointDir, plotSink, Optional.of(validation), reference, clipNorm, out);
    }

    /** Draws a reference curve (e.g. the published run's loss) under the learner's own. */
    public TrainLoop withReference(Series curve) {
        return new TrainLoop(model, optimizer, learningRate, settings, checkpointDir, plotSink, evaluation, Optional.of(curve), clipNorm, out);
    }

    /**
     * Rescales the gradients when their global L2 norm exceeds {@code maxNorm} (Pascanu et al. 2013), so one
     * unlucky batch cannot throw the weights far off; GPT-2 and nanoGPT use 1.0.
     */
    public TrainLoop withGradientClipping(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
        }
        return new TrainLoop(model, optimizer, learningRate, settings, checkpointDir, plotSink, evaluation, reference, maxNorm, out);
    }

    /** Where progress lines go (standard output by default). */
    public TrainLoop printingTo(PrintStream stream) {
        return new TrainLoop(model, optimizer, learningRate, settings, checkpointDir, plotSink, evaluation, reference, clipNorm, stream);
    }

    /** Trains for {@code settings.steps()} steps in total (fewer if a checkpoint already covers some). */
    public History run(NDManager manager, Step step) {
        History history = new History();
        int first = 0;
        Optional<Checkpoint.Fingerprint> fingerprint = checkpointDir.map(c -> Checkpoint.Fingerprint.of(model, c.config()));
        if (checkpointDir.isPresent()) {
            Optional<Path> latest = Checkpoint.latest(checkpointDir.get().dir());
            if (latest.isPresent()) {
                try {
                    Checkpoint.Restored restored = Checkpoint.load(latest.get(), fingerprint.get(), manager, model, optimizer);
                    history = restored.history();
                    first = restored.step();
                    out.printf("Resumed from %s: %d of %d steps already done.%n", latest.get().getFileName(), first, settings.steps());
                } catch (Checkpoint.Stale stale) {
                    Path aside = Checkpoint.setAside(stale.file());
                    out.printf("Not resuming: %s. Training starts fresh; the old checkpoint is kept as %s.%n",
                            stale.getMessage(), aside.getFileName());
                }
            }
        }
        List<Pair<String, Parameter>> trainable = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p);
            }
        }
        long started = System.nanoTime();
        for (int s = first; s < settings.steps(); s++) {
            long stepStart = System.nanoTime();
            history.addTrain(trainStep(manager, step, trainable, s));
            history.addStepMillis((System.nanoTime() - stepStart) / 1e6);
            int done = s + 1;
            boolean last = done == settings.steps();
            if (evaluation.isPresent() && (done % settings.evalEvery() == 0 || last)) {
                try (NDManager scope = manager.newSubManager()) {
                    history.addValidation(done, evaluation.get().loss(scope));
                }
            }
            if (done % settings.logEvery() == 0 || last) {
                out.println(progressLine(history, done, done - first, System.nanoTime() - started, s));
            }
            if (plotSink.isPresent() && (done % settings.plotEvery() == 0 || last)) {
                plotSink.get().accept(plot(history));
            }
            if (checkpointDir.isPresent() && (done % settings.checkpointEvery() == 0 || last)) {
                Checkpoint.save(checkpointDir.get().dir(), done, fingerprint.get(), model, optimizer, history);
            }
        }
        return history;
    }

    private double trainStep(NDManager manager, Step step, List<Pair<String, Parameter>> trainable, int s) {
        long seed = Seeds.forStep(settings.seed(), s);
        Engine.getInstance().setRandomSeed((int) seed);
        double rate = learningRate.at(s);
        try (NDManager scope = manager.newSubManager()) {
            double lossValue;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = step.loss(scope, s, new Random(seed));
                if (loss.getShape().size() != 1) {
                    throw new IllegalStateException("The step must return a scalar loss, got shape " + loss.getShape()
                            + ". Reduce it, e.g. with .mean().");
                }
                lossValue = loss.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
                if (!Double.isFinite(lossValue)) {
                    throw new IllegalStateException("Loss is " + lossValue + " at step " + s
                            + ": training diverged. Lower the learning rate (now " + rate + ") or check the inputs.");
                }
                collector.backward(loss);
            }
            NDArray[] grads = new NDArray[trainable.size()];
            for (int i = 0; i < grads.length; i++) {
                grads[i] = trainable.get(i).getValue().getArray().getGradient();
                grads[i].attach(scope); // freed with the step; the tensor itself lives on in .grad
            }
            if (clipNorm > 0) {
                clip(scope, grads);
            }
            for (int i = 0; i < grads.length; i++) {
                optimizer.update(trainable.get(i).getKey(), trainable.get(i).getValue(), grads[i], rate);
                grads[i].subi(grads[i]); // PyTorch adds into .grad; clear it for the next step
            }
            return lossValue;
        }
    }

    private void clip(NDManager scope, NDArray[] grads) {
        NDArray squares = scope.zeros(new ai.djl.ndarray.types.Shape());
        for (NDArray g : grads) {
            squares = squares.add(g.square().sum());
        }
        double norm = Math.sqrt(squares.getFloat());
        if (norm > clipNorm) {
            float scale = (float) (clipNorm / (norm + 1e-6));
            for (NDArray g : grads) {
                g.muli(scale);
            }
        }
    }

    private String progressLine(History history, int done, int doneHere, long nanos, int s) {
        double msPerStep = nanos / 1e6 / doneHere;
        double eta = msPerStep * (settings.steps() - done) / 1000;
        String validation = evaluation.isPresent() && !history.validationLoss().isEmpty()
                ? String.format(" | val %.4f", history.lastValidationLoss()) : "";
        return String.format("step %" + digits() + "d/%d | loss %.4f%s | lr %.2e | %.1f ms/step | ETA %s | mem %s",
                done, settings.steps(), history.recentTrainLoss(settings.logEvery()), validation, learningRate.at(s),
                msPerStep, duration(eta), Memory.format(Memory.residentBytes()));
    }

    private int digits() {
        return String.valueOf(settings.steps()).length();
    }

    private static String duration(double seconds) {
        if (seconds < 60) {
            return String.format("%.0fs", seconds);
        }
        return String.format("%dm%02ds", (long) seconds / 60, (long) seconds % 60);
    }

    private BufferedImage plot(History history) {
        List<Series> lines = new ArrayList<>();
        // a reference is grey in the live plot, as the prose and the final plot have it, unless it chose a colour;
        // far beyond the steps run so far it is a marker at the edge, not a point that crushes the curves
        reference.map(Series::asReference).ifPresent(lines::add);
        lines.add(history.trainSeries(Math.max(1, settings.steps() / 50)));
        if (!history.validationLoss().isEmpty()) {
            lines.add(history.validationSeries());
        }
        return Charts.loss("Loss (step " + history.steps() + " of " + settings.steps() + ")", lines);
    }
}
