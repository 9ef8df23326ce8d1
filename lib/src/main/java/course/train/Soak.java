package course.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import course.decode.Generator;
import course.decode.Sampler;
import course.env.Memory;
import course.gpt.Gpt;
import course.gpt.GptConfig;
import course.gpt.GptLogits;
import course.nn.Losses;
import course.nn.Masks;
import course.nn.MultiHeadAttention;
import course.nn.NativeArrays;
import java.io.PrintStream;
import java.util.Random;

/**
 * A soak test of the training stack: many short {@link TrainLoop} runs, taking turns between a small {@link Gpt}
 * and a small cross-attention model with padding masks, with validation (no gradients) and sampling
 * ({@link Generator}) in between, batch size and sequence lengths drawn per step. It counts steps that threw and
 * non-finite losses and samples the resident memory, so a slow native leak or an occasional crash shows up in
 * minutes instead of in a learner's kernel after an hour.
 *
 * <p>It lives in the lib (not in the bench folder) so the JUnit suite runs a short version of the very same code
 * ({@code ./course bench soak} runs the long one through {@link #main}).
 *
 * <p>On purpose, every other GPT step hands the model token ids on Java buffers ({@code NDManager.create}) and closes
 * them right after the forward pass, before backward, and now and then runs the garbage collector before returning,
 * so those buffers are really freed when backward runs: the pattern that crashed kernels (see
 * {@link course.nn.NativeArrays}). The lib must be immune to it.
 */
public final class Soak {

    /** Steps per {@link TrainLoop} run; the models take turns run by run. */
    static final int SEGMENT = 200;
    /** Resident memory is sampled every this many steps. */
    static final int SAMPLE_EVERY = 10;

    private static final int GPT_VOCAB = 48;
    private static final int CROSS_VOCAB = 24;
    private static final int MAX_BATCH = 8;
    private static final int MAX_SOURCE = 16;
    private static final int MAX_TARGET = 16;

    /** What a soak run found. RSS figures are the peaks over the first and the last quarter of the steps. */
    public record Report(int steps, int crashes, int nan, long rssFirstPeak, long rssLastPeak, int validations,
            int samples, double seconds) {

        /** {@code soak steps=… crashes=… nan=… rss_first_mb=… rss_last_mb=…} */
        public String line() {
            return String.format("soak steps=%d crashes=%d nan=%d rss_first_mb=%d rss_last_mb=%d", steps, crashes, nan,
                    rssFirstPeak / 1_000_000, rssLastPeak / 1_000_000);
        }
    }

    private Soak() {}

