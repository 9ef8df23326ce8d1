package course.ulmfit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.nn.NativeArrays;
import course.rnn.RecurrentLayer;
import course.rnn.RecurrentWeights;
import course.train.Seeds;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RegularizersTest {

    @Test
    void embeddingDropoutDropsWholeWordsRescalesTheRestAndOnlyWhileTraining() {
        Seeds.seedAll(1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray e = m.randomUniform(0.5f, 1.5f, new Shape(60, 4));   // no zero entries of its own
            EmbeddingDropout dropout = new EmbeddingDropout(0.5f);
            assertSame(e, dropout.apply(e, m, false), "identity outside training");
            float[] original = e.toFloatArray();
            float[] dropped = dropout.apply(e, m, true).toFloatArray();
            int droppedRows = 0;
            for (int w = 0; w < 60; w++) {
                boolean zero = dropped[w * 4] == 0f;
                droppedRows += zero ? 1 : 0;
                for (int c = 0; c < 4; c++) {
                    float expected = zero ? 0f : original[w * 4 + c] * 2f;      // kept rows scaled by 1/(1 − p)
                    assertEquals(expected, dropped[w * 4 + c], 1e-6f, "word " + w + ", unit " + c + ": the whole row or nothing");
                }
            }
            assertTrue(droppedRows > 15 && droppedRows < 45, droppedRows + " of 60 rows dropped at p = 0.5");

            // Through a lookup: a dropped word is zero at every position it occurs in the batch.
            WordEmbedding embedding = new WordEmbedding(60, 4);
            embedding.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1));
            int[] ids = new int[40];
            for (int i = 0; i < 40; i++) {
                ids[i] = i % 20;   // every word twice
            }
            float[] x = embedding.lookup(new ParameterStore(m, false), NativeArrays.ints(m, ids, new Shape(2, 20)), dropout, true).toFloatArray();
            boolean someDropped = false;
            for (int i = 0; i < 20; i++) {
                float[] first = Arrays.copyOfRange(x, i * 4, i * 4 + 4);
                float[] second = Arrays.copyOfRange(x, (i + 20) * 4, (i + 20) * 4 + 4);
                assertArrayEquals(first, second, 0f, "word " + i + " reads the same (dropped or kept) vector at both positions");
                someDropped |= first[0] == 0f;
            }
            assertTrue(someDropped);
        }
    }

    @Test
    void lockedDropoutHasOneMaskPerSequenceConstantOverTime() {
        Seeds.seedAll(2);
        try (NDManager m = NDManager.newBaseManager()) {
            LockedDropout dropout = new LockedDropout(0.5f);
            NDArray x = m.randomUniform(0.5f, 1.5f, new Shape(3, 7, 40));
            assertSame(x, dropout.apply(x, false), "identity outside training");
            float[] in = x.toFloatArray();
            float[] out = dropout.apply(x, true).toFloatArray();
            float[][] masks = new float[3][40];
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < 40; c++) {
                    masks[b][c] = out[(b * 7) * 40 + c] / in[(b * 7) * 40 + c];
                    assertTrue(Math.abs(masks[b][c]) < 1e-6 || Math.abs(masks[b][c] - 2) < 1e-5, "mask value " + masks[b][c] + ": 0 or 1/(1 − p)");
                    for (int t = 1; t < 7; t++) {
                        int i = (b * 7 + t) * 40 + c;
                        assertEquals(masks[b][c], out[i] / in[i], 1e-5, "row " + b + ", unit " + c + ": the same mask at step " + t + " as at step 0");
                    }
                }
            }
            assertFalse(Arrays.equals(masks[0], masks[1]) && Arrays.equals(masks[1], masks[2]), "each sequence draws its own mask");
        }
    }

    @Test
    void weightDropChangesOnlyTheHiddenMatrixOnlyWhileTrainingWithAFreshMaskPerBatch() {
        Seeds.seedAll(3);
        try (NDManager m = NDManager.newBaseManager()) {
            RecurrentLayer layer = RecurrentLayer.lstm(5, 10);
            layer.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 5));
            RecurrentWeights w = layer.weights(new ParameterStore(m, false), m.zeros(new Shape(1)), false, 0);
            WeightDrop drop = new WeightDrop(0.5f);
            assertSame(w, drop.apply(w, m, false), "identity outside training");
            RecurrentWeights first = drop.apply(w, m, true);
            RecurrentWeights second = drop.apply(w, m, true);
            assertSame(w.input(), first.input());
            assertSame(w.inputBias(), first.inputBias());
            assertSame(w.hiddenBias(), first.hiddenBias());
            float[] original = w.hidden().toFloatArray();
            float[] a = first.hidden().toFloatArray();
            float[] b = second.hidden().toFloatArray();
            int zeros = 0;
            for (int i = 0; i < original.length; i++) {
                assertTrue(a[i] == 0f || Math.abs(a[i] - 2 * original[i]) < 1e-6, "W_h[" + i + "]: dropped or scaled by 1/(1 − p)");
                zeros += a[i] == 0f ? 1 : 0;
            }
            assertTrue(zeros > 150 && zeros < 250, zeros + " of 400 weights dropped at p = 0.5");
            assertFalse(Arrays.equals(a, b), "the next batch draws a new mask");
            assertEquals(new Shape(40, 10), first.hidden().getShape());
        }
    }

    @Test
    void inTheModelOneWeightMaskServesEveryRowAndStepOfABatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            AwdLstmConfig onlyWeightDrop = TinyAwd.config(20).withDropouts(0, 0, 0, 0, 0.5f);
            AwdLstm model = TinyAwd.model(onlyWeightDrop, m, 4);
            ParameterStore ps = new ParameterStore(m, false);
            int[] row = {3, 7, 1, 9, 4, 12};
            int[] ids = new int[18];
            for (int r = 0; r < 3; r++) {
                System.arraycopy(row, 0, ids, r * 6, 6);
            }
            NDArray batch = NativeArrays.ints(m, ids, new Shape(3, 6));
            float[] train1 = model.forward(ps, batch, null, true).top().toFloatArray();
            float[] train2 = model.forward(ps, batch, null, true).top().toFloatArray();
            float[] eval = model.forward(ps, batch, null, false).top().toFloatArray();
            int perRow = 6 * 6;
            for (int r = 1; r < 3; r++) {
                assertArrayEquals(Arrays.copyOfRange(train1, 0, perRow), Arrays.copyOfRange(train1, r * perRow, (r + 1) * perRow), 0f,
                        "identical rows give identical outputs: one mask for the whole batch, at every step");
            }
            assertFalse(Arrays.equals(train1, train2), "a new batch, a new mask");
            assertFalse(Arrays.equals(train1, eval), "the mask is applied in training");
            assertArrayEquals(eval, model.forward(ps, batch, null, false).top().toFloatArray(), 0f, "no mask outside training");
        }
    }

    @Test
    void arAndTarEqualTheirClosedForms() {
        try (NDManager m = NDManager.newBaseManager()) {
            // h (B = 2, T = 3, C = 2); row 1 has 2 real positions, its third is padding.
            float[] h = {1, 2, 3, -1, 0, 4,
                         2, 2, -2, 1, 9, 9};
            float[] raw = {0.5f, 1, 1.5f, -1, 2, 0,
                           -1, 1, 1, 3, 7, 7};
            NDArray dropped = NativeArrays.floats(m, h, new Shape(2, 3, 2));
            NDArray undropped = NativeArrays.floats(m, raw, new Shape(2, 3, 2));
            NDArray real = NativeArrays.booleans(m, new boolean[] {true, true, true, true, true, false}, new Shape(2, 3));
            ActivationRegularization reg = new ActivationRegularization(2, 3);

            // AR = α · Σ_real h² / (real positions · C)
            double squares = 1 + 4 + 9 + 1 + 0 + 16 + 4 + 4 + 4 + 1;
            assertEquals(2 * squares / (5 * 2), reg.ar(dropped, real).getFloat(), 1e-5);
            double all = squares + 81 + 81;
            assertEquals(2 * all / 12, reg.ar(dropped, null).getFloat(), 1e-5, "no mask: the plain mean");

            // TAR = β · Σ_pairs (h_t − h_{t−1})² / (pairs · C); pairs (0,1), (1,2) of row 0 and (0,1) of row 1.
            double diffs = sq(1.5 - 0.5) + sq(-1 - 1) + sq(2 - 1.5) + sq(0 + 1)
                    + sq(1 + 1) + sq(3 - 1);
            assertEquals(3 * diffs / (3 * 2), reg.tar(undropped, real).getFloat(), 1e-5);
            double allDiffs = diffs + sq(7 - 1) + sq(7 - 3);
            assertEquals(3 * allDiffs / (4 * 2), reg.tar(undropped, null).getFloat(), 1e-5);

            assertEquals(reg.ar(dropped, real).getFloat() + reg.tar(undropped, real).getFloat(), reg.penalty(dropped, undropped, real).getFloat(), 1e-5);
            assertEquals(0f, reg.tar(m.ones(new Shape(2, 1, 2)), null).getFloat(), "one step: no pair, no TAR");
            assertEquals(0f, ActivationRegularization.none().penalty(dropped, undropped, real).getFloat());
        }
    }

    private static double sq(double x) {
        return x * x;
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThrows(IllegalArgumentException.class, () -> new LockedDropout(1f));
        assertThrows(IllegalArgumentException.class, () -> new WeightDrop(-0.1f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ActivationRegularization(-1, 1));
        assertTrue(e.getMessage().contains("alpha=-1.0"), e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> TinyAwd.config(20).withDropouts(0, 0, 0, 1.2f, 0));
        assertEquals("outputDropout must be in [0, 1), got 1.2", c.getMessage());
    }
}
