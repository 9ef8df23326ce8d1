import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import course.batch.LmWindows;
import course.data.DataStore;
import course.env.Devices;
import course.gpt.Gpt;
import course.gpt.GptConfig;
import course.nn.Losses;
import course.nn.NativeArrays;
import course.train.AdamW;
import course.train.History;
import course.train.LearningRate;
import course.train.Seeds;
import course.train.ParameterGroups;
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
import java.util.TreeSet;

/**
 * The Java half of {@code ./course bench gpt} (see README.md beside this file), and its conductor: the model of
 * nanoGPT's CPU run of shakespeare_char built from the lib's {@code course.gpt.Gpt}, stepped by the lib's {@code TrainLoop} (AdamW, global gradient
 * clipping at 1.0). It writes everything the PyTorch peer needs to do the identical work into OUT, starts
 * {@code torch_peer.py serve OUT} and lets the two take turns, a few steps each, so both see the same machine load:
 *
 * <pre>
 *   settings.json            model, batch, optimiser, step counts, threads, FLOPs per step
 *   batches.bin              int32 little-endian (steps, 2, B, T): inputs and targets, one batch per step
 *   weights.json/.bin        the initial weights in the model's parameter order (float32 little-endian)
 *   djl.json                 median step time, every step's time and loss, phase medians, matmul peak
 * </pre>
 *
 * Usage: {@code GptBench OUT_DIR PYTHON TORCH_PEER_SCRIPT}. Settings from the environment: BENCH_WARMUP (100),
 * BENCH_STEPS (100), BENCH_PROFILE_STEPS (20), BENCH_TURN (25 steps per turn; 0 = no turns), BENCH_GAP_MS (20),
 * BENCH_SEED (1), BENCH_DATA (shakespeare | random), BENCH_PEAK_N (1024). Threads: -Dai.djl.pytorch.num_threads.
 */
public class GptBench {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: GptBench OUT_DIR PYTHON TORCH_PEER_SCRIPT, got " + List.of(args));
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        int warmup = env("BENCH_WARMUP", 100);
        int steps = env("BENCH_STEPS", 100);
        int profileSteps = env("BENCH_PROFILE_STEPS", 20);
        int turn = env("BENCH_TURN", 25);
        int gap = env("BENCH_GAP_MS", 20);
        int seed = env("BENCH_SEED", 1);
        int peakN = env("BENCH_PEAK_N", 1024);
        String data = System.getenv().getOrDefault("BENCH_DATA", "shakespeare");
        if (warmup < 0 || steps < 1 || profileSteps < 0) {
            throw new IllegalArgumentException("need BENCH_WARMUP >= 0, BENCH_STEPS >= 1, BENCH_PROFILE_STEPS >= 0");
        }
        int perTurn = turn > 0 ? turn : steps;   // BENCH_TURN=0: no taking turns, each side runs all its steps at once

        GptConfig config = GptConfig.shakespeareCharOnCpu(65);
        int batch = 12;
        int blockSize = config.blockSize();
        Random random = Seeds.seedAll(seed);
        String loadBefore = loadAverage();

        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt gpt = new Gpt(config);
            gpt.initialize(manager, DataType.FLOAT32, new Shape(batch, blockSize));
            List<Pair<String, Parameter>> parameters = new ArrayList<>();
            gpt.getParameters().forEach(parameters::add);
            long count = parameters.stream().mapToLong(p -> p.getValue().getArray().size()).sum();
            if (count != config.parameterCount()) {
                throw new IllegalStateException("the model has " + count + " parameters, GptConfig.parameterCount() says "
                        + config.parameterCount());
            }
            writeWeights(parameters, out);

