import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import course.data.DataStore;
import course.env.Devices;
import course.nn.LabelSmoothing;
import course.nn.Masks;
import course.nn.Mode;
import course.nn.NativeArrays;
import course.train.AdamW;
import course.train.History;
import course.train.LearningRate;
import course.train.ParameterGroups;
import course.train.Seeds;
import course.train.TrainLoop;
import course.transformer.SinusoidalPositions;
import course.transformer.Transformer;
import course.transformer.TransformerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The Java half and conductor of {@code ./course bench transformer} (README.md beside this file): one training step
 * of the workshop's encoder–decoder Transformer for Multi30k de→en ({@code TransformerConfig.multi30k}: d 256, 8 heads,
 * FFN 512, 3 + 3 post-LN layers, dropout 0.1, untied output) with label smoothing 0.1 (padding excluded), Adam
 * (constant 5e-4, β 0.9/0.98, ε 1e-9) and clipping at 1.0, stepped by {@code TrainLoop}, taking turns with the same
 * step in PyTorch 2.7.1 ({@code torch_peer.py}).
 *
 * <p>The lib is used as a notebook uses it, with no hook into it. Dropout masks are drawn by libtorch's CPU generator,
 * which TrainLoop seeds before every step; PyTorch 2.7.1 has the same generator and the same {@code dropout} op, so the
 * peer, seeded with the same per-step seeds and dropping the same tensors in the same order, drops the same units —
 * the per-step losses show it.
 *
 * <pre>
 *   settings.json      sizes, vocabulary, optimiser, step counts, per step: engine seed and the batch's shape
 *   batches.bin        int32 per step: source (B, S), target in (B, T), target out (B, T), source and target lengths (B)
 *   weights.json/.bin  initial weights in the model's parameter order (= the peer's named_parameters order)
 *   positions.bin      float32 (maxLength, C): the lib's sinusoidal table, so both add the same numbers
 *   lib.json           every step's time and loss, the check pass's losses, the median, the phase medians
 * </pre>
 *
 * Usage: {@code TransformerBench OUT_DIR PYTHON TORCH_PEER_SCRIPT}. Environment: BENCH_CHECK_STEPS (5), BENCH_WARMUP
 * (10), BENCH_STEPS (50), BENCH_PROFILE_STEPS (10), BENCH_TURN (1; 0 = no turns), BENCH_GAP_MS (20), BENCH_SEED (2017).
 */
public class TransformerBench {

    // Multi30k-sized vocabularies (bentrevett's torchtext/spaCy vocabularies with min_freq 2: 7,853 de, 5,893 en);
    // here the most frequent words of the official tokenised training files, the rest <unk>.
    static final int SOURCE_VOCAB = 7853;
    static final int TARGET_VOCAB = 5893;
    static final int UNK = 0;
    static final int PAD = 1;
    static final int BOS = 2;
    static final int EOS = 3;
    static final String[] SPECIALS = {"<unk>", "<pad>", "<s>", "</s>"};
    static final int BATCH = 128;
    static final double LR = 5e-4;
    static final LearningRate SCHEDULE = LearningRate.constant(LR);
    static final double CLIP = 1.0;
    static final float SMOOTHING = 0.1f;
    static final AdamW.Settings ADAM = AdamW.Settings.pytorch().withBeta1(0.9).withBeta2(0.98).withEpsilon(1e-9).withWeightDecay(0);
    static final String[] PHASES = {"forward", "backward", "clip", "optimizer", "release"};

