package course.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import course.gpt.Gpt;
import course.gpt.GptConfig;
import course.train.Seeds;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lib's models and losses must not depend on the caller keeping Java-buffer arrays alive until backward (see
 * {@link NativeArrays} and the package notes). Each step here hands the model token ids and targets on Java direct
 * buffers, closes them before {@code backward}, makes the garbage collector free their memory and fills freed
 * memory with out-of-range ids; the gradients must still equal those of the same step with every array alive.
 * Without the lib's native copies the embedding's backward reads freed ids: wrong gradients, or a JVM crash.
 */
class JavaBufferLifetimeTest {

    private static final int VOCAB = 23;
    private static final int STEPS = 12;

    @Test
    void gradientsDoNotDependOnTheCallersBuffersAfterForward() throws InterruptedException {
        GptConfig config = new GptConfig(VOCAB, 12, 1, 2, 16, 0f, true);
        List<ByteBuffer> junk = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Seeds.seedAll(5);
            Gpt gpt = new Gpt(config);
            gpt.initialize(m, DataType.FLOAT32, new Shape(1, config.blockSize()));
            ParameterStore ps = new ParameterStore(m, false);
            Random random = new Random(11);
            for (int step = 0; step < STEPS; step++) {
                int b = 1 + random.nextInt(4);
                int t = 2 + random.nextInt(config.blockSize() - 1);
                long[] x = random.longs((long) b * t, 0, VOCAB).toArray();
                long[] y = random.longs((long) b * t, 0, VOCAB).toArray();
                List<float[]> reference = gradients(gpt, ps, m, x, y, b, t, false, junk);
                List<float[]> freed = gradients(gpt, ps, m, x, y, b, t, true, junk);
                assertEquals(reference.size(), freed.size());
                for (int i = 0; i < reference.size(); i++) {
                    float[] r = reference.get(i);
                    for (float v : freed.get(i)) {
                        assertTrue(Float.isFinite(v), "step " + step + ": non-finite gradient");
                    }
                    assertArrayEquals(r, freed.get(i), 1e-5f, "step " + step + ", parameter " + i);
                }
            }
        }
    }

    @Test
    void scaledLossHasTheScaledGradientAfterGarbageCollection() throws InterruptedException {
        List<ByteBuffer> junk = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.randomNormal(new Shape(5, 7));
            w.setRequiresGradient(true);
            for (int step = 0; step < STEPS; step++) {
                try (NDManager scope = m.newSubManager()) {
                    NDArray targets = NativeArrays.ints(scope, new int[] {0, 3, 6, 2, 1}, new Shape(5));
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = Losses.scaled(Losses.crossEntropy(w.mul(NativeArrays.scalar(scope, 1f, DataType.FLOAT32)), targets), 2.5f);
                        churn(junk);
                        collector.backward(loss);
                    }
                    float[] scaled = w.getGradient().toFloatArray();
                    w.getGradient().subi(w.getGradient());
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        collector.backward(Losses.crossEntropy(w.mul(NativeArrays.scalar(scope, 1f, DataType.FLOAT32)), targets));
                    }
                    float[] plain = w.getGradient().toFloatArray();
                    w.getGradient().subi(w.getGradient());
                    for (int i = 0; i < plain.length; i++) {
                        assertEquals(2.5f * plain[i], scaled[i], 1e-6f, "step " + step + ", element " + i);
                    }
                }
            }
        }
    }

    @Test
    void nativeArraysHoldTheirValuesAfterTheStagingBufferIsFreed() throws InterruptedException {
        List<ByteBuffer> junk = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray ints = NativeArrays.ints(m, new int[] {4, 5, 6, 7}, new Shape(2, 2));
            NDArray longs = NativeArrays.longs(m, new long[] {-1, 1L << 40}, new Shape(2));
            NDArray floats = NativeArrays.floats(m, new float[] {0.5f, -2f, 3f}, new Shape(3));
            NDArray flags = NativeArrays.booleans(m, new boolean[] {true, false, true}, new Shape(3));
            churn(junk);
            assertArrayEquals(new int[] {4, 5, 6, 7}, ints.toIntArray());
            assertEquals(new Shape(2, 2), ints.getShape());
            assertArrayEquals(new long[] {-1, 1L << 40}, longs.toLongArray());
            assertArrayEquals(new float[] {0.5f, -2f, 3f}, floats.toFloatArray());
            assertArrayEquals(new boolean[] {true, false, true}, flags.toBooleanArray());
            assertEquals(DataType.INT64, NativeArrays.indexCopy(ints).getDataType());
            assertEquals(1.5f, NativeArrays.scalar(m, 1.5f, DataType.FLOAT32).getFloat());
        }
    }

    /**
     * One training step's gradients (one array per parameter). With {@code closeEarly} the ids and targets are made
     * on Java buffers and closed right after the forward pass, and their memory is freed and reused before backward.
     */
    private static List<float[]> gradients(Gpt gpt, ParameterStore ps, NDManager m, long[] x, long[] y, int b, int t,
            boolean closeEarly, List<ByteBuffer> junk) throws InterruptedException {
        List<float[]> grads = new ArrayList<>();
        try (NDManager scope = m.newSubManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss;
                if (closeEarly) {
                    NDArray tokens = scope.create(x, new Shape(b, t));      // Java direct buffers (from_blob)
                    NDArray targets = scope.create(y, new Shape(b, t));
                    loss = Losses.crossEntropy(gpt.logits(ps, tokens, true), targets);
                    tokens.close();
                    targets.close();
                    churn(junk);
                } else {
                    loss = Losses.crossEntropy(gpt.logits(ps, NativeArrays.longs(scope, x, new Shape(b, t)), true),
                            NativeArrays.longs(scope, y, new Shape(b, t)));
                }
                collector.backward(loss);
            }
            for (Pair<String, Parameter> p : gpt.getParameters()) {
                NDArray g = p.getValue().getArray().getGradient();
                grads.add(g.toFloatArray());
                g.subi(g);
                g.close();
            }
        }
        return grads;
    }

    /**
     * Lets the garbage collector free unreachable direct buffers, then allocates small direct buffers full of
     * out-of-range ids so that freed memory, if anything still reads it, holds values no valid array holds.
     */
    private static void churn(List<ByteBuffer> junk) throws InterruptedException {
        System.gc();
        Thread.sleep(10);   // the Cleaner thread frees the buffers' native memory
        for (int i = 0; i < 256; i++) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(8 * (1 + i % 64)).order(ByteOrder.nativeOrder());
            while (buffer.remaining() >= 8) {
                buffer.putLong(0x7fff_0000_7fffL);
            }
            junk.add(buffer);
        }
        if (junk.size() > 4096) {
            junk.subList(0, 2048).clear();
        }
    }
}
