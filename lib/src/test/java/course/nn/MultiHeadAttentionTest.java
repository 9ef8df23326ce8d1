package course.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.training.ParameterStore;
import course.train.Seeds;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiHeadAttentionTest {

    private static Map<String, NDArray> parameters(MultiHeadAttention block) {
        Map<String, NDArray> byName = new HashMap<>();
        for (var p : block.getParameters()) {
            byName.put(p.getKey(), p.getValue().getArray());
        }
        return byName;
    }

    /** The same computation head by head, with plain 2-D products: what the reshapes must be equivalent to. */
    private static NDArray headByHead(Map<String, NDArray> w, NDArray x, NDArray memory, int heads, NDArray maskOrNull) {
        long c = x.getShape().get(2);
        long d = c / heads;
        NDArray wIn = w.get("inputWeight");
        NDArray bIn = w.get("inputBias");
        NDList batches = new NDList();
        for (int b = 0; b < x.getShape().get(0); b++) {
            NDArray xb = x.get(b);          // (Tq, C)
            NDArray mb = memory.get(b);     // (Tk, C)
            NDList perHead = new NDList();
            for (int h = 0; h < heads; h++) {
                NDArray wq = wIn.get((h * d) + ":" + ((h + 1) * d));
                NDArray wk = wIn.get((c + h * d) + ":" + (c + (h + 1) * d));
                NDArray wv = wIn.get((2 * c + h * d) + ":" + (2 * c + (h + 1) * d));
                NDArray q = xb.matMul(wq.transpose()).add(bIn.get((h * d) + ":" + ((h + 1) * d)));
                NDArray k = mb.matMul(wk.transpose()).add(bIn.get((c + h * d) + ":" + (c + (h + 1) * d)));
                NDArray v = mb.matMul(wv.transpose()).add(bIn.get((2 * c + h * d) + ":" + (2 * c + (h + 1) * d)));
                NDArray scores = q.matMul(k.transpose()).div(Math.sqrt(d));       // (Tq, Tk)
                if (maskOrNull != null) {
                    NDArray allowed = maskOrNull.get(b).reshape(-1, maskOrNull.getShape().get(3)).broadcast(scores.getShape());
                    scores = NDArrays.where(allowed, scores, scores.getManager().full(scores.getShape(), -1e9f));
                }
                perHead.add(scores.softmax(-1).matMul(v));                       // (Tq, D)
            }
            NDArray concat = NDArrays.concat(perHead, 1);                        // (Tq, C)
            batches.add(concat.matMul(w.get("outputWeight").transpose()).add(w.get("outputBias")));
        }
        return NDArrays.stack(batches);
    }

    @Test
    void selfAttentionMatchesAHeadByHeadComputation() {
        Seeds.seedAll(11);
        try (NDManager m = NDManager.newBaseManager()) {
            MultiHeadAttention block = new MultiHeadAttention(8, 2, true, 0f);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 5, 8));
            randomiseBiases(block, m);
            NDArray x = m.randomNormal(new Shape(2, 5, 8));
            NDArray mask = Masks.causal(m, 5);
            Attention.Result r = block.attend(new ParameterStore(m, false), x, x, mask, false);
            assertEquals(new Shape(2, 5, 8), r.output().getShape());
            assertEquals(new Shape(2, 2, 5, 5), r.weights().getShape());
            NDArray expected = headByHead(parameters(block), x, x, 2, Masks.forAttention(Masks.causal(m, 5), null).broadcast(2, 1, 5, 5));
            assertArrayEquals(expected.toFloatArray(), r.output().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void crossAttentionUsesQueriesFromXAndKeysFromMemory() {
        Seeds.seedAll(12);
        try (NDManager m = NDManager.newBaseManager()) {
            MultiHeadAttention block = new MultiHeadAttention(8, 4, true, 0f);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 3, 8));
            randomiseBiases(block, m);
            NDArray x = m.randomNormal(new Shape(2, 3, 8));        // decoder side, Tq = 3
            NDArray memory = m.randomNormal(new Shape(2, 7, 8));   // encoder side, Tk = 7
            NDArray mask = Masks.forAttention(null, Masks.padding(m, new int[] {7, 4}, 7));   // (B, 1, 1, Tk)
            Attention.Result r = block.attend(new ParameterStore(m, false), x, memory, mask, false);
            assertEquals(new Shape(2, 3, 8), r.output().getShape());
            assertEquals(new Shape(2, 4, 3, 7), r.weights().getShape());
            NDArray expected = headByHead(parameters(block), x, memory, 4, mask.broadcast(2, 1, 3, 7));
            assertArrayEquals(expected.toFloatArray(), r.output().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void theCrossAttentionPathOnXItselfEqualsTheFusedSelfAttentionPath() {
        Seeds.seedAll(13);
        try (NDManager m = NDManager.newBaseManager()) {
            MultiHeadAttention block = new MultiHeadAttention(8, 2, false, 0f);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 4, 8));
            NDArray x = m.randomNormal(new Shape(1, 4, 8));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray fused = block.attend(ps, x, x, null, false).output();
            NDArray sliced = block.attend(ps, x, x.duplicate(), null, false).output();   // another object: the cross path
            assertArrayEquals(fused.toFloatArray(), sliced.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aLongLivedMemoryGetsNothingAttachedByCrossAttention() {
        Seeds.seedAll(15);
        try (NDManager m = NDManager.newBaseManager()) {
            MultiHeadAttention block = new MultiHeadAttention(8, 2, true, 0f);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 2, 8));
            try (NDManager encoderScope = m.newSubManager()) {
                NDArray memory = encoderScope.randomNormal(new Shape(1, 6, 8));   // e.g. an encoder output kept while decoding
                int before = encoderScope.getManagedArrays().size();
                for (int step = 0; step < 3; step++) {
                    try (NDManager decoderStep = m.newSubManager()) {
                        NDArray x = decoderStep.randomNormal(new Shape(1, 2, 8));
                        block.attend(new ParameterStore(m, false), x, memory, null, false);
                    }
                }
                assertEquals(before, encoderScope.getManagedArrays().size());
            }
        }
    }

    @Test
    void agreesWithDjlsScaledDotProductAttentionBlock() {
        Seeds.seedAll(14);
        try (NDManager m = NDManager.newBaseManager()) {
            int c = 8, heads = 2, b = 2, tq = 3, tk = 5;
            MultiHeadAttention ours = new MultiHeadAttention(c, heads, true, 0f);
            ours.initialize(m, DataType.FLOAT32, new Shape(b, tq, c));
            randomiseBiases(ours, m);
            ScaledDotProductAttentionBlock djl = ScaledDotProductAttentionBlock.builder()
                    .setEmbeddingSize(c).setHeadCount(heads).optAttentionProbsDropoutProb(0f).build();
            djl.initialize(m, DataType.FLOAT32, new Shape(b, tk, c), new Shape(b, tq, c), new Shape(b, tk, c), new Shape(b, tq, tk));
            // Copy our weights into DJL's four separate projections: q, k, v are row blocks of our (3C, C) weight.
            Map<String, NDArray> w = parameters(ours);
            copy(w.get("inputWeight").get("0:8"), djl.getQueryProjection(), "weight");
            copy(w.get("inputWeight").get("8:16"), djl.getKeyProjection(), "weight");
            copy(w.get("inputWeight").get("16:24"), djl.getValueProjection(), "weight");
            copy(w.get("outputWeight"), djl.getResultProjection(), "weight");
            copy(w.get("inputBias").get("0:8"), djl.getQueryProjection(), "bias");
            copy(w.get("inputBias").get("8:16"), djl.getKeyProjection(), "bias");
            copy(w.get("inputBias").get("16:24"), djl.getValueProjection(), "bias");
            copy(w.get("outputBias"), djl.getResultProjection(), "bias");

            NDArray x = m.randomNormal(new Shape(b, tq, c));
            NDArray memory = m.randomNormal(new Shape(b, tk, c));
            NDArray padding = Masks.padding(m, new int[] {5, 3}, tk);                       // (B, Tk)
            NDArray djlMask = padding.reshape(b, 1, tk).broadcast(b, tq, tk).toType(DataType.FLOAT32, false);   // (B, Tq, Tk) 1/0
            ParameterStore ps = new ParameterStore(m, false);
            NDArray theirs = djl.forward(ps, new NDList(memory, x, memory, djlMask), false).singletonOrThrow();   // keys, queries, values, mask
            NDArray mine = ours.attend(ps, x, memory, Masks.forAttention(null, padding), false).output();
            assertArrayEquals(theirs.toFloatArray(), mine.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void cachedSelfAttentionStepByStepEqualsCausalAttentionOverTheWholeSequence() {
        Seeds.seedAll(16);
        try (NDManager m = NDManager.newBaseManager()) {
            MultiHeadAttention block = new MultiHeadAttention(8, 2, true, 0f);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 6, 8));
            randomiseBiases(block, m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(2, 6, 8));
            NDArray full = block.attend(ps, x, x, Masks.causal(m, 6), false).output();         // (B, 6, C)
            try (KvCache cache = new KvCache(m, 1, 6)) {
                // a prefill of 3 positions, then 1, then 2: the mask is offset by what the cache already holds
                int[][] chunks = {{0, 3}, {3, 4}, {4, 6}};
                for (int[] c : chunks) {
                    try (NDManager step = m.newSubManager()) {
                        NDArray xs = x.get(step, new NDIndex(":, " + c[0] + ":" + c[1] + ", :"));   // (B, Tnew, C)
                        int tNew = c[1] - c[0];
                        NDArray mask = tNew == 1 ? null : Masks.causal(step, tNew, c[1]);
                        Attention.Result r = block.attendCached(ps, xs, cache, 0, mask);
                        assertEquals(new Shape(2, 2, tNew, c[1]), r.weights().getShape());
                        float[] expected = full.get(":, " + c[0] + ":" + c[1] + ", :").toFloatArray();
                        assertArrayEquals(expected, r.output().toFloatArray(), 1e-5f, "positions " + c[0] + ".." + (c[1] - 1));
                    }
                    assertEquals(c[1], cache.length());
                }
            }
        }
    }

    @Test
    void aMemoryProjectedOnceGivesTheSameCrossAttention() {
        Seeds.seedAll(17);
        try (NDManager m = NDManager.newBaseManager()) {
            MultiHeadAttention block = new MultiHeadAttention(8, 4, true, 0f);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 3, 8));
            randomiseBiases(block, m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(2, 3, 8));
            NDArray memory = m.randomNormal(new Shape(2, 7, 8));
            NDArray mask = Masks.forAttention(null, Masks.padding(m, new int[] {7, 4}, 7));
            NDArray direct = block.attend(ps, x, memory, mask, false).output();
            MultiHeadAttention.KeysValues projected = block.keysValues(ps, memory, false);
            assertEquals(new Shape(2, 4, 7, 2), projected.keys().getShape());
            assertEquals(new Shape(2, 4, 7, 2), projected.values().getShape());
            // the way a decoder keeps it: appended once to a cache whose capacity is the source length
            try (KvCache cross = new KvCache(m, 1, 7)) {
                cross.append(0, projected);
                NDArray viaCache = block.attend(ps, x, cross.get(0, m), mask, false).output();
                assertArrayEquals(direct.toFloatArray(), viaCache.toFloatArray(), 1e-6f);
            }
            // kept in its own manager for a whole decoding, the projected memory gets nothing attached per step
            try (NDManager encoderScope = m.newSubManager()) {
                MultiHeadAttention.KeysValues kept = block.keysValues(ps, encoderScope.randomNormal(new Shape(2, 7, 8)), false);
                int before = encoderScope.getManagedArrays().size();
                for (int step = 0; step < 3; step++) {
                    try (NDManager decoderStep = m.newSubManager()) {
                        block.attend(ps, decoderStep.randomNormal(new Shape(2, 1, 8)), kept, null, false);
                    }
                }
                assertEquals(before, encoderScope.getManagedArrays().size());
            }
        }
    }

    private static void copy(NDArray from, ai.djl.nn.Block linear, String name) {
        for (var p : linear.getParameters()) {
            if (p.getKey().equals(name)) {
                from.copyTo(p.getValue().getArray());
                return;
            }
        }
        throw new IllegalStateException("no parameter " + name + " in " + linear);
    }

    private static void randomiseBiases(MultiHeadAttention block, NDManager m) {
        for (var p : block.getParameters()) {
            Parameter param = p.getValue();
            if (param.getType() == Parameter.Type.BIAS) {
                NDArray array = param.getArray();
                array.addi(m.randomNormal(array.getShape()).mul(0.1));
            }
        }
    }
}
