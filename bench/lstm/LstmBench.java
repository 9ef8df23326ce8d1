import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import course.batch.BpttStreams;
import course.batch.LmBatch;
import course.data.DataStore;
import course.env.Devices;
import course.nn.Layers;
import course.nn.Losses;
import course.nn.NativeArrays;
import course.rnn.RecurrentLayer;
import course.rnn.RecurrentState;
import course.text.Corpora;
import course.text.Vocabulary;
import course.train.AdamW;
import course.train.History;
import course.train.LearningRate;
import course.train.ParameterGroups;
import course.train.Seeds;
import course.train.TrainLoop;
import java.io.IOException;
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

/**
 * The Java half of {@code ./course bench lstm} (see README.md beside this file), and its conductor: a word-level LSTM
 * language model of the workshop's shape (embedding 200, two {@code course.rnn.RecurrentLayer.lstm} layers of 200, a
 * linear layer to a 10,000-word softmax) read in BPTT windows of 35 over 32 contiguous streams
 * ({@code course.batch.BpttStreams}), the state carried from window to window, detached; stepped by the lib's
 * {@code TrainLoop} (AdamW, global gradient clipping at 0.25). It writes everything the PyTorch peer needs to do the
 * identical work into OUT, starts {@code torch_peer.py serve OUT} and lets the two take turns:
 *
 * <pre>
 *   settings.json            model, batch, optimiser, step counts, threads
 *   batches.bin              int32 little-endian (steps, 2, B, T): inputs and targets, one window per step
 *   weights.json/.bin        the initial weights in nn.LSTM's parameter order (float32 little-endian)
 *   lib.json                 median step time, every step's time and loss, phase medians
 * </pre>
 *
 * Usage: {@code LstmBench OUT_DIR PYTHON TORCH_PEER_SCRIPT}. Settings from the environment: BENCH_WARMUP (50),
 * BENCH_STEPS (100), BENCH_PROFILE_STEPS (20), BENCH_TURN (1 step per turn; 0 = no turns), BENCH_GAP_MS (20),
 * BENCH_SEED (1), BENCH_DATA (brown | random). Threads: -Dai.djl.pytorch.num_threads.
 */
public class LstmBench {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    static final int VOCAB = 10_000;
    static final int EMBEDDING = 200;
    static final int HIDDEN = 200;
    static final int LAYERS = 2;
    static final int BATCH = 32;
    static final int BPTT = 35;
    static final double LR = 1e-3;
    static final double CLIP = 0.25;
    static final AdamW.Settings ADAMW = AdamW.Settings.pytorch();   // β 0.9/0.999, ε 1e-8, weight decay 0.01

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: LstmBench OUT_DIR PYTHON TORCH_PEER_SCRIPT, got " + List.of(args));
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        int warmup = env("BENCH_WARMUP", 50);
        int steps = env("BENCH_STEPS", 100);
        int profileSteps = env("BENCH_PROFILE_STEPS", 20);
        int turn = env("BENCH_TURN", 1);
        int gap = env("BENCH_GAP_MS", 20);
        int seed = env("BENCH_SEED", 1);
        String data = System.getenv().getOrDefault("BENCH_DATA", "brown");
        if (warmup < 0 || steps < 1 || profileSteps < 0) {
            throw new IllegalArgumentException("need BENCH_WARMUP >= 0, BENCH_STEPS >= 1, BENCH_PROFILE_STEPS >= 0");
        }
        int perTurn = turn > 0 ? turn : steps;   // BENCH_TURN=0: no taking turns, each side runs all its steps at once
        int total = warmup + steps + profileSteps;
        Random random = Seeds.seedAll(seed);
        String loadBefore = loadAverage();

        int[] stream = data.equals("random") ? random.ints(BATCH * (total * BPTT + 1), 0, VOCAB).toArray() : brown();
        BpttStreams windows = BpttStreams.of(stream, BATCH, BPTT);
        if (windows.windows() < total) {
            throw new IllegalStateException(total + " steps need " + total + " windows, the text has " + windows.windows());
        }