    /** {@code Soak [steps] [seed]}: prints progress lines and, last, {@link Report#line()}. */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        Report report = run(steps, seed, System.out);
        System.out.printf("soak: %.0f s, %d validations, %d samples, allocator %s%n", report.seconds(), report.validations(),
                report.samples(), Memory.allocator().name());
        System.out.println(report.line());
    }

    /** Runs {@code steps} training steps in total (at least {@link #SEGMENT}), printing about ten progress lines. */
    public static Report run(int steps, long seed, PrintStream progress) {
        if (steps < SEGMENT) {
            throw new IllegalArgumentException("steps must be >= " + SEGMENT + " (one TrainLoop run), got " + steps);
        }
        Counters c = new Counters(steps, progress);
        try (NDManager manager = NDManager.newBaseManager()) {
            Seeds.seedAll(seed);
            GptConfig gptConfig = new GptConfig(GPT_VOCAB, 32, 2, 2, 32, 0.1f, true);
            Gpt gpt = new Gpt(gptConfig);
            gpt.initialize(manager, DataType.FLOAT32, new Shape(1, gptConfig.blockSize()));
            CrossCopy cross = new CrossCopy(CROSS_VOCAB, 32, 2);
            cross.initialize(manager, DataType.FLOAT32, new Shape(1, MAX_TARGET));
            ParameterStore ps = new ParameterStore(manager, false);
            GradientDescent gptOptimizer = AdamW.withWeightDecay(0.01);
            GradientDescent crossOptimizer = AdamW.withWeightDecay(0.01);
            for (int run = 0; c.steps < steps; run++) {
                final int segment = run;
                int before = c.steps;
                int length = Math.min(SEGMENT, steps - c.steps);
                boolean useGpt = segment % 2 == 0;
                TrainLoop.Options options = new TrainLoop.Options(length, seed * 1_000_003L + segment, Math.max(1, length / 2), 1.0);
                TrainLoop loop = useGpt
                        ? new TrainLoop(gpt, gptOptimizer, LearningRate.constant(1e-3), options)
                                .validatedBy(scope -> c.validation(gptValidation(gpt, ps, scope, segment)))
                        : new TrainLoop(cross, crossOptimizer, LearningRate.constant(1e-3), options)
                                .validatedBy(scope -> c.validation(crossValidation(cross, ps, scope, segment)));
                TrainLoop.Step step = useGpt
                        ? (scope, s, random) -> c.step(gptStep(gpt, ps, scope, s, random))
                        : (scope, s, random) -> c.step(crossStep(cross, ps, scope, random));
                try {
                    loop.run(manager, step);
                } catch (RuntimeException e) {
                    // The loop stops at the step that threw; count it and go on with the next run.
                    if (String.valueOf(e.getMessage()).startsWith("Loss is")) {
                        c.nan++;
                    } else {
                        c.crashes++;
                        progress.println("soak: step " + c.steps + " threw " + e);
                    }
                    if (c.steps == before) {
                        throw new IllegalStateException("soak: a TrainLoop run failed before its first step", e);
                    }
                }
            }
        }
        return c.report();
    }

    // ---- the GPT: next-token prediction on random sequences of random shape ----

    private static NDArray gptStep(Gpt gpt, ParameterStore ps, NDManager scope, int s, Random random) {
        int b = 1 + random.nextInt(MAX_BATCH);
        int t = 1 + random.nextInt(gpt.config().blockSize());
        int[] x = random.ints((long) b * t, 0, GPT_VOCAB).toArray();
        int[] y = targetsOf(x);
        if (s % 2 == 0) {
            return Losses.crossEntropy(gpt.logits(ps, NativeArrays.ints(scope, x, new Shape(b, t)), true),
                    NativeArrays.ints(scope, y, new Shape(b, t)));
        }
        // The dangerous pattern, on purpose: int64 ids (PyTorch's index type, used by ops as they are) on Java
        // buffers, closed before backward.
        NDArray tokens = scope.create(java.util.Arrays.stream(x).asLongStream().toArray(), new Shape(b, t));
        NDArray targets = scope.create(java.util.Arrays.stream(y).asLongStream().toArray(), new Shape(b, t));
        NDArray loss = Losses.crossEntropy(gpt.logits(ps, tokens, true), targets);
        tokens.close();
        targets.close();
        if (s % 50 == 1) {
            // Now and then, let the garbage collector free those buffers before backward runs, as a busy kernel may.
            System.gc();
            try {
                Thread.sleep(5);   // the Cleaner thread returns the buffers' memory
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return loss;
    }

    /** A fixed map of each id, learnable by the model, so the loss has somewhere to go. */
    private static int[] targetsOf(int[] x) {
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] * 7 + 3) % GPT_VOCAB;
        }
        return y;
    }

    private static double gptValidation(Gpt gpt, ParameterStore ps, NDManager scope, int segment) {
        Random fixed = new Random(segment);
        int t = gpt.config().blockSize();
        int[] x = fixed.ints(4L * t, 0, GPT_VOCAB).toArray();
        double loss = Losses.crossEntropy(gpt.logits(ps, NativeArrays.ints(scope, x, new Shape(4, t)), false),
                NativeArrays.ints(scope, targetsOf(x), new Shape(4, t))).getFloat();
        int[] sample = Generator.generate(new int[] {fixed.nextInt(GPT_VOCAB)}, 8, t, Sampler.topK(10, 1.0), fixed,
                new GptLogits(gpt, ps, scope));
        checkSample(sample, GPT_VOCAB);
        return loss;
    }

    // ---- the cross-attention model: every target position must name the source's first token ----

    private static NDArray crossStep(CrossCopy model, ParameterStore ps, NDManager scope, Random random) {
        Batch batch = Batch.draw(random);
        NDArray logits = model.forward(ps, scope, batch, true);
        return Losses.crossEntropy(logits, NativeArrays.ints(scope, batch.labels, new Shape(batch.b, batch.t)),
                Masks.padding(scope, batch.targetLengths, batch.t));
    }

    private static double crossValidation(CrossCopy model, ParameterStore ps, NDManager scope, int segment) {
        Batch batch = Batch.draw(new Random(segment));
        NDArray logits = model.forward(ps, scope, batch, false);
        double loss = Losses.crossEntropy(logits, NativeArrays.ints(scope, batch.labels, new Shape(batch.b, batch.t)),
                Masks.padding(scope, batch.targetLengths, batch.t)).getFloat();
        // Greedy "decoding" of a few target tokens for the first source row, as a generator sees the model.
        int[] source = java.util.Arrays.copyOf(batch.source, batch.s);
        int sourceLength = batch.sourceLengths[0];
        int[] sample = Generator.generate(new int[] {1}, 6, MAX_TARGET, Sampler.greedy(), new Random(segment), context -> {
            try (NDManager m = scope.newSubManager()) {
                Batch one = new Batch(1, batch.s, context.length, source, new int[] {sourceLength}, context,
                        new int[context.length], new int[] {context.length});
                return model.forward(ps, m, one, false).get(0, context.length - 1).toFloatArray();
            }
        });
        checkSample(sample, CROSS_VOCAB);
        return loss;
    }

    private static void checkSample(int[] sample, int vocab) {
        for (int id : sample) {
            if (id < 0 || id >= vocab) {
                throw new IllegalStateException("sampled id " + id + " is outside [0, " + vocab + ")");
            }
        }
    }

    /** A padded batch: B rows of source (B, S) and target (B, T) ids, their real lengths, labels (B, T). */
    record Batch(int b, int s, int t, int[] source, int[] sourceLengths, int[] target, int[] labels, int[] targetLengths) {

        static Batch draw(Random random) {
            int b = 1 + random.nextInt(MAX_BATCH);
            int s = 1 + random.nextInt(MAX_SOURCE);
            int t = 1 + random.nextInt(MAX_TARGET);
            int[] source = new int[b * s];          // 0 = padding
            int[] sourceLengths = new int[b];
            int[] target = new int[b * t];
            int[] labels = new int[b * t];
            int[] targetLengths = new int[b];
            for (int row = 0; row < b; row++) {
                sourceLengths[row] = 1 + random.nextInt(s);
                targetLengths[row] = 1 + random.nextInt(t);
                for (int j = 0; j < sourceLengths[row]; j++) {
                    source[row * s + j] = 1 + random.nextInt(CROSS_VOCAB - 1);
                }
                for (int j = 0; j < t; j++) {
                    target[row * t + j] = j < targetLengths[row] ? 1 + random.nextInt(CROSS_VOCAB - 1) : 0;
                    labels[row * t + j] = source[row * s];
                }
            }
            return new Batch(b, s, t, source, sourceLengths, target, labels, targetLengths);
        }
    }

    /**
     * Target tokens attend to the source (cross-attention, keys masked where the source is padding); the output is
     * the sum scored against the shared token embedding. Source positions are embedded so "the first token" is
     * findable.
     */
    static final class CrossCopy extends AbstractBlock {

        private final int vocab;
        private final int embedding;
        private final Parameter tokens;
        private final Parameter positions;
        private final MultiHeadAttention attention;

        CrossCopy(int vocab, int embedding, int heads) {
            this.vocab = vocab;
            this.embedding = embedding;
            tokens = addParameter(Parameter.builder().setName("tokenEmbedding").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(vocab, embedding)).optInitializer(new NormalInitializer(0.02f)).build());
            positions = addParameter(Parameter.builder().setName("sourcePositions").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(MAX_SOURCE, embedding)).optInitializer(new NormalInitializer(0.02f)).build());
            attention = addChildBlock("cross", new MultiHeadAttention(embedding, heads, true, 0.1f));
        }

        /** (B, T, V) logits for the batch; everything it creates belongs to {@code scope}. */
        NDArray forward(ParameterStore ps, NDManager scope, Batch batch, boolean training) {
            NDArray e = tokens.getArray();
            NDArray source = NativeArrays.ints(scope, batch.source, new Shape(batch.b, batch.s));
            NDArray target = NativeArrays.ints(scope, batch.target, new Shape(batch.b, batch.t));
            NDArray memory = source.getNDArrayInternal().embedding(source, e, ai.djl.ndarray.types.SparseFormat.DENSE)
                    .singletonOrThrow()
                    .add(positions.getArray().get(scope, new ai.djl.ndarray.index.NDIndex().addSliceDim(0, batch.s)));
            NDArray queries = target.getNDArrayInternal().embedding(target, e, ai.djl.ndarray.types.SparseFormat.DENSE)
                    .singletonOrThrow();
            NDArray mask = Masks.forAttention(null, Masks.padding(scope, batch.sourceLengths, batch.s));   // (B, 1, 1, S)
            NDArray y = queries.add(attention.attend(ps, queries, memory, mask, training).output());           // (B, T, C)
            return y.getNDArrayInternal().linear(y, e, null).singletonOrThrow();                                // (B, T, V): y Eᵀ
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            throw new UnsupportedOperationException("call forward(ps, scope, batch, training)");
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            attention.initialize(manager, dataType, new Shape(1, inputShapes[0].get(1), embedding));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), vocab)};
        }
    }

    /** Step and memory bookkeeping shared by all runs. */
    private static final class Counters {
        final int total;
        final PrintStream progress;
        final long[] rssSamples;
        final long started = System.nanoTime();
        int steps;
        int crashes;
        int nan;
        int validations;
        int samples;
        int nextReport;

        Counters(int total, PrintStream progress) {
            this.total = total;
            this.progress = progress;
            this.rssSamples = new long[total / SAMPLE_EVERY + 1];
            this.nextReport = Math.max(1, total / 10);
        }

        NDArray step(NDArray loss) {
            steps++;
            if (steps % SAMPLE_EVERY == 0) {
                rssSamples[steps / SAMPLE_EVERY] = Memory.residentBytes();
            }
            if (steps >= nextReport) {
                double elapsed = (System.nanoTime() - started) / 1e9;
                double eta = elapsed / steps * (total - steps);
                progress.printf("soak %3d%% step %d/%d | %.1f ms/step | ETA %.0fs | crashes %d nan %d | rss %s%n",
                        100L * steps / total, steps, total, 1000 * elapsed / steps, eta, crashes, nan,
                        Memory.format(Memory.residentBytes()));
                nextReport += Math.max(1, total / 10);
            }
            return loss;
        }

        double validation(double loss) {
            validations++;
            samples++;
            if (!Double.isFinite(loss)) {
                nan++;
            }
            return loss;
        }

        Report report() {
            long first = 0;
            long last = 0;
            for (int i = 1; i < rssSamples.length; i++) {
                int step = i * SAMPLE_EVERY;
                if (step <= total / 4) {
                    first = Math.max(first, rssSamples[i]);
                } else if (step > total - total / 4) {
                    last = Math.max(last, rssSamples[i]);
                }
            }
            return new Report(steps, crashes, nan, first, last, validations, samples, (System.nanoTime() - started) / 1e9);
        }
    }
}
