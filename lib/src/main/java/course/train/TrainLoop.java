package course.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The course's training loop, small enough to read in one sitting. Each step:
 *
 * <ol>
 *   <li>opens a fresh {@link NDManager} for everything the step creates, and closes it at the end, so
 *       native memory stays flat over thousands of steps;
 *   <li>seeds the engine and a Java {@link Random} from (seed, step), so a resumed run draws the same
 *       batches and dropout masks as an uninterrupted one;
 *   <li>records the loss inside a {@link GradientCollector}, back-propagates, optionally clips the gradients, and
 *       lets the {@link GradientDescent} rule update the parameters of every trainable {@link ParameterGroup}, each
 *       at the scheduled learning rate times its group's multiplier. Frozen groups get neither gradients nor updates.
 * </ol>
 *
 * Around the steps: validation every {@code evalEvery} steps, and {@link Listener}s that see every step — the
 * progress lines ({@link ProgressLog}), a live plot ({@code course.viz.LivePlot}), checkpoints ({@link Checkpoints},
 * which also resume a run).
 *
 * <pre>
 *   History h = new TrainLoop(groups, new AdamW(AdamW.Settings.nanoGptShakespeare()), LearningRate.warmupCosine(1e-3, 1e-4, 100, 2000),
 *                             TrainLoop.Options.of(2000, seed).withGradientClipping(1.0))
 *           .validatedBy(scope -> validationLoss(scope))
 *           .with(ProgressLog.every(200), Checkpoints.in(dir, config).every(250))
 *           .run(manager, step);
 * </pre>
 */
public final class TrainLoop {

    /**
     * How long to train and the loop's own settings.
     *
     * @param steps     how many steps a full run has (a resumed run trains only the rest)
     * @param seed      the seed each step's seeds are derived from ({@link Seeds#forStep})
     * @param evalEvery validation every this many steps, and after the last
     * @param clipNorm  the largest global L2 norm of the gradients (Pascanu et al. 2013); 0 = no clipping
     */
    public record Options(int steps, long seed, int evalEvery, double clipNorm) {
        public Options {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            if (evalEvery < 1) {
                throw new IllegalArgumentException("evalEvery must be >= 1, got " + evalEvery);
            }
            if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
                throw new IllegalArgumentException("clipNorm must be > 0 to clip, or 0 for no clipping; got " + clipNorm);
            }
        }

        /** {@code steps} steps, validation every tenth of them, no clipping. */
        public static Options of(int steps, long seed) {
            return new Options(steps, seed, Math.max(1, steps / 10), 0);
        }

        /** GPT-2's and nanoGPT's loop: gradients clipped at norm 1.0. */
        public static Options gpt2(int steps, long seed) {
            return of(steps, seed).withGradientClipping(1.0);
        }

        public Options withEvalEvery(int every) {
            return new Options(steps, seed, every, clipNorm);
        }

        /**
         * Rescales the gradients when their global L2 norm exceeds {@code maxNorm}, so one unlucky batch cannot
         * throw the weights far off.
         */
        public Options withGradientClipping(double maxNorm) {
            if (!(maxNorm > 0)) {
                throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
            }
            return new Options(steps, seed, evalEvery, maxNorm);
        }

