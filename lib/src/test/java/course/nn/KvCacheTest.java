package course.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class KvCacheTest {

    @Test
    void appendsAlongTheTimeAxisAndHoldsTwoArraysPerLayerWhateverTheSteps() {
        try (NDManager m = NDManager.newBaseManager()) {
            int outside = m.getManagedArrays().size();
            try (KvCache cache = new KvCache(m, 2, 5)) {
                assertEquals(0, cache.length());
                assertEquals(5, cache.remaining());
                try (NDManager prefill = m.newSubManager()) {
                    NDArray k0 = prefill.arange(0f, 12f).reshape(1, 2, 3, 2);   // (B, H, T = 3, D)
                    NDArray v0 = k0.neg();
                    MultiHeadAttention.KeysValues after = cache.append(0, k0, v0);
                    assertEquals(new Shape(1, 2, 3, 2), after.keys().getShape());
                    assertEquals(3, cache.length(0));
                    assertEquals(0, cache.length(), "layer 1 has nothing yet");
                    assertEquals(2, cache.remaining());
                    cache.append(1, k0, v0);
                }
                assertEquals(3, cache.length());
                assertEquals(4, m.getManagedArrays().size() - outside, "keys and values of two layers, nothing else");
                for (int step = 0; step < 2; step++) {
                    try (NDManager s = m.newSubManager()) {
                        NDArray k = s.full(new Shape(1, 2, 1, 2), 100f + step);
                        for (int l = 0; l < 2; l++) {
                            cache.append(l, k, k.neg());
                        }
                    }
                    assertEquals(4, m.getManagedArrays().size() - outside,
                            "the shorter arrays are closed as the longer ones are made");
                }
                assertEquals(5, cache.length());
                try (NDManager read = m.newSubManager()) {
                    MultiHeadAttention.KeysValues all = cache.get(1, read);
                    NDArray keys = all.keys();                                     // (1, 2, 5, 2)
                    assertEquals(new Shape(1, 2, 5, 2), keys.getShape());
                    assertEquals(read, keys.getManager(), "handed out as a view in the reader's manager");
                    // head 0: the three original positions, then the two appended ones
                    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 100, 100, 101, 101}, keys.get("0, 0").toFloatArray());
                    assertArrayEquals(new float[] {-6, -7, -8, -9, -10, -11, -100, -100, -101, -101},
                            all.values().get("0, 1").toFloatArray());
                }
                assertEquals(4, m.getManagedArrays().size() - outside, "reading left nothing in the cache");

                cache.clear();
                assertEquals(0, cache.length());
                assertEquals(0, m.getManagedArrays().size() - outside);
            }
        }
    }

    @Test
    void capacityAndShapeErrorsSayWhatToDo() {
        try (NDManager m = NDManager.newBaseManager(); KvCache cache = new KvCache(m, 1, 4)) {
            cache.append(0, m.zeros(new Shape(1, 2, 3, 2)), m.zeros(new Shape(1, 2, 3, 2)));
            IllegalStateException full = assertThrows(IllegalStateException.class,
                    () -> cache.append(0, m.zeros(new Shape(1, 2, 2, 2)), m.zeros(new Shape(1, 2, 2, 2))));
            assertTrue(full.getMessage().contains("holds 3 of its 4 positions and cannot take 2 more"), full.getMessage());
            assertTrue(full.getMessage().contains("block size"), full.getMessage());
            assertEquals(3, cache.length(), "a refused append changes nothing");

            IllegalArgumentException heads = assertThrows(IllegalArgumentException.class,
                    () -> cache.append(0, m.zeros(new Shape(1, 4, 1, 1)), m.zeros(new Shape(1, 4, 1, 1))));
            assertTrue(heads.getMessage().contains("must agree in B, H and D"), heads.getMessage());
            IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                    () -> cache.append(0, m.zeros(new Shape(2, 1, 2)), m.zeros(new Shape(2, 1, 2))));
            assertTrue(rank.getMessage().contains("(B, H, T, D)"), rank.getMessage());
            IllegalArgumentException layer = assertThrows(IllegalArgumentException.class, () -> cache.length(1));
            assertTrue(layer.getMessage().contains("layer 1 is outside the cache's 1 layers"), layer.getMessage());
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> new KvCache(m, 1, 0));
            assertTrue(size.getMessage().contains("capacity=0"), size.getMessage());
            try (KvCache empty = new KvCache(m, 1, 4)) {
                IllegalStateException none = assertThrows(IllegalStateException.class, () -> empty.get(0, m));
                assertTrue(none.getMessage().contains("empty"), none.getMessage());
            }
        }
    }

    @Test
    void closingFreesEveryCachedArrayAndLaterUseSaysSo() {
        try (NDManager m = NDManager.newBaseManager()) {
            int before = m.getManagedArrays().size();
            KvCache cache = new KvCache(m, 3, 8);
            try (NDManager step = m.newSubManager()) {
                for (int l = 0; l < 3; l++) {
                    cache.append(l, step.ones(new Shape(2, 2, 4, 3)), step.ones(new Shape(2, 2, 4, 3)));
                }
            }
            assertEquals(before + 6, m.getManagedArrays().size(), "the cache's copies outlive the step that made the originals");
            try (NDManager read = m.newSubManager()) {
                assertArrayEquals(new float[2 * 2 * 4 * 3], cache.get(2, read).keys().sub(1f).toFloatArray());   // the ones appended
            }
            cache.close();
            assertTrue(cache.isClosed());
            assertEquals(before, m.getManagedArrays().size());
            cache.close();   // twice is harmless
            IllegalStateException e = assertThrows(IllegalStateException.class, cache::length);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void storedArraysCarryNoAutogradGraph() {
        try (NDManager m = NDManager.newBaseManager(); KvCache cache = new KvCache(m, 1, 4)) {
            NDArray w = m.ones(new Shape(1, 1, 2, 2));
            w.setRequiresGradient(true);
            try (GradientCollector tape = Engine.getInstance().newGradientCollector()) {
                NDArray k = w.mul(m.full(new Shape(), 3f));                     // recorded: d(sum k)/dw = 3
                cache.append(0, k, k);
                EngineException detached = assertThrows(EngineException.class,
                        () -> tape.backward(cache.get(0, m).keys().sum()));
                assertTrue(detached.getMessage().contains("does not require grad"), detached.getMessage());
                tape.backward(k.sum());                                         // the original still has its graph
                assertArrayEquals(new float[] {3, 3, 3, 3}, w.getGradient().toFloatArray());
            }
            assertArrayEquals(new float[] {3, 3, 3, 3}, cache.get(0, m).keys().toFloatArray());
        }
    }
}