            int total = warmup + steps + profileSteps;
            int[][][][] batches = data.equals("random")
                    ? randomBatches(random, config.vocabSize(), total, batch, blockSize)
                    : shakespeareBatches(random, total, batch, blockSize);
            writeBatches(batches, out.resolve("batches.bin"));

            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("vocab_size", config.vocabSize());
            settings.put("block_size", blockSize);
            settings.put("layers", config.layers());
            settings.put("heads", config.heads());
            settings.put("embedding", config.embedding());
            settings.put("bias", config.bias());
            settings.put("layer_norm_beta", parameters.stream().anyMatch(p -> p.getKey().toLowerCase(Locale.ROOT).endsWith("beta")));
            settings.put("layer_norm_eps", 1e-5);
            settings.put("gelu", GELU);
            settings.put("batch", batch);
            settings.put("lr", 1e-3);
            settings.put("betas", List.of(0.9, 0.99));
            settings.put("eps", 1e-8);
            settings.put("weight_decay", 0.1);
            settings.put("clip", 1.0);
            settings.put("warmup", warmup);
            settings.put("steps", steps);
            settings.put("profile_steps", profileSteps);
            settings.put("turn", turn);
            settings.put("threads", Devices.intraOpThreads());
            settings.put("seed", seed);
            settings.put("data", data.equals("random") ? "uniform random tokens" : "Tiny Shakespeare, random windows");
            settings.put("peak_n", peakN);
            settings.put("peak_repeats", 10);
            settings.put("parameter_count", count);
            settings.put("flops_per_step", flopsPerStep(config, batch));
            write(out.resolve("settings.json"), GSON.toJson(settings));

            double initialLoss;
            try (NDManager scope = manager.newSubManager()) {
                ParameterStore ps = new ParameterStore(scope, false);
                NDArray logits = gpt.logits(ps, tokens(scope, batches[0][0]), false);
                initialLoss = Losses.crossEntropy(logits, tokens(scope, batches[0][1])).getFloat();
            }

