package course.env;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.gpt.Gpt;
import course.gpt.GptConfig;
import course.nn.NativeArrays;
import course.train.Seeds;
import java.util.Random;

/**
 * The allocation pattern that made notebook 06's kernel reach 6 GB on glibc's malloc: bursts in which many
 * forward passes of the workshop-size GPT (4 layers, 128 wide, batch 12 × 64 tokens) stay alive in one scope, as
 * in a validation pass, then are freed together. Prints the resident memory before the first burst, the peak, and
 * after the last burst plus a pause, as {@code probe baseline_mb=… peak_mb=… after_mb=…}.
 */
final class NativeMemoryProbe {

    private NativeMemoryProbe() {}

    public static void main(String[] args) throws InterruptedException {
        int bursts = Integer.parseInt(args[0]);
        int batchesPerBurst = Integer.parseInt(args[1]);
        Seeds.seedAll(3);
        GptConfig config = new GptConfig(65, 64, 4, 4, 128, 0f, false);
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt gpt = new Gpt(config);
            gpt.initialize(manager, DataType.FLOAT32, new Shape(12, 64));
            ParameterStore parameters = new ParameterStore(manager, false);
            Random random = new Random(1);
            burst(gpt, parameters, manager, random, 2);    // warm-up: JIT, libtorch's first allocations
            settle();
            long baseline = Memory.residentBytes();
            long peak = baseline;
            for (int b = 0; b < bursts; b++) {
                peak = Math.max(peak, burst(gpt, parameters, manager, random, batchesPerBurst));
            }
            settle();
            long after = Memory.residentBytes();
            System.out.printf("probe allocator=%s baseline_mb=%d peak_mb=%d after_mb=%d%n", Memory.allocator().name(),
                    baseline >> 20, peak >> 20, after >> 20);
        }
    }

    /** One burst; returns the resident memory just before its arrays are freed. */
    private static long burst(Gpt gpt, ParameterStore parameters, NDManager manager, Random random, int batches) {
        try (NDManager scope = manager.newSubManager()) {
            for (int i = 0; i < batches; i++) {
                int[] ids = new int[12 * 64];
                for (int j = 0; j < ids.length; j++) {
                    ids[j] = random.nextInt(65);
                }
                NDArray tokens = NativeArrays.ints(scope, ids, new Shape(12, 64));
                gpt.logits(parameters, tokens, false);
            }
            return Memory.residentBytes();
        }
    }

    /** Long enough for an allocator that returns memory (jemalloc decays in 1 s here) to have done so. */
    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(3000);
    }
}
