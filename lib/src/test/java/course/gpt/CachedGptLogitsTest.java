package course.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.nn.Mode;
import course.decode.Generator;
import course.decode.Sampler;
import course.nn.KvCache;
import course.train.Seeds;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The KV-cached path against full recomputation: same logits, same tokens, bounded memory, clear errors. */
class CachedGptLogitsTest {

    /** 2 layers, 2 heads, C = 16, block 8, biases on (so every parameter takes part). */
    private static final GptConfig CONFIG = new GptConfig(13, 8, 2, 2, 16, 0f, true);
    private static final float TOLERANCE = 1e-5f;

    private static Gpt model(NDManager manager, long seed) {
        Seeds.seedAll(seed);
        Gpt gpt = new Gpt(CONFIG);
        gpt.initialize(manager, DataType.FLOAT32, new Shape(1, CONFIG.blockSize()));
        return gpt;
    }

    @Test
    void cachedLogitsEqualFullRecomputationAtEveryStepIncludingPastTheBlockSize() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt gpt = model(manager, 21);
            ParameterStore ps = new ParameterStore(manager, false);
            int[] tokens = new Random(5).ints(20, 0, CONFIG.vocabSize()).toArray();
            try (NDManager scope = manager.newSubManager(); CachedGptLogits cached = new CachedGptLogits(gpt, ps, scope)) {
                GptLogits full = new GptLogits(gpt, ps, scope);
                int block = CONFIG.blockSize();
                for (int n = 2; n <= tokens.length; n++) {
                    int[] context = Arrays.copyOfRange(tokens, Math.max(0, n - block), n);   // what Generator passes
                    float[] expected = full.nextLogits(context);
                    float[] actual = cached.nextLogits(context);
                    assertArrayEquals(expected, actual, TOLERANCE, "context of the " + n + " first tokens");
                    assertEquals(context.length, cached.cachedLength());
                    // Memory: the cache's 2 arrays per layer (keys, values), and nothing else left in the scope.
                    assertEquals(2 * CONFIG.layers(), scope.getManagedArrays().size(), "after " + n + " tokens");
                }
                // One prefill for the 2-token prompt, then one per step once the window slid (contexts of 9..20 tokens).
                assertEquals(1 + (tokens.length - block), cached.prefills());
            }
        }
    }

    @Test
    void incrementalForwardEqualsTheFullForwardAtEveryPositionInChunksAndBatches() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt gpt = model(manager, 22);
            ParameterStore ps = new ParameterStore(manager, false);
            int[] ids = new Random(6).ints(2 * 8, 0, CONFIG.vocabSize()).toArray();
            NDArray tokens = manager.create(ids, new Shape(2, 8));                       // B = 2, T = 8 = blockSize
            Gpt.Output whole = gpt.forward(ps, tokens, Mode.INSPECTION);
            try (KvCache cache = gpt.newCache(manager)) {
                int[][] chunks = {{0, 3}, {3, 4}, {4, 7}, {7, 8}};                          // a prompt of 3, then 1, 3, 1
                for (int[] c : chunks) {
                    try (NDManager step = manager.newSubManager()) {
                        NDIndex span = new NDIndex(":, " + c[0] + ":" + c[1]);
                        Gpt.Output part = gpt.forward(ps, tokens.get(step, span), cache, true);
                        assertArrayEquals(whole.logits().get(span).toFloatArray(), part.logits().toFloatArray(), TOLERANCE,
                                "logits of positions " + c[0] + ".." + (c[1] - 1));
                        assertArrayEquals(whole.hidden().get(span).toFloatArray(), part.hidden().toFloatArray(), TOLERANCE);
                        // Each layer's attention rows for the new queries: the matching rows of the full (T, T) maps.
                        NDArray rows = whole.attention().get(1).get(new NDIndex(":, :, " + c[0] + ":" + c[1] + ", 0:" + c[1]));
                        assertArrayEquals(rows.toFloatArray(), part.attention().get(1).toFloatArray(), TOLERANCE);
                    }
                    assertEquals(c[1], cache.length());
                }
                assertEquals(0, cache.remaining());
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> gpt.forward(ps, manager.create(new int[] {1, 2}, new Shape(2, 1)), cache, false));
                assertTrue(e.getMessage().contains("holds 8 positions and 1 more would reach position 8, past the block size 8"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("rebuild the cache"), e.getMessage());
            }
        }
    }

    @Test
    void greedyGenerationIsIdenticalTokenForTokenWithAndWithoutTheCache() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt gpt = model(manager, 23);
            ParameterStore ps = new ParameterStore(manager, false);
            int[] prompt = {3, 1, 4};
            try (NDManager scope = manager.newSubManager()) {
                int[] plain = Generator.generate(prompt, 25, CONFIG.blockSize(), Sampler.greedy(), new Random(0),
                        new GptLogits(gpt, ps, scope));
                int[] cached;
                try (CachedGptLogits model = new CachedGptLogits(gpt, ps, scope)) {
                    cached = Generator.generate(prompt, 25, CONFIG.blockSize(), Sampler.greedy(), new Random(0), model);
                }
                assertArrayEquals(plain, cached);
                assertEquals(28, cached.length);
                assertEquals(0, scope.getManagedArrays().size(), "closing the logits function freed its cache");
            }
        }
    }

    @Test
    void samplingWithTheSameSeedDrawsTheSameTokensAndTheCacheIsReusableAcrossPrompts() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt gpt = model(manager, 24);
            ParameterStore ps = new ParameterStore(manager, false);
            try (NDManager scope = manager.newSubManager(); CachedGptLogits model = new CachedGptLogits(gpt, ps, scope)) {
                for (Sampler sampler : List.of(Sampler.temperature(1.0), Sampler.topK(5, 0.8), Sampler.topP(0.9, 1.0))) {
                    for (int[] prompt : List.of(new int[] {7}, new int[] {2, 9, 9, 0, 5})) {
                        int[] plain = Generator.generate(prompt, 14, CONFIG.blockSize(), sampler, new Random(42),
                                new GptLogits(gpt, ps, scope));
                        int[] cached = Generator.generate(prompt, 14, CONFIG.blockSize(), sampler, new Random(42), model);
                        assertArrayEquals(plain, cached, sampler.describe() + ", prompt " + Arrays.toString(prompt));
                    }
                }
            }
        }
    }

    @Test
    void errorsNameTheLimitAndClosingFreesTheCache() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt gpt = model(manager, 25);
            ParameterStore ps = new ParameterStore(manager, false);
            try (NDManager scope = manager.newSubManager()) {
                CachedGptLogits model = new CachedGptLogits(gpt, ps, scope);
                IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> model.nextLogits(new int[9]));
                assertTrue(tooLong.getMessage().contains("longer than the block size 8"), tooLong.getMessage());
                IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> model.nextLogits(new int[0]));
                assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
                IllegalArgumentException badId = assertThrows(IllegalArgumentException.class, () -> model.nextLogits(new int[] {1, 13}));
                assertTrue(badId.getMessage().contains("vocabSize = 13"), badId.getMessage());
                model.nextLogits(new int[] {1, 2, 3});
                assertEquals(3, model.cachedLength());
                assertEquals(2 * CONFIG.layers(), scope.getManagedArrays().size());
                model.close();
                assertEquals(0, scope.getManagedArrays().size());
                IllegalStateException closed = assertThrows(IllegalStateException.class, () -> model.nextLogits(new int[] {1, 2, 3, 4}));
                assertTrue(closed.getMessage().contains("closed"), closed.getMessage());

                try (NDManager other = manager.newSubManager(); KvCache wrong = new KvCache(other, 1, 8)) {
                    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                            () -> gpt.forward(ps, other.create(new int[] {1}, new Shape(1, 1)), wrong, false));
                    assertTrue(mismatch.getMessage().contains("make it with newCache"), mismatch.getMessage());
                }
            }
        }
    }
}
