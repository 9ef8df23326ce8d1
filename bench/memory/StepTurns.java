import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.env.Memory;
import course.gpt.Gpt;
import course.gpt.GptConfig;
import course.nn.Losses;
import course.nn.NativeArrays;
import course.train.AdamW;
import course.train.History;
import course.train.LearningRate;
import course.train.Seeds;
import course.train.TrainLoop;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * One side of bench memory's step-time comparison: notebook 06's workshop char GPT (4 layers, 4 heads, 128 wide,
 * batch 12 x 64) trained by the lib's TrainLoop on random tokens, a turn at a time. Each line on standard input is
 * a number of steps; after each turn it prints {@code turn <allocator> <ms per step, one per step…>}. Two of these
 * run side by side, one on glibc's malloc and one on jemalloc, taking turns, so the machine's noise falls on both.
 */
public final class StepTurns {
    public static void main(String[] args) throws Exception {
        Seeds.seedAll(1337);
        GptConfig config = new GptConfig(65, 64, 4, 4, 128, 0f, false);
        String allocator = Memory.allocator().name();
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt gpt = new Gpt(config);
            gpt.initialize(manager, DataType.FLOAT32, new Shape(12, 64));
            ParameterStore parameters = new ParameterStore(manager, false);
            AdamW adam = new AdamW(AdamW.Settings.nanoGptShakespeare());
            TrainLoop.Step step = (scope, s, random) -> {
                int[] x = new int[12 * 64];
                int[] y = new int[12 * 64];
                for (int i = 0; i < x.length; i++) {
                    x[i] = random.nextInt(65);
                    y[i] = random.nextInt(65);
                }
                NDArray xs = NativeArrays.ints(scope, x, new Shape(12, 64));
                NDArray ys = NativeArrays.ints(scope, y, new Shape(12, 64));
                return Losses.crossEntropy(gpt.logits(parameters, xs, true), ys);
            };
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            int turn = 0;
            for (String line; (line = in.readLine()) != null && !line.isBlank(); turn++) {
                int steps = Integer.parseInt(line.trim());
                History h = new TrainLoop(gpt, adam, LearningRate.constant(1e-3), TrainLoop.Options.of(steps, turn)).run(manager, step);
                StringBuilder out = new StringBuilder("turn ").append(allocator);
                for (double ms : h.stepMillis()) {
                    out.append(' ').append(String.format("%.3f", ms));
                }
                System.out.println(out.append(" peak_rss_mb=").append(Memory.peakResidentBytes() >> 20));
                System.out.flush();
            }
        }
    }
}