        try (NDManager manager = NDManager.newBaseManager()) {
            LstmLm model = new LstmLm();
            model.initialize(manager, DataType.FLOAT32, new Shape(BATCH, BPTT));
            List<Parameter> parameters = model.inTorchOrder();
            long count = parameters.stream().mapToLong(p -> p.getArray().size()).sum();
            if (count != model.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum()) {
                throw new IllegalStateException("inTorchOrder() misses parameters of the model");
            }
            writeWeights(parameters, out);
            writeBatches(windows, manager, total, out.resolve("batches.bin"));

            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("vocab_size", VOCAB);
            settings.put("embedding", EMBEDDING);
            settings.put("hidden", HIDDEN);
            settings.put("layers", LAYERS);
            settings.put("batch", BATCH);
            settings.put("bptt", BPTT);
            settings.put("lr", LR);
            settings.put("betas", List.of(ADAMW.beta1(), ADAMW.beta2()));
            settings.put("eps", ADAMW.epsilon());
            settings.put("weight_decay", ADAMW.weightDecay());
            settings.put("clip", CLIP);
            settings.put("warmup", warmup);
            settings.put("steps", steps);
            settings.put("profile_steps", profileSteps);
            settings.put("turn", turn);
            settings.put("threads", Devices.intraOpThreads());
            settings.put("seed", seed);
            settings.put("data", data.equals("random") ? "uniform random tokens" : "Brown, 10,000 most frequent words");
            settings.put("stream_tokens", stream.length);
            settings.put("parameter_count", count);
            write(out.resolve("settings.json"), GSON.toJson(settings));

            double initialLoss;
            try (NDManager scope = manager.newSubManager()) {
                LmBatch b = windows.window(scope, 0);
                initialLoss = Losses.crossEntropy(model.forward(new ParameterStore(scope, false), b.inputs(), null, false).logits(),
                        b.targets()).getFloat();
            }

            try (TorchPeer peer = TorchPeer.start(args[1], args[2], out, gap); NDManager carry = manager.newSubManager()) {
                // 1. Whole steps through the lib's TrainLoop, as a notebook runs them, in turns with PyTorch: warm-up
                //    (each side alone), then BENCH_TURN steps here, the same steps there, and so on. The LSTM state
                //    runs on from window to window on both sides.
                AdamW adamW = new AdamW(ADAMW);
                Carried state = new Carried(carry);
                List<Double> stepMillis = new ArrayList<>();
                List<Double> losses = new ArrayList<>();
                for (int done = 0; done < warmup + steps; ) {
                    int n = done < warmup ? warmup - done : Math.min(perTurn, warmup + steps - done);
                    History history = trainLoop(model, adamW, manager, windows, state, done, n, seed);
                    stepMillis.addAll(history.stepMillis());
                    losses.addAll(history.trainLoss());
                    peer.command("steps " + done + " " + n);
                    done += n;
                }
                double median = median(stepMillis.subList(warmup, stepMillis.size()).stream().mapToDouble(Double::doubleValue).toArray());

                // 2. The same step written out (TrainLoop.trainStep's order), with a clock between the phases; in turns too.
                double[][] phaseMillis = new double[PHASES.length][profileSteps];
                List<Double> profileLosses = new ArrayList<>();
                for (int done = 0; done < profileSteps; ) {
                    int n = Math.min(perTurn, profileSteps - done);
                    profile(model, adamW, manager, windows, state, warmup + steps, done, n, seed, phaseMillis, profileLosses);
                    peer.command("profile " + (warmup + steps + done) + " " + n);
                    done += n;
                }
                peer.command("finish");
                Map<String, Double> phases = new LinkedHashMap<>();
                for (int k = 0; k < PHASES.length; k++) {
                    phases.put(PHASES[k], median(phaseMillis[k]));
                }
                losses.addAll(profileLosses);

                Map<String, Object> result = new LinkedHashMap<>();
                result.put("djl", Engine.getDjlVersion());
                result.put("libtorch", Engine.getInstance().getVersion());
                result.put("java", Runtime.version().toString());
                result.put("threads", Devices.intraOpThreads());
                result.put("interop_threads", Devices.interOpThreads());
                result.put("parameter_count", count);
                result.put("initial_loss", initialLoss);
                result.put("median_ms", median);
                result.put("step_ms", stepMillis);
                result.put("losses", losses);
                result.put("phases_ms", phases);
                result.put("load_average", List.of(loadBefore, loadAverage()));
                write(out.resolve("lib.json"), GSON.toJson(result));
                System.out.printf(Locale.ROOT, "lib: DJL %s, libtorch %s, %d threads; %,d parameters, initial loss %.4f, "
                        + "median step %.2f ms%n", Engine.getDjlVersion(), Engine.getInstance().getVersion(),
                        Devices.intraOpThreads(), count, initialLoss, median);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The model: what a notebook would write with the lib's pieces.

    /**
     * Embedding (V, E) → LSTM E→H → LSTM H→H → linear H→V, no dropout (so that both sides compute the same numbers),
     * no weight tying. Initial weights: embedding and output layer from U(−0.1, 0.1), output bias 0 (PyTorch's
     * word_language_model example); the LSTM layers as nn.LSTM (U(−1/√H, 1/√H), RecurrentLayer's own).
     */
    static final class LstmLm extends AbstractBlock {

        /** What one window produced: (B, T, V) logits and each layer's state after the window's last position. */
        record Output(NDArray logits, List<RecurrentState> states) {}

        private final Parameter embedding;
        private final List<RecurrentLayer> layers = new ArrayList<>();
        private final Parameter outputWeight;
        private final Parameter outputBias;

        LstmLm() {
            embedding = addParameter(Parameter.builder().setName("embedding").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(VOCAB, EMBEDDING)).optInitializer(new UniformInitializer(0.1f)).build());
            for (int l = 0; l < LAYERS; l++) {
                layers.add(addChildBlock("lstm" + l, RecurrentLayer.lstm(l == 0 ? EMBEDDING : HIDDEN, HIDDEN)));
            }
            outputWeight = addParameter(Parameter.builder().setName("outputWeight").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(VOCAB, HIDDEN)).optInitializer(new UniformInitializer(0.1f)).build());
            outputBias = addParameter(Parameter.builder().setName("outputBias").setType(Parameter.Type.BIAS)
                    .optShape(new Shape(VOCAB)).optInitializer(Initializer.ZEROS).build());
        }

        /** (B, T) ids and the states a previous window left (null: zeros) → logits and the states to carry on. */
        Output forward(ParameterStore ps, NDArray tokens, List<RecurrentState> initial, boolean training) {
            // The embedding's backward pass scatters by the ids: a copy in libtorch's memory, as course.gpt.Gpt does.
            NDArray ids = NativeArrays.indexCopy(tokens);                                                           // (B, T) int64
            NDArray e = Layers.value(ps, embedding, tokens, training);
            NDArray x = ids.getNDArrayInternal().embedding(ids, e, SparseFormat.DENSE).singletonOrThrow();          // (B, T, E)
            List<RecurrentState> states = new ArrayList<>(layers.size());
            for (int l = 0; l < layers.size(); l++) {
                RecurrentLayer layer = layers.get(l);
                RecurrentLayer.Output o = layer.forward(x, initial == null ? null : initial.get(l), null, layer.weights(ps, x, training));
                x = o.output();                                                                                     // (B, T, H)
                states.add(o.state());
            }
            NDArray logits = Layers.linear(x, Layers.value(ps, outputWeight, x, training), Layers.value(ps, outputBias, x, training));
            return new Output(logits, states);                                                                      // (B, T, V)
        }

        /** The parameters in nn.Embedding + nn.LSTM(num_layers=2) + nn.Linear's order (named_parameters()). */
        List<Parameter> inTorchOrder() {
            List<Parameter> all = new ArrayList<>();
            all.add(embedding);
            for (RecurrentLayer layer : layers) {
                all.addAll(layer.getParameters().values());   // W_ih, W_hh, b_ih, b_hh: weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k}
            }
            all.add(outputWeight);
            all.add(outputBias);
            return all;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            return new NDList(forward(ps, inputs.singletonOrThrow(), null, training).logits());
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape tokens = inputShapes[0];
            for (int l = 0; l < layers.size(); l++) {
                layers.get(l).initialize(manager, dataType, new Shape(tokens.get(0), tokens.get(1), l == 0 ? EMBEDDING : HIDDEN));
            }
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1), VOCAB)};
        }
    }

    /**
     * The state carried from one window to the next, detached, in its own manager. The state a step started from is
     * moved into that step's manager, so it is freed with the step (after backward, which may still read it).
     */
    static final class Carried {
        private final NDManager carry;
        private List<RecurrentState> states;   // null before the first window: zeros

        Carried(NDManager carry) {
            this.carry = carry;
        }

        List<RecurrentState> take(NDManager scope) {
            if (states != null) {
                for (RecurrentState s : states) {
                    s.hidden().attach(scope);
                    s.cell().attach(scope);
                }
            }
            return states;
        }

        void keep(List<RecurrentState> next) {
            states = next.stream().map(s -> s.detachedInto(carry)).toList();
        }
    }

    /** One step's loss: window {@code s} from the state the previous window left. */
    static NDArray loss(LstmLm model, NDManager scope, BpttStreams windows, Carried state, int s, boolean training) {
        LmBatch batch = windows.window(scope, s);
        LstmLm.Output out = model.forward(new ParameterStore(scope, false), batch.inputs(), state.take(scope), training);
        state.keep(out.states());
        return Losses.crossEntropy(out.logits(), batch.targets());
    }

    /** Steps first .. first+n-1 through a TrainLoop (AdamW lr 1e-3, clipping at 0.25); its History has their times. */
    static History trainLoop(LstmLm model, AdamW adamW, NDManager manager, BpttStreams windows, Carried state, int first, int n, int seed) {
        TrainLoop loop = new TrainLoop(model, adamW, LearningRate.constant(LR), TrainLoop.Options.of(n, seed).withGradientClipping(CLIP));
        return loop.run(manager, (scope, step, rng) -> loss(model, scope, windows, state, first + step, true));
    }

    /**
     * The parts of a step timed separately: forward (with the loss, read back), backward, gradient clipping, the
     * optimiser update (and zeroing the gradients), and release (closing the step's NDManager, which frees the
     * native memory of every array the step made; PyTorch frees as it goes, inside the other phases).
     */
    static final String[] PHASES = {"forward", "backward", "clip", "optimizer", "release"};

    /** Steps first+from .. first+from+n-1, TrainLoop.trainStep's work written out, with the clock read between phases. */
    static void profile(LstmLm model, AdamW adamW, NDManager manager, BpttStreams windows, Carried state, int first, int from, int n,
            int seed, double[][] ms, List<Double> losses) {
        List<ParameterGroups.Entry> trainable = ParameterGroups.of(model).trainable();   // the ids TrainLoop gives AdamW
        for (int i = from; i < from + n; i++) {
            int s = first + i;
            long t0 = System.nanoTime();
            long t1;
            long t2;
            long t3;
            long t4;
            Engine.getInstance().setRandomSeed(Seeds.engineSeed(Seeds.forStep(seed, s)));
            try (NDManager scope = manager.newSubManager()) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = loss(model, scope, windows, state, s, true);
                    losses.add(loss.toType(DataType.FLOAT64, false).getDouble());
                    t1 = System.nanoTime();
                    collector.backward(loss);
                }
                t2 = System.nanoTime();
                NDArray[] grads = new NDArray[trainable.size()];
                for (int j = 0; j < grads.length; j++) {
                    grads[j] = trainable.get(j).parameter().getArray().getGradient();
                    grads[j].attach(scope);
                }
                TrainLoop.clipGradients(grads, CLIP);   // what TrainLoop does with .withGradientClipping
                t3 = System.nanoTime();
                for (int j = 0; j < grads.length; j++) {
                    adamW.update(trainable.get(j).id(), trainable.get(j).parameter(), grads[j], LR);
                    grads[j].subi(grads[j]);
                }
                t4 = System.nanoTime();
            }   // closing the step's manager frees every array the step made
            long t5 = System.nanoTime();
            long[] marks = {t0, t1, t2, t3, t4, t5};
            for (int k = 0; k < PHASES.length; k++) {
                ms[k][i] = (marks[k + 1] - marks[k]) / 1e6;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Data and files.

    /**
     * The Brown corpus (tags stripped, lower-cased; {@code course.text.Corpora.brown}) as one stream of ids: the 9,998
     * most frequent words, {@code <eos>} after each sentence and {@code <unk>} for every other word: 10,000 in all.
     */
    static int[] brown() {
        List<List<String>> sentences = Corpora.brown(DataStore.fromEnvironment());
        Vocabulary vocabulary = Vocabulary.build(sentences, 1);
        int eos = VOCAB - 2;
        int unk = VOCAB - 1;
        if (vocabulary.size() < VOCAB) {
            throw new IllegalStateException("Brown has " + vocabulary.size() + " distinct words, fewer than " + VOCAB);
        }
        int[] ids = new int[Math.toIntExact(Corpora.tokenCount(sentences) + sentences.size())];
        int k = 0;
        for (List<String> sentence : sentences) {
            for (String w : sentence) {
                int id = vocabulary.idOrMinusOne(w);
                ids[k++] = id >= 0 && id < eos ? id : unk;
            }
            ids[k++] = eos;
        }
        return ids;
    }

    /** Windows 0 .. count-1 as the lib cuts them, for the peer: int32 (count, 2, B, T), inputs then targets. */
    static void writeBatches(BpttStreams windows, NDManager manager, int count, Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count * 2 * BATCH * BPTT * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < count; s++) {
            try (NDManager scope = manager.newSubManager()) {
                LmBatch b = windows.window(scope, s);
                for (NDArray half : new NDArray[] {b.inputs(), b.targets()}) {
                    for (int id : half.toIntArray()) {
                        buffer.putInt(id);
                    }
                }
            }
        }
        Files.write(file, buffer.array());
    }

    /** weights.json lists name, shape and float offset of each parameter; weights.bin holds the floats. */
    static void writeWeights(List<Parameter> parameters, Path out) throws IOException {
        List<Map<String, Object>> index = new ArrayList<>();
        long total = parameters.stream().mapToLong(p -> p.getArray().size()).sum();
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(total * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (Parameter p : parameters) {
            NDArray array = p.getArray();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", p.getName());
            entry.put("shape", array.getShape().getShape());
            entry.put("offset", buffer.position() / 4);
            index.add(entry);
            for (float f : array.toFloatArray()) {
                buffer.putFloat(f);
            }
        }
        write(out.resolve("weights.json"), GSON.toJson(index));
        Files.write(out.resolve("weights.bin"), buffer.array());
    }

    /** The PyTorch half (torch_peer.py serve), waiting for commands on its stdin. */
    static final class TorchPeer implements AutoCloseable {
        private final Process process;
        private final java.io.BufferedReader replies;
        private final java.io.Writer commands;
        private final int gapMillis;

        private TorchPeer(Process process, int gapMillis) {
            this.process = process;
            this.gapMillis = gapMillis;
            this.replies = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.commands = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static TorchPeer start(String python, String script, Path out, int gapMillis) throws IOException {
            Process p = new ProcessBuilder(python, script, "serve", out.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            TorchPeer peer = new TorchPeer(p, gapMillis);
            peer.expect("ready", "start");
            return peer;
        }

        /**
         * Hands the machine to the peer for one command and waits for its answer. With a gap, both sides first
         * pause, so that the worker threads of the side that just finished stop spinning before the other starts.
         */
        void command(String line) throws IOException {
            pause();
            commands.write(line + "\n");
            commands.flush();
            expect("ok", line);
            pause();
        }

        private void pause() {
            if (gapMillis > 0) {
                try {
                    Thread.sleep(gapMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void expect(String answer, String after) throws IOException {
            String reply = replies.readLine();
            if (!answer.equals(reply)) {
                throw new IllegalStateException("the PyTorch peer answered " + (reply == null ? "nothing (it exited; see above)" : "'" + reply + "'")
                        + " to '" + after + "'");
            }
        }

        @Override
        public void close() throws IOException {
            commands.close();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
            }
        }
    }

    static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split(" "), 3));
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static int env(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    static void write(Path file, String text) throws IOException {
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
    }
}