    static final Gson JSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /** One step's batch: ids row-major, padded with PAD after each row's real tokens. */
    record Batch(int s, int t, int[] source, int[] targetIn, int[] targetOut, int[] sourceLengths, int[] targetLengths) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: TransformerBench OUT_DIR PYTHON TORCH_PEER_SCRIPT, got " + List.of(args));
        }
        Path out = Files.createDirectories(Path.of(args[0]));
        int check = env("BENCH_CHECK_STEPS", 5);
        int warmup = env("BENCH_WARMUP", 10);
        int timed = env("BENCH_STEPS", 50);
        int profiled = env("BENCH_PROFILE_STEPS", 10);
        int turn = env("BENCH_TURN", 1);
        int gap = env("BENCH_GAP_MS", 20);
        long seed = env("BENCH_SEED", 2017);
        if (check < 1 || warmup < 0 || timed < 1 || profiled < 0 || turn < 0 || gap < 0) {
            throw new IllegalArgumentException("need BENCH_CHECK_STEPS >= 1, BENCH_WARMUP >= 0, BENCH_STEPS >= 1, BENCH_PROFILE_STEPS >= 0, "
                    + "BENCH_TURN >= 0, BENCH_GAP_MS >= 0");
        }
        int looped = warmup + timed;
        int total = looped + profiled;
        long stepSeed = Seeds.of(seed, "transformer/steps");   // TrainLoop derives each step's engine seed from this one
        String loadBefore = loadAverage();

        // The data: Multi30k's official lower-cased, tokenised training pairs; batches of 128 pairs in a seeded shuffle.
        DataStore store = DataStore.fromEnvironment();
        List<String[]> de = tokens(store.path("multi30k/tok/train.lc.norm.tok.de"));
        List<String[]> en = tokens(store.path("multi30k/tok/train.lc.norm.tok.en"));
        if (de.size() != en.size()) {
            throw new IllegalStateException("Multi30k train: " + de.size() + " German lines but " + en.size() + " English lines");
        }
        Map<String, Integer> deIds = vocabulary(de, SOURCE_VOCAB);
        Map<String, Integer> enIds = vocabulary(en, TARGET_VOCAB);
        List<Batch> batches = batches(de, en, deIds, enIds, total, new Random(Seeds.of(seed, "transformer/batches")));
        int maxLength = batches.stream().mapToInt(b -> Math.max(b.s(), b.t())).max().orElseThrow();
        TransformerConfig config = TransformerConfig.multi30k(SOURCE_VOCAB, TARGET_VOCAB, PAD);
        if (maxLength > config.maxLength()) {
            throw new IllegalStateException("a batch is " + maxLength + " positions long, more than the model's " + config.maxLength());
        }
        writeBatches(batches, out.resolve("batches.bin"));

        try (NDManager manager = NDManager.newBaseManager()) {
            // The timed model (dropout 0.1) and the check model (dropout 0), both initialised from the same seed.
            Transformer model = new Transformer(config);
            Transformer plain = new Transformer(config.withDropout(0f));
            long initSeed = Seeds.of(seed, "transformer/init");
            Shape sourceShape = new Shape(BATCH, batches.get(0).s());
            Shape targetShape = new Shape(BATCH, batches.get(0).t());
            Seeds.initialize(model, manager, initSeed, sourceShape, targetShape);
            Seeds.initialize(plain, manager, initSeed, sourceShape, targetShape);
            ParameterGroups groups = ParameterGroups.of(model);
            ParameterGroups plainGroups = ParameterGroups.of(plain);
            requireSameWeights(groups, plainGroups);
            long count = writeWeights(groups, out);
            Files.write(out.resolve("positions.bin"), floats(flatten(SinusoidalPositions.table(config.maxLength(), config.embedding()))).array());

            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("source_vocab", config.sourceVocab());
            settings.put("target_vocab", config.targetVocab());
            settings.put("max_length", config.maxLength());
            settings.put("embedding", config.embedding());
            settings.put("heads", config.heads());
            settings.put("hidden", config.hidden());
            settings.put("encoder_layers", config.encoderLayers());
            settings.put("decoder_layers", config.decoderLayers());
            settings.put("dropout", config.dropout());
            settings.put("tie_output", config.tieOutput());
            settings.put("padding_id", PAD);
            settings.put("smoothing", SMOOTHING);
            settings.put("batch", BATCH);
            settings.put("lr", LR);
            settings.put("betas", List.of(ADAM.beta1(), ADAM.beta2()));
            settings.put("eps", ADAM.epsilon());
            settings.put("weight_decay", ADAM.weightDecay());
            settings.put("clip", CLIP);
            settings.put("check_steps", check);
            settings.put("warmup", warmup);
            settings.put("steps", timed);
            settings.put("profile_steps", profiled);
            settings.put("turn", turn);
            settings.put("threads", Devices.intraOpThreads());
            settings.put("seed", seed);
            settings.put("parameter_count", count);
            settings.put("data", describe(batches, de.size()));
            List<Integer> seeds = new ArrayList<>();
            List<List<Integer>> shapes = new ArrayList<>();
            for (int s = 0; s < total; s++) {
                seeds.add(engineSeed(stepSeed, s));
                shapes.add(List.of(batches.get(s).s(), batches.get(s).t()));
            }
            settings.put("engine_seeds", seeds);
            settings.put("shapes", shapes);
            Files.writeString(out.resolve("settings.json"), JSON.toJson(settings) + "\n");

            ParameterStore ps = new ParameterStore(manager, false);
            LabelSmoothing smoothing = new LabelSmoothing(SMOOTHING, PAD);
            double initialLoss;   // batch 0, inference mode (no dropout): ≈ ln V_tgt plus the smoothing term
            try (NDManager scope = manager.newSubManager()) {
                initialLoss = loss(model, ps, smoothing, scope, batches.get(0), Mode.INFERENCE).getFloat();
            }

            try (Peer peer = Peer.start(args[1], args[2], out, gap)) {
                // 0. The correctness pass: the dropout-0 twin, a few steps on each side, losses compared in the report.
                History checked = new TrainLoop(plainGroups, new AdamW(ADAM), SCHEDULE, TrainLoop.Options.of(check, stepSeed).withGradientClipping(CLIP))
                        .run(manager, (scope, s, random) -> loss(plain, ps, smoothing, scope, batches.get(s), Mode.TRAINING));
                peer.send("check 0 " + check);

                // 1. The notebook's loop; after every turn (and after the warm-up) the peer does the same steps.
                AdamW adam = new AdamW(ADAM);
                int perTurn = turn > 0 ? turn : timed;
                int[] handed = {0};
                TrainLoop.Listener turns = progress -> {
                    int done = progress.done();
                    if (done == warmup || (done > warmup && ((done - warmup) % perTurn == 0 || done == looped))) {
                        peer.send("steps " + handed[0] + " " + (done - handed[0]));
                        handed[0] = done;
                    }
                };
                TrainLoop.Step step = (scope, s, random) -> loss(model, ps, smoothing, scope, batches.get(s), Mode.TRAINING);
                History history = new TrainLoop(groups, adam, SCHEDULE, TrainLoop.Options.of(looped, stepSeed).withGradientClipping(CLIP))
                        .with(turns).run(manager, step);
                List<Double> losses = new ArrayList<>(history.trainLoss());
                double median = median(history.stepMillis().subList(warmup, looped));

                // 2. Further steps, TrainLoop's step written out with a clock between its phases; in turns too.
                double[][] phaseMillis = new double[PHASES.length][profiled];
                for (int done = 0; done < profiled; ) {
                    int n = Math.min(perTurn, profiled - done);
                    for (int i = done; i < done + n; i++) {
                        losses.add(profiledStep(step, groups, adam, manager, stepSeed, looped + i, phaseMillis, i));
                    }
                    peer.send("profile " + (looped + done) + " " + n);
                    done += n;
                }
                peer.send("finish");

                Map<String, Double> phases = new LinkedHashMap<>();
                for (int k = 0; k < PHASES.length; k++) {
                    phases.put(PHASES[k], median(Arrays.stream(phaseMillis[k]).boxed().toList()));
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("djl", Engine.getDjlVersion());
                result.put("libtorch", Engine.getInstance().getVersion());
                result.put("java", Runtime.version().toString());
                result.put("threads", Devices.intraOpThreads());
                result.put("interop_threads", Devices.interOpThreads());
                result.put("parameter_count", count);
                result.put("initial_loss", initialLoss);
                result.put("check_losses", checked.trainLoss());
                result.put("median_ms", median);
                result.put("step_ms", history.stepMillis());
                result.put("losses", losses);
                result.put("phases_ms", phases);
                result.put("phase_steps_ms", phaseMillis);
                result.put("load_average", List.of(loadBefore, loadAverage()));
                Files.writeString(out.resolve("lib.json"), JSON.toJson(result) + "\n");
                System.out.printf(Locale.ROOT, "lib: DJL %s, libtorch %s, %d threads; %,d parameters, initial loss %.4f, median step %.2f ms%n",
                        Engine.getDjlVersion(), Engine.getInstance().getVersion(), Devices.intraOpThreads(), count, initialLoss, median);
            }
        }
    }

    /**
     * The notebook's training loss for one batch: the model's logits, label-smoothed cross-entropy (ε 0.1 spread over
     * every class but padding) averaged over the real target positions.
     */
    static NDArray loss(Transformer model, ParameterStore ps, LabelSmoothing smoothing, NDManager scope, Batch b, Mode mode) {
        NDArray source = NativeArrays.ints(scope, b.source(), new Shape(BATCH, b.s()));
        NDArray targetIn = NativeArrays.ints(scope, b.targetIn(), new Shape(BATCH, b.t()));
        NDArray targetOut = NativeArrays.ints(scope, b.targetOut(), new Shape(BATCH, b.t()));
        NDArray logits = model.logits(ps, source, b.sourceLengths(), targetIn, b.targetLengths(), mode);   // (B, T, V_tgt)
        return smoothing.crossEntropy(logits, targetOut, Masks.padding(scope, b.targetLengths(), b.t()));
    }

    static int engineSeed(long stepSeed, int step) {
        return Seeds.engineSeed(Seeds.forStep(stepSeed, step));   // what TrainLoop seeds the engine with before step s
    }

    /**
     * Step s as TrainLoop.trainStep does it, with the clock read after forward + loss (read back), backward, clipping,
     * the Adam update (and zeroing the gradients), and closing the step's manager. Returns the loss.
     */
    static double profiledStep(TrainLoop.Step step, ParameterGroups groups, AdamW adam, NDManager manager, long stepSeed, int s,
            double[][] ms, int column) {
        long[] t = new long[PHASES.length + 1];
        t[0] = System.nanoTime();
        double loss;
        Engine.getInstance().setRandomSeed(engineSeed(stepSeed, s));
        List<ParameterGroups.Entry> trainable = groups.trainable();
        try (NDManager scope = manager.newSubManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = step.loss(scope, s, new Random(Seeds.forStep(stepSeed, s)));
                loss = value.toType(DataType.FLOAT64, false).getDouble();
                t[1] = System.nanoTime();
                collector.backward(value);
            }
            t[2] = System.nanoTime();
            NDArray[] grads = trainable.stream().map(e -> e.parameter().getArray().getGradient()).toArray(NDArray[]::new);
            for (NDArray g : grads) {
                g.attach(scope);
            }
            TrainLoop.clipGradients(grads, CLIP);
            t[3] = System.nanoTime();
            double rate = SCHEDULE.at(s);
            for (int j = 0; j < grads.length; j++) {
                ParameterGroups.Entry e = trainable.get(j);
                adam.update(e.id(), e.parameter(), grads[j], rate * e.group().rateMultiplier());
                grads[j].subi(grads[j]);
            }
            t[4] = System.nanoTime();
        }
        t[5] = System.nanoTime();
        for (int k = 0; k < PHASES.length; k++) {
            ms[k][column] = (t[k + 1] - t[k]) / 1e6;
        }
        return loss;
    }

    static List<String[]> tokens(Path file) throws IOException {
        List<String[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            lines.add(trimmed.isEmpty() ? new String[0] : trimmed.split(" +"));
        }
        return lines;
    }

    /** The specials, then the {@code size} − 4 most frequent words (ties: alphabetical). */
    static Map<String, Integer> vocabulary(List<String[]> lines, int size) {
        Map<String, Integer> counts = new HashMap<>();
        for (String[] line : lines) {
            for (String w : line) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> words = new ArrayList<>(counts.entrySet());
        words.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        if (words.size() < size - SPECIALS.length) {
            throw new IllegalStateException("only " + words.size() + " distinct words for a vocabulary of " + size);
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < size - SPECIALS.length; i++) {
            ids.put(words.get(i).getKey(), SPECIALS.length + i);
        }
        return ids;
    }

    /** <s> w₁ … wₙ </s>, unknown words as <unk>. */
    static int[] encode(String[] words, Map<String, Integer> ids) {
        int[] e = new int[words.length + 2];
        e[0] = BOS;
        for (int i = 0; i < words.length; i++) {
            e[i + 1] = ids.getOrDefault(words[i], UNK);
        }
        e[words.length + 1] = EOS;
        return e;
    }

    /**
     * {@code steps} batches of 128 pairs, consecutive slices of seeded shuffles of the training set (a new shuffle per
     * epoch), each padded to its longest row: source = &lt;s&gt; de &lt;/s&gt;, target in = &lt;s&gt; en, target out = en &lt;/s&gt;.
     */
    static List<Batch> batches(List<String[]> de, List<String[]> en, Map<String, Integer> deIds, Map<String, Integer> enIds, int steps,
            Random random) {
        List<Integer> order = new ArrayList<>();
        List<Batch> result = new ArrayList<>();
        int at = 0;
        for (int step = 0; step < steps; step++) {
            if (at + BATCH > order.size()) {
                order = new ArrayList<>();
                for (int i = 0; i < de.size(); i++) {
                    order.add(i);
                }
                Collections.shuffle(order, random);
                at = 0;
            }
            int[][] src = new int[BATCH][];
            int[][] tgt = new int[BATCH][];
            int s = 0;
            int t = 0;
            for (int b = 0; b < BATCH; b++) {
                int pair = order.get(at++);
                src[b] = encode(de.get(pair), deIds);
                tgt[b] = encode(en.get(pair), enIds);
                s = Math.max(s, src[b].length);
                t = Math.max(t, tgt[b].length - 1);
            }
            int[] source = new int[BATCH * s];
            int[] targetIn = new int[BATCH * t];
            int[] targetOut = new int[BATCH * t];
            Arrays.fill(source, PAD);
            Arrays.fill(targetIn, PAD);
            Arrays.fill(targetOut, PAD);
            int[] sourceLengths = new int[BATCH];
            int[] targetLengths = new int[BATCH];
            for (int b = 0; b < BATCH; b++) {
                System.arraycopy(src[b], 0, source, b * s, src[b].length);
                System.arraycopy(tgt[b], 0, targetIn, b * t, tgt[b].length - 1);
                System.arraycopy(tgt[b], 1, targetOut, b * t, tgt[b].length - 1);
                sourceLengths[b] = src[b].length;
                targetLengths[b] = tgt[b].length - 1;
            }
            result.add(new Batch(s, t, source, targetIn, targetOut, sourceLengths, targetLengths));
        }
        return result;
    }

    static String describe(List<Batch> batches, int pairs) {
        long sourcePositions = 0;
        long targetPositions = 0;
        long sourceReal = 0;
        long targetReal = 0;
        for (Batch b : batches) {
            sourcePositions += (long) BATCH * b.s();
            targetPositions += (long) BATCH * b.t();
            sourceReal += Arrays.stream(b.sourceLengths()).sum();
            targetReal += Arrays.stream(b.targetLengths()).sum();
        }
        double n = batches.size();
        return String.format(Locale.ROOT, "Multi30k train (%,d pairs, official lower-cased tokenised files), %d random pairs per batch padded to "
                        + "the longest: source %.1f x %d = %.0f positions (%.0f real, %.0f %% padding), target %.1f positions (%.0f real, %.0f %% padding) "
                        + "on average over %d batches",
                pairs, BATCH, sourcePositions / n / BATCH, BATCH, sourcePositions / n, sourceReal / n, 100.0 * (1 - (double) sourceReal / sourcePositions),
                targetPositions / n / BATCH, targetReal / n, 100.0 * (1 - (double) targetReal / targetPositions), batches.size());
    }

    static void writeBatches(List<Batch> batches, Path file) throws IOException {
        int ints = 0;
        for (Batch b : batches) {
            ints += BATCH * (b.s() + 2 * b.t() + 2);
        }
        ByteBuffer buffer = ByteBuffer.allocate(ints * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (Batch b : batches) {
            for (int[] part : new int[][] {b.source(), b.targetIn(), b.targetOut(), b.sourceLengths(), b.targetLengths()}) {
                Arrays.stream(part).forEach(buffer::putInt);
            }
        }
        Files.write(file, buffer.array());
    }

    static void requireSameWeights(ParameterGroups a, ParameterGroups b) {
        List<ParameterGroups.Entry> ea = a.entries();
        List<ParameterGroups.Entry> eb = b.entries();
        if (ea.size() != eb.size()) {
            throw new IllegalStateException("the dropout-0 twin has " + eb.size() + " parameters, the model " + ea.size());
        }
        for (int i = 0; i < ea.size(); i++) {
            if (!Arrays.equals(ea.get(i).parameter().getArray().toFloatArray(), eb.get(i).parameter().getArray().toFloatArray())) {
                throw new IllegalStateException("the dropout-0 twin's " + eb.get(i).id() + " differs from the model's after the same seeded initialisation");
            }
        }
    }

    /** The format bench/lstm's peer reads: weights.json (name, shape, float offset per parameter) and weights.bin. */
    static long writeWeights(ParameterGroups groups, Path out) throws IOException {
        List<Map<String, Object>> index = new ArrayList<>();
        List<float[]> parts = new ArrayList<>();
        long offset = 0;
        for (ParameterGroups.Entry e : groups.entries()) {
            NDArray a = e.parameter().getArray();
            index.add(Map.of("name", e.id(), "shape", a.getShape().getShape(), "offset", offset));
            float[] values = a.toFloatArray();
            parts.add(values);
            offset += values.length;
        }
        ByteBuffer blob = ByteBuffer.allocate(Math.toIntExact(offset * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] p : parts) {
            blob.asFloatBuffer().put(p);
            blob.position(blob.position() + p.length * 4);
        }
        Files.writeString(out.resolve("weights.json"), JSON.toJson(index) + "\n");
        Files.write(out.resolve("weights.bin"), blob.array());
        return offset;
    }

    static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * rows[0].length, rows[0].length);
        }
        return flat;
    }

    static ByteBuffer floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b;
    }

    /**
     * torch_peer.py serve, driven over its stdin one command line at a time ({@code check FIRST N}, {@code steps FIRST
     * N}, {@code profile FIRST N}, {@code finish}); it answers {@code ready} once, then {@code ok} per command. Both
     * sides rest {@code gap} ms around each hand-over, so the spinning worker threads of one do not slow the other.
     */
    record Peer(Process process, BufferedReader answers, PrintWriter commands, int gap) implements AutoCloseable {

        static Peer start(String python, String script, Path out, int gap) throws IOException {
            Process p = new ProcessBuilder(python, script, "serve", out.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Peer peer = new Peer(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
                    new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8), gap);
            peer.await("ready", "starting");
            return peer;
        }

        void send(String command) {
            rest();
            commands.println(command);
            await("ok", command);
            rest();
        }

        private void await(String expected, String after) {
            String line;
            try {
                line = answers.readLine();
            } catch (IOException e) {
                throw new IllegalStateException("lost the PyTorch peer after '" + after + "'", e);
            }
            if (!expected.equals(line)) {
                throw new IllegalStateException("the PyTorch peer said " + (line == null ? "nothing and exited (see its messages above)" : "'" + line + "'")
                        + " after '" + after + "', not '" + expected + "'");
            }
        }

        private void rest() {
            try {
                Thread.sleep(gap);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            commands.close();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : (v[(v.length - 1) / 2] + v[v.length / 2]) / 2;
    }

    static int env(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return String.join(" ", Arrays.asList(f).subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