        public Options withSeed(long s) {
            return new Options(steps, s, evalEvery, clipNorm);
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

    /** What a run trains and with what: passed to {@link Listener}s. */
    public record Run(ParameterGroups groups, GradientDescent optimizer, LearningRate schedule, Options options, NDManager manager) {}

    /**
     * Where a run stands after a step.
     *
     * @param done        steps done, counting those restored from a checkpoint
     * @param firstStep   the step this process started at (0, or where a checkpoint left off)
     * @param learningRate the scheduled rate of the step just done (before group multipliers)
     * @param elapsedNanos wall-clock time since this process's first step began
     * @param validated   whether a validation loss was taken after this step
     */
    public record Progress(Run run, int done, int firstStep, History history, double learningRate, long elapsedNanos,
            boolean validated) {
        public boolean last() {
            return done == run.options().steps();
        }

        /**
         * {@code every} when it is set (above 0), else the interval that spreads about {@code timesPerRun} events over
         * the run: how listeners turn "every n steps, or n times per run" into a number of steps.
         */
        public int interval(int every, int timesPerRun) {
            return every > 0 ? every : Math.max(1, run.options().steps() / timesPerRun);
        }

        /** True every {@code every} steps and after the last one. */
        public boolean every(int every) {
            return done % every == 0 || last();
        }
    }

    /** Sees a run: before its first step, after each step, at its end. */
    public interface Listener {
        /** Before the first step; a listener that restores a checkpoint returns what it restored. */
        default Optional<Checkpoint.Restored> resume(Run run) {
            return Optional.empty();
        }

        void stepped(Progress progress);
    }

    private final Run setup;
    private final Optional<Evaluation> evaluation;
    private final List<Listener> listeners;

    /** Trains {@code groups}. */
    public TrainLoop(ParameterGroups groups, GradientDescent optimizer, LearningRate schedule, Options options) {
        this(new Run(groups, optimizer, schedule, options, null), Optional.empty(), List.of());
    }

    /** Trains every parameter of {@code model} as one group. */
    public TrainLoop(Block model, GradientDescent optimizer, LearningRate schedule, Options options) {
        this(ParameterGroups.of(model), optimizer, schedule, options);
    }

    private TrainLoop(Run setup, Optional<Evaluation> evaluation, List<Listener> listeners) {
        this.setup = setup;
        this.evaluation = evaluation;
        this.listeners = List.copyOf(listeners);
    }

    /** Computes a validation loss every {@code options.evalEvery()} steps and after the last. */
    public TrainLoop validatedBy(Evaluation validation) {
        return new TrainLoop(setup, Optional.of(validation), listeners);
    }

    /** Adds listeners; they see each step in the order given. */
    public TrainLoop with(Listener... more) {
        List<Listener> all = new ArrayList<>(listeners);
        all.addAll(List.of(more));
        return new TrainLoop(setup, evaluation, all);
    }

    /** Trains for {@code options.steps()} steps in total (fewer if a checkpoint already covers some). */
    public History run(NDManager manager, Step step) {
        Run run = new Run(setup.groups(), setup.optimizer(), setup.schedule(), setup.options(), manager);
        Options options = run.options();
        History history = new History();
        int first = 0;
        for (Listener l : listeners) {
            Optional<Checkpoint.Restored> restored = l.resume(run);
            if (restored.isPresent()) {
                history = restored.get().history();
                first = restored.get().step();
            }
        }
        for (ParameterGroups.Entry e : run.groups().entries()) {
            e.parameter().freeze(!e.group().trainable());   // a frozen parameter gets no gradient at all
        }
        List<ParameterGroups.Entry> trainable = run.groups().trainable();
        long started = System.nanoTime();
        for (int s = first; s < options.steps(); s++) {
            long stepStart = System.nanoTime();
            double rate = run.schedule().at(s);
            history.addTrain(trainStep(manager, step, trainable, s, rate));
            history.addStepMillis((System.nanoTime() - stepStart) / 1e6);
            int done = s + 1;
            boolean validate = evaluation.isPresent() && (done % options.evalEvery() == 0 || done == options.steps());
            if (validate) {
                try (NDManager scope = manager.newSubManager()) {
                    history.addValidation(done, evaluation.get().loss(scope));
                }
            }
            Progress progress = new Progress(run, done, first, history, rate, System.nanoTime() - started, validate);
            for (Listener l : listeners) {
                l.stepped(progress);
            }
        }
        return history;
    }

    private double trainStep(NDManager manager, Step step, List<ParameterGroups.Entry> trainable, int s, double rate) {
        long seed = Seeds.forStep(setup.options().seed(), s);
        Engine.getInstance().setRandomSeed(Seeds.engineSeed(seed));
        try (NDManager scope = manager.newSubManager()) {
            double lossValue;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = step.loss(scope, s, new Random(seed));
                if (loss.getShape().size() != 1) {
                    throw new IllegalStateException("The step must return a scalar loss, got shape " + loss.getShape()
                            + ". Reduce it, e.g. with .mean().");
                }
                lossValue = loss.toType(DataType.FLOAT64, false).getDouble();
                if (!Double.isFinite(lossValue)) {
                    throw new IllegalStateException("Loss is " + lossValue + " at step " + s
                            + ": training diverged. Lower the learning rate (now " + rate + ") or check the inputs.");
                }
                collector.backward(loss);
            }
            NDArray[] grads = new NDArray[trainable.size()];
            for (int i = 0; i < grads.length; i++) {
                grads[i] = trainable.get(i).parameter().getArray().getGradient();
                grads[i].attach(scope); // freed with the step; the tensor itself lives on in .grad
            }
            if (setup.options().clipNorm() > 0) {
                clipGradients(grads, setup.options().clipNorm());
            }
            for (int i = 0; i < grads.length; i++) {
                ParameterGroups.Entry e = trainable.get(i);
                setup.optimizer().update(e.id(), e.parameter(), grads[i], rate * e.group().rateMultiplier());
                grads[i].subi(grads[i]); // PyTorch adds into .grad; clear it for the next step
            }
            return lossValue;
        }
    }

    /**
     * Scales the gradients in place so that their global L2 norm is at most {@code maxNorm}, with the arithmetic of
     * PyTorch's {@code torch.nn.utils.clip_grad_norm_} (float32 throughout): each gradient's norm, the norm of those
     * norms, the factor maxNorm / (norm + 1e-6), applied when it is below 1. Returns the norm before clipping.
     *
     * <p>The same numbers as PyTorch, not better ones: the norm op accumulates a 2M-element gradient to about 1e-5
     * relative (a sum of squares gets nearer to float64), which does not matter for a threshold but does make two
     * runs part: {@code bench/lstm} compares the lib's losses with PyTorch's to 1e-5, and a sum of squares moved
     * them 1.7e-5 apart in 170 steps. One pass over each gradient, no temporary of its size.
     */
    public static double clipGradients(NDArray[] grads, double maxNorm) {
        if (grads.length == 0) {
            return 0;
        }
        NDList norms = new NDList(grads.length);
        for (NDArray g : grads) {
            norms.add(g.norm());                                             // ‖g‖₂, 0-d
        }
        float total = NDArrays.stack(norms).norm().getFloat();               // ‖(‖g₁‖, ‖g₂‖, …)‖₂
        float factor = (1f / (total + 1e-6f)) * (float) maxNorm;              // PyTorch: max_norm / (total + 1e-6)
        if (factor < 1f) {
            for (NDArray g : grads) {
                g.muli(factor);
            }
        }
        return total;
    }
}
