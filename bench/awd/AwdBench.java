import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import course.batch.DocumentStreams;
import course.data.DataStore;
import course.env.Devices;
import course.nn.Layers;
import course.text.Corpora;
import course.train.AdamW;
import course.train.History;
import course.train.LearningRate;
import course.train.ParameterGroups;
import course.train.Seeds;
import course.train.TrainLoop;
import course.ulmfit.AwdLstm;
import course.ulmfit.AwdLstmConfig;
import course.ulmfit.LanguageModelTraining;
import course.ulmfit.LmVocabulary;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The Java half and conductor of {@code ./course bench awd} (README.md beside this file): notebook 03's stage-1
 * training step — an {@code AwdLstm} of the workshop's shape stepped by {@code LanguageModelTraining} under
 * {@code TrainLoop} with notebook 03's AdamW, schedule and clipping — taking turns with the same step in PyTorch
 * ({@code torch_peer.py}, which reuses bench/lstm's peer protocol).
 *
 * <p>The lib is used as it is, with no hook into it. Dropout masks are drawn by libtorch's CPU generator, which TrainLoop
 * seeds before every step; PyTorch 2.7.1 has the same generator, so the peer, seeded with the same per-step seeds and
 * drawing masks of the same shapes in the same order, gets the lib's masks bit for bit. This program writes the masks of
 * the first and the last step, drawn here the way {@code AwdLstm.forward} draws them, and the peer checks its own
 * against them before it starts; the per-step losses then show that the lib drew no others.
 *
 * <pre>
 *   settings.json        shape, dropouts, AR/TAR, batch, optimiser, step counts; per step: engine seed, learning rate
 *   windows.bin          int32 (steps, 3·B·T + B): inputs, targets, scored (0/1), keep-state (0/1) per window
 *   weights.json/.bin    initial weights, in the order of the model's parameter groups (= PyTorch's named_parameters)
 *   masks.bin            float32: the masks of the first and the last step, in the order they are drawn
 *   lib.json             every step's time and loss, the median, the phase medians
 * </pre>
 *
 * Usage: {@code AwdBench OUT_DIR PYTHON TORCH_PEER_SCRIPT}. Environment: BENCH_WARMUP (50), BENCH_STEPS (100),
 * BENCH_PROFILE_STEPS (20), BENCH_TURN (1; 0 = no turns), BENCH_GAP_MS (20), BENCH_SEED (2018).
 */
public class AwdBench {

    // Notebook 03's workshop preset (tools/make_03.py): the model, stage 1's batches, optimiser, schedule and clipping.
    static final int VOCAB = 10_000;
    static final int EMBEDDING = 128;
    static final int HIDDEN = 200;
    static final int MIN_COUNT = 3;
    static final int BATCH = 32;
    static final int BPTT = 50;
    static final LearningRate SCHEDULE = LearningRate.warmupCosine(3e-3, 3e-4, 50, 600);
    static final double CLIP = 0.5;
    static final AdamW.Settings ADAMW = AdamW.Settings.pytorch().withBeta1(0.7).withBeta2(0.99).withWeightDecay(0.01);
    static final String[] PHASES = {"forward", "backward", "clip", "optimizer", "release"};