            try (TorchPeer peer = TorchPeer.start(args[1], args[2], out, gap)) {
                double peak = peakMatmulGflops(manager, peakN, 10);
                peer.command("peak");

                // 1. Whole steps through the lib's TrainLoop, as a notebook runs them, in turns with PyTorch: warm-up
                //    (each side alone; the JVM needs ~100 steps to settle: JIT compilation), then BENCH_TURN step(s)
                //    here, the same step(s) there, and so on.
                AdamW adamW = new AdamW(AdamW.Settings.nanoGptShakespeare());
                List<Double> stepMillis = new ArrayList<>();
                List<Double> losses = new ArrayList<>();
                for (int done = 0; done < warmup + steps; ) {
                    int n = done < warmup ? warmup - done : Math.min(perTurn, warmup + steps - done);
                    History history = trainLoop(gpt, adamW, manager, batches, done, n, seed);
                    stepMillis.addAll(history.stepMillis());
                    losses.addAll(history.trainLoss());
                    peer.command("steps " + done + " " + n);
                    done += n;
                }
                // The median of the timed steps: History.medianStepMillis(warmup), over the turns together.
                double median = median(stepMillis.subList(warmup, stepMillis.size()).stream().mapToDouble(Double::doubleValue).toArray());

                // 2. The same step written out (TrainLoop.trainStep's order), with a clock between the phases; in turns too.
                double[][] phaseMillis = new double[PHASES.length][profileSteps];
                for (int done = 0; done < profileSteps; ) {
                    int n = Math.min(perTurn, profileSteps - done);
                    profile(gpt, adamW, manager, batches, warmup + steps, done, n, seed, phaseMillis);
                    peer.command("profile " + (warmup + steps + done) + " " + n);
                    done += n;
                }
                peer.command("finish");
                Map<String, Double> phases = new LinkedHashMap<>();
                for (int k = 0; k < PHASES.length; k++) {
                    phases.put(PHASES[k], median(phaseMillis[k]));
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
                result.put("step_ms", stepMillis);
                result.put("losses", losses);
                result.put("phases_ms", phases);
                result.put("peak_gflops", peak);
                result.put("load_average", List.of(loadBefore, loadAverage()));
                write(out.resolve("djl.json"), GSON.toJson(result));
                System.out.printf(Locale.ROOT, "djl: DJL %s, libtorch %s, %d threads; %,d parameters, initial loss %.4f, "
                        + "median step %.2f ms, fp32 %d^3 matmul %.0f GFLOP/s%n", Engine.getDjlVersion(),
                        Engine.getInstance().getVersion(), Devices.intraOpThreads(), count, initialLoss, median, peakN, peak);
            }
        }
    }

    /** Steps first .. first+n-1 through a TrainLoop (AdamW lr 1e-3, clipping at 1.0); its History has their times. */
    static History trainLoop(Gpt gpt, AdamW adamW, NDManager manager, int[][][][] batches, int first, int n, int seed) {
        TrainLoop loop = new TrainLoop(gpt, adamW, LearningRate.constant(1e-3), TrainLoop.Options.gpt2(n, seed));
        return loop.run(manager, (scope, step, rng) -> {
            ParameterStore ps = new ParameterStore(scope, false);
            NDArray logits = gpt.logits(ps, tokens(scope, batches[first + step][0]), true);
            return Losses.crossEntropy(logits, tokens(scope, batches[first + step][1]));
        });
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

    /** The GELU of course.nn.Layers.gelu: the exact (erf) form, as nn.GELU(); the peer uses the same. */
    static final String GELU = "exact";

    /**
     * Matmul FLOPs of one training step (forward + backward = 3 x forward, 2 FLOPs per multiply-add):
     * 6 N B T for the weight matrices (N = 12 L C^2 for qkv, attention output and the 4x MLP, plus V C for the
     * tied LM head), plus 12 L T^2 C B for q k^T and weights x v (full T x T, as the explicit attention computes
     * it). Embedding lookups, LayerNorm, softmax, GELU and the optimiser are not counted.
     */
    static double flopsPerStep(GptConfig c, int batch) {
        double l = c.layers(), d = c.embedding(), t = c.blockSize(), v = c.vocabSize();
        double matmulParameters = 12 * l * d * d + v * d;
        return 6 * matmulParameters * batch * t + 12 * l * t * t * d * batch;
    }

    /**
     * The parts of a step timed separately: forward (with the loss, read back), backward, gradient clipping, the
     * optimiser update (and zeroing the gradients), and release (closing the step's NDManager, which frees the
     * native memory of every array the step made; PyTorch frees as it goes, inside the other phases).
     */
    static final String[] PHASES = {"forward", "backward", "clip", "optimizer", "release"};

    /** Steps first+from .. first+from+n-1, TrainLoop.trainStep's work written out, with the clock read between phases. */
    static void profile(Gpt gpt, AdamW adamW, NDManager manager, int[][][][] batches, int first, int from, int n, int seed,
            double[][] ms) {
        List<ParameterGroups.Entry> trainable = ParameterGroups.of(gpt).trainable();   // the ids TrainLoop gives AdamW
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
                    ParameterStore ps = new ParameterStore(scope, false);
                    NDArray logits = gpt.logits(ps, tokens(scope, batches[s][0]), true);
                    NDArray loss = Losses.crossEntropy(logits, tokens(scope, batches[s][1]));
                    loss.toType(DataType.FLOAT64, false).getDouble();
                    t1 = System.nanoTime();
                    collector.backward(loss);
                }
                t2 = System.nanoTime();
                NDArray[] grads = new NDArray[trainable.size()];
                for (int j = 0; j < grads.length; j++) {
                    grads[j] = trainable.get(j).parameter().getArray().getGradient();
                    grads[j].attach(scope);
                }
                TrainLoop.clipGradients(grads, 1.0);   // what TrainLoop does with .withGradientClipping
                t3 = System.nanoTime();
                for (int j = 0; j < grads.length; j++) {
                    adamW.update(trainable.get(j).id(), trainable.get(j).parameter(), grads[j], 1e-3);
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

    static double peakMatmulGflops(NDManager manager, int n, int repeats) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray a = scope.randomNormal(new Shape(n, n));
            NDArray b = scope.randomNormal(new Shape(n, n));
            for (int i = 0; i < 3; i++) {
                a.matMul(b).close();
            }
            double[] seconds = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                long start = System.nanoTime();
                NDArray c = a.matMul(b);
                seconds[i] = (System.nanoTime() - start) / 1e9;
                c.close();
            }
            return 2.0 * n * n * n / median(seconds) / 1e9;
        }
    }

    static NDArray tokens(NDManager scope, int[][] rows) {
        int b = rows.length, t = rows[0].length;
        int[] flat = new int[b * t];
        for (int i = 0; i < b; i++) {
            System.arraycopy(rows[i], 0, flat, i * t, t);
        }
        return NativeArrays.ints(scope, flat, new Shape(b, t));   // libtorch-owned: the embedding backward reads the ids
    }

    /** Random windows of Tiny Shakespeare, characters numbered in sorted order (65 of them): inputs and next characters. */
    static int[][][][] shakespeareBatches(Random random, int count, int batch, int block) throws IOException {
        String text = Files.readString(DataStore.fromEnvironment().path("tinyshakespeare/input.txt"), StandardCharsets.UTF_8);
        TreeSet<Character> chars = new TreeSet<>();
        for (char ch : text.toCharArray()) {
            chars.add(ch);
        }
        if (chars.size() != 65) {
            throw new IllegalStateException("Tiny Shakespeare should have 65 distinct characters, found " + chars.size());
        }
        List<Character> alphabet = new ArrayList<>(chars);
        int[] ids = new int[text.length()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = alphabet.indexOf(text.charAt(i));
        }
        LmWindows windows = LmWindows.over(ids, batch, block);   // the lib's sampler: the same draws as a notebook's batches
        int[][][][] batches = new int[count][2][batch][block];
        for (int s = 0; s < count; s++) {
            int[] starts = windows.starts(random);
            for (int r = 0; r < batch; r++) {
                batches[s][0][r] = Arrays.copyOfRange(ids, starts[r], starts[r] + block);
                batches[s][1][r] = Arrays.copyOfRange(ids, starts[r] + 1, starts[r] + block + 1);
            }
        }
        return batches;
    }

    static int[][][][] randomBatches(Random random, int vocab, int count, int batch, int block) {
        int[][][][] batches = new int[count][2][batch][block];
        for (int s = 0; s < count; s++) {
            for (int r = 0; r < batch; r++) {
                int[] row = random.ints(block + 1, 0, vocab).toArray();
                batches[s][0][r] = Arrays.copyOfRange(row, 0, block);
                batches[s][1][r] = Arrays.copyOfRange(row, 1, block + 1);
            }
        }
        return batches;
    }

    static void writeBatches(int[][][][] batches, Path file) throws IOException {
        int b = batches[0][0].length, t = batches[0][0][0].length;
        ByteBuffer buffer = ByteBuffer.allocate(batches.length * 2 * b * t * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int[][][] step : batches) {
            for (int[][] half : step) {
                for (int[] row : half) {
                    for (int id : row) {
                        buffer.putInt(id);
                    }
                }
            }
        }
        Files.write(file, buffer.array());
    }

    /** weights.json lists name, shape and float offset of each parameter; weights.bin holds the floats. */
    static void writeWeights(List<Pair<String, Parameter>> parameters, Path out) throws IOException {
        List<Map<String, Object>> index = new ArrayList<>();
        long total = parameters.stream().mapToLong(p -> p.getValue().getArray().size()).sum();
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(total * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (Pair<String, Parameter> p : parameters) {
            NDArray array = p.getValue().getArray();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", p.getKey());
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