    static final Gson JSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: AwdBench OUT_DIR PYTHON TORCH_PEER_SCRIPT, got " + List.of(args));
        }
        Path out = Files.createDirectories(Path.of(args[0]));
        int warmup = env("BENCH_WARMUP", 50);
        int timed = env("BENCH_STEPS", 100);
        int profiled = env("BENCH_PROFILE_STEPS", 20);
        int turn = env("BENCH_TURN", 1);
        int gap = env("BENCH_GAP_MS", 20);
        long seed = env("BENCH_SEED", 2018);
        if (warmup < 0 || timed < 1 || profiled < 0 || turn < 0 || gap < 0) {
            throw new IllegalArgumentException("need BENCH_WARMUP >= 0, BENCH_STEPS >= 1, BENCH_PROFILE_STEPS >= 0, BENCH_TURN >= 0, BENCH_GAP_MS >= 0");
        }
        int looped = warmup + timed;
        int total = looped + profiled;
        long stepSeed = Seeds.of(seed, "awd/steps");   // TrainLoop derives each step's engine seed from this one
        String loadBefore = loadAverage();

        // The text: Brown's 500 samples as documents, read as notebook 03 reads its general corpus.
        List<Corpora.Document> documents = Corpora.brownDocuments(DataStore.fromEnvironment());
        LmVocabulary vocabulary = LmVocabulary.fromTraining(Corpora.sentences(documents), VOCAB, MIN_COUNT);
        DocumentStreams streams = DocumentStreams.of(vocabulary.encodeDocuments(documents), BATCH, BPTT, LmVocabulary.PADDING_ID);
        AwdLstmConfig config = AwdLstmConfig.cpu(VOCAB).withSizes(EMBEDDING, HIDDEN).withVocabSize(vocabulary.size());

        try (NDManager manager = NDManager.newBaseManager()) {
            AwdLstm model = new AwdLstm(config);
            Seeds.initialize(model, manager, Seeds.of(seed, "awd/init"), new Shape(BATCH, BPTT));
            ParameterGroups groups = model.layerGroups();
            long count = writeWeights(groups, out);
            writeWindows(streams, total, out.resolve("windows.bin"));
            try (NDManager scope = manager.newSubManager()) {
                ByteBuffer masks = ByteBuffer.allocate(0);
                for (int s : new int[] {0, total - 1}) {
                    masks = concat(masks, drawMasks(scope, config, engineSeed(stepSeed, s)));
                }
                Files.write(out.resolve("masks.bin"), masks.array());
            }

            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("vocab_size", config.vocabSize());
            settings.put("embedding", config.embedding());
            settings.put("hidden", config.hidden());
            settings.put("layers", config.layers());
            settings.put("dropouts", Map.of("embedding", config.embeddingDropout(), "input", config.inputDropout(),
                    "hidden", config.hiddenDropout(), "output", config.outputDropout(), "weight", config.weightDrop()));
            settings.put("alpha", config.regularization().alpha());
            settings.put("beta", config.regularization().beta());
            settings.put("padding_id", LmVocabulary.PADDING_ID);
            settings.put("batch", BATCH);
            settings.put("bptt", BPTT);
            settings.put("betas", List.of(ADAMW.beta1(), ADAMW.beta2()));
            settings.put("eps", ADAMW.epsilon());
            settings.put("weight_decay", ADAMW.weightDecay());
            settings.put("clip", CLIP);
            settings.put("warmup", warmup);
            settings.put("steps", timed);
            settings.put("profile_steps", profiled);
            settings.put("turn", turn);
            settings.put("threads", Devices.intraOpThreads());
            settings.put("seed", seed);
            settings.put("data", String.format(Locale.ROOT, "Brown's %d samples as documents (V = %,d, <pad> %.1f %% of positions)",
                    documents.size(), vocabulary.size(), 100 * (1 - streams.utilisation())));
            settings.put("windows_per_pass", streams.windows());
            settings.put("parameter_count", count);
            List<Integer> seeds = new ArrayList<>();
            List<Double> rates = new ArrayList<>();
            for (int s = 0; s < total; s++) {
                seeds.add(engineSeed(stepSeed, s));
                rates.add(SCHEDULE.at(s));
            }
            settings.put("engine_seeds", seeds);
            settings.put("lr", rates);
            Files.writeString(out.resolve("settings.json"), JSON.toJson(settings) + "\n");

            double initialLoss;   // window 0 from zero states, no dropout: ≈ ln V
            try (NDManager scope = manager.newSubManager(); NDManager next = manager.newSubManager()) {
                initialLoss = LanguageModelTraining.window(model, new ParameterStore(scope, false), scope, streams.window(0), null, next, false)
                        .crossEntropy().getFloat();
            }

            try (Peer peer = Peer.start(args[1], args[2], out, gap); LanguageModelTraining training = new LanguageModelTraining(model, streams, manager)) {
                // 1. Notebook 03's loop, unchanged; after every turn (and after the warm-up) the peer does the same steps.
                AdamW adamW = new AdamW(ADAMW);
                int perTurn = turn > 0 ? turn : timed;
                int[] handed = {0};
                TrainLoop.Listener turns = progress -> {
                    int done = progress.done();
                    if (done == warmup || (done > warmup && ((done - warmup) % perTurn == 0 || done == looped))) {
                        peer.send("steps " + handed[0] + " " + (done - handed[0]));
                        handed[0] = done;
                    }
                };
                History history = new TrainLoop(groups, adamW, SCHEDULE, TrainLoop.Options.of(looped, stepSeed).withGradientClipping(CLIP))
                        .with(turns).run(manager, training);
                List<Double> losses = new ArrayList<>(history.trainLoss());
                double median = median(history.stepMillis().subList(warmup, looped));

                // 2. Further steps, TrainLoop's step written out with a clock between its phases; in turns too.
                double[][] phaseMillis = new double[PHASES.length][profiled];
                for (int done = 0; done < profiled; ) {
                    int n = Math.min(perTurn, profiled - done);
                    for (int i = done; i < done + n; i++) {
                        losses.add(profiledStep(training, groups, adamW, manager, stepSeed, looped + i, phaseMillis, i));
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

    static int engineSeed(long stepSeed, int step) {
        return Seeds.engineSeed(Seeds.forStep(stepSeed, step));   // what TrainLoop seeds the engine with before step s
    }

    /**
     * Step s as TrainLoop.trainStep does it, with the clock read after forward + loss (read back), backward, clipping,
     * the AdamW update (and zeroing the gradients), and closing the step's manager. Returns the loss.
     */
    static double profiledStep(LanguageModelTraining training, ParameterGroups groups, AdamW adamW, NDManager manager, long stepSeed, int s,
            double[][] ms, int column) {
        long[] t = new long[PHASES.length + 1];
        t[0] = System.nanoTime();
        double loss;
        Engine.getInstance().setRandomSeed(engineSeed(stepSeed, s));
        List<ParameterGroups.Entry> trainable = groups.trainable();
        try (NDManager scope = manager.newSubManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = training.loss(scope, s, new Random(Seeds.forStep(stepSeed, s)));
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
                adamW.update(e.id(), e.parameter(), grads[j], rate * e.group().rateMultiplier());
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

    /**
     * One step's dropout masks, drawn from the step's engine seed in {@code AwdLstm.forward}'s order with the lib's own
     * dropout op: embedding (V, 1), input (B, 1, C), then per layer weight drop (4·out, out) and, between layers,
     * hidden (B, 1, H); last the output (B, 1, C). A dropout of 0 draws nothing.
     */
    static ByteBuffer drawMasks(NDManager scope, AwdLstmConfig c, int engineSeed) {
        List<Shape> shapes = new ArrayList<>();
        List<Float> rates = new ArrayList<>();
        shapes.add(new Shape(c.vocabSize(), 1));
        rates.add(c.embeddingDropout());
        shapes.add(new Shape(BATCH, 1, c.embedding()));
        rates.add(c.inputDropout());
        for (int l = 0; l < c.layers(); l++) {
            shapes.add(new Shape(4L * c.layerOutput(l), c.layerOutput(l)));
            rates.add(c.weightDrop());
            if (l < c.layers() - 1) {
                shapes.add(new Shape(BATCH, 1, c.layerOutput(l)));
                rates.add(c.hiddenDropout());
            }
        }
        shapes.add(new Shape(BATCH, 1, c.embedding()));
        rates.add(c.outputDropout());
        Engine.getInstance().setRandomSeed(engineSeed);
        ByteBuffer all = ByteBuffer.allocate(0);
        for (int i = 0; i < shapes.size(); i++) {
            if (rates.get(i) > 0) {
                all = concat(all, floats(Layers.dropout(scope.ones(shapes.get(i)), rates.get(i), true).toFloatArray()));
            }
        }
        return all;
    }

    /** Window s mod (windows per pass) for every step, as the lib's LanguageModelTraining reads it. */
    static void writeWindows(DocumentStreams streams, int steps, Path file) throws IOException {
        int bt = BATCH * BPTT;
        ByteBuffer b = ByteBuffer.allocate(steps * (3 * bt + BATCH) * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < steps; s++) {
            DocumentStreams.Window w = streams.window(s % streams.windows());
            Arrays.stream(w.inputs()).forEach(b::putInt);
            Arrays.stream(w.targets()).forEach(b::putInt);
            for (boolean scored : w.scored()) {
                b.putInt(scored ? 1 : 0);
            }
            for (float keep : w.newDocument()) {
                b.putInt(keep == 0f ? 0 : 1);
            }
        }
        Files.write(file, b.array());
    }

    /** The format bench/lstm's peer reads: weights.json (name, shape, float offset per parameter) and weights.bin. */
    static long writeWeights(ParameterGroups groups, Path out) throws IOException {
        List<Map<String, Object>> index = new ArrayList<>();
        ByteBuffer blob = ByteBuffer.allocate(0);
        for (ParameterGroups.Entry e : groups.entries()) {
            NDArray a = e.parameter().getArray();
            index.add(Map.of("name", e.id(), "shape", a.getShape().getShape(), "offset", blob.capacity() / 4));
            blob = concat(blob, floats(a.toFloatArray()));
        }
        Files.writeString(out.resolve("weights.json"), JSON.toJson(index) + "\n");
        Files.write(out.resolve("weights.bin"), blob.array());
        return blob.capacity() / 4;
    }

    static ByteBuffer floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b;
    }

    static ByteBuffer concat(ByteBuffer a, ByteBuffer b) {
        return ByteBuffer.allocate(a.capacity() + b.capacity()).put(a.array()).put(b.array());
    }

    /**
     * torch_peer.py serve, driven over its stdin one command line at a time ({@code steps FIRST N}, {@code profile
     * FIRST N}, {@code finish}); it answers {@code ready} once, then {@code ok} per command. Both sides rest
     * {@code gap} ms around each hand-over, so the spinning worker threads of one do not slow the other.
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
