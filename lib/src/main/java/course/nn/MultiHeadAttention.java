package course.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head attention (Vaswani et al. 2017, §3.2.2):
 *
 * <pre>
 *   MultiHead(x, m) = Concat(head₁, …, head_H) Wᴼ      headᵢ = Attention(x W_iᴽ, m W_iᴷ, m W_iⱽ)
 * </pre>
 *
 * Queries come from {@code x}, keys and values from {@code memory}: the same tensor for self-attention (GPT's
 * blocks, BERT, the Transformer's encoder), the encoder's output for cross-attention (the Transformer's decoder).
 *
 * <p>The H query projections (C → D each, D = C/H) are stored side by side as one C → C matrix, and likewise for
 * keys and values; the three are stacked into one (3C, C) weight, so self-attention computes q, k and v with a
 * single matrix product and then splits the result into H heads by reshaping. Cross-attention uses the first C rows
 * on x and the other 2C rows on the memory. All heads attend in parallel as one batched product.
 *
 * <p>Decoding one token at a time, the keys and values of earlier positions need not be computed again:
 * {@link #attendCached} keeps them in a {@link KvCache}, and {@link #keysValues} projects a fixed memory (an
 * encoder's output) once for every step of a decoder.
 */
public final class MultiHeadAttention extends AbstractBlock {

    /**
     * Keys and values split into heads, (B, H, T, D) each (D = C/H): what attention reads from its memory, and what a
     * {@link KvCache} stores.
     */
    public record KeysValues(NDArray keys, NDArray values) {}

    private final int embedding;
    private final int heads;
    private final float dropout;
    private final Parameter inputWeight;     // (3C, C): rows [0, C) → q, [C, 2C) → k, [2C, 3C) → v
    private final Parameter inputBias;       // (3C) or null
    private final Parameter outputWeight;    // (C, C): Wᴼ
    private final Parameter outputBias;      // (C) or null

    /** Weights from N(0, 0.02²). */
    public MultiHeadAttention(int embedding, int heads, boolean bias, float dropout) {
        this(embedding, heads, bias, dropout, Layers.INIT_STD);
    }

    /**
     * @param dropout       applied to the attention weights and to the output while training
     * @param outputInitStd standard deviation of Wᴼ's initial values (GPT-2: 0.02/√(2L), see {@link GptBlock})
     */
    public MultiHeadAttention(int embedding, int heads, boolean bias, float dropout, float outputInitStd) {
        if (embedding < 1 || heads < 1 || embedding % heads != 0) {
            throw new IllegalArgumentException("need embedding >= 1, heads >= 1 and embedding a multiple of heads, got embedding="
                    + embedding + ", heads=" + heads);
        }
        Layers.checkDropout(dropout);
        this.embedding = embedding;
        this.heads = heads;
        this.dropout = dropout;
        inputWeight = addParameter(Layers.weight("inputWeight", new Shape(3L * embedding, embedding), Layers.INIT_STD));
        inputBias = bias ? addParameter(Layers.bias("inputBias", 3L * embedding)) : null;
        outputWeight = addParameter(Layers.weight("outputWeight", new Shape(embedding, embedding), outputInitStd));
        outputBias = bias ? addParameter(Layers.bias("outputBias", embedding)) : null;
    }

    public int heads() {
        return heads;
    }

    /**
     * Attends from every position of {@code x} to every (unmasked) position of {@code memory}.
     *
     * @param x          queries' source (B, Tq, C)
     * @param memory     keys' and values' source (B, Tk, C); pass {@code x} itself for self-attention
     * @param maskOrNull boolean, broadcastable to (B, H, Tq, Tk), true = may attend; see {@link Masks}
     * @return output (B, Tq, C) and the attention weights (B, H, Tq, Tk)
     */
    public Attention.Result attend(ParameterStore ps, NDArray x, NDArray memory, NDArray maskOrNull, boolean training) {
        Shape xs = x.getShape();
        if (xs.dimension() != 3 || xs.get(2) != embedding) {
            throw new IllegalArgumentException("x must be (B, T, C) with C = " + embedding + ", got shape " + xs);
        }
        long b = xs.get(0);
        NDArray w = Layers.value(ps, inputWeight, x, training);
        NDArray bias = inputBias == null ? null : Layers.value(ps, inputBias, x, training);
        NDArray q;
        NDArray k;
        NDArray v;
        if (memory == x) {
            NDList qkv = Layers.linear(x, w, bias).split(3, 2);                  // 3 × (B, T, C)
            q = qkv.get(0);
            k = qkv.get(1);
            v = qkv.get(2);
        } else {
            Shape ms = memory.getShape();
            if (ms.dimension() != 3 || ms.get(0) != b || ms.get(2) != embedding) {
                throw new IllegalArgumentException("memory must be (B, Tk, C) with B = " + b + " and C = " + embedding
                        + " like x " + xs + ", got shape " + ms);
            }
            // Slices of the parameters, made in x's manager (not the model's) and differentiable like any op.
            NDManager scope = x.getManager();
            NDIndex queryRows = new NDIndex().addSliceDim(0, embedding);
            NDIndex keyValueRows = new NDIndex().addSliceDim(embedding, 3L * embedding);
            q = Layers.linear(x, w.get(scope, queryRows), bias == null ? null : bias.get(scope, queryRows));          // (B, Tq, C)
            NDArray keysValues = Layers.linear(memory, w.get(scope, keyValueRows),
                    bias == null ? null : bias.get(scope, keyValueRows));                                             // (B, Tk, 2C)
            if (keysValues.getManager() != scope) {
                keysValues.attach(scope);   // memory may live longer (an encoder output reused while decoding)
            }
            NDList kv = keysValues.split(2, 2);                                                                       // 2 × (B, Tk, C)
            k = kv.get(0);
            v = kv.get(1);
        }
        // (B, T, C) → (B, H, T, D) for q, k, v; attention per head; heads side by side again; Wᴼ
        return attendHeads(ps, x, heads(q), heads(k), heads(v), maskOrNull, training);
    }

    /**
     * The keys and values of {@code memory} (B, Tk, C), projected and split into heads: (B, H, Tk, D) each. A decoder
     * whose cross-attention reads the same encoder output at every step projects it once with this, keeps the result
     * (e.g. appended once to a {@link KvCache}) and attends to it with
     * {@link #attend(ParameterStore, NDArray, KeysValues, NDArray, boolean)}. The arrays belong to memory's manager.
     */
    public KeysValues keysValues(ParameterStore ps, NDArray memory, boolean training) {
        Shape ms = memory.getShape();
        if (ms.dimension() != 3 || ms.get(2) != embedding) {
            throw new IllegalArgumentException("memory must be (B, Tk, C) with C = " + embedding + ", got shape " + ms);
        }
        NDManager scope = memory.getManager();
        NDIndex keyValueRows = new NDIndex().addSliceDim(embedding, 3L * embedding);
        NDArray w = Layers.value(ps, inputWeight, memory, training);
        NDArray bias = inputBias == null ? null : Layers.value(ps, inputBias, memory, training);
        NDList kv = Layers.linear(memory, w.get(scope, keyValueRows), bias == null ? null : bias.get(scope, keyValueRows))
                .split(2, 2);                                                                  // 2 × (B, Tk, C)
        return new KeysValues(heads(kv.get(0)), heads(kv.get(1)));                              // (B, H, Tk, D) each
    }

    /**
     * Attends from {@code x} to keys and values already projected and split into heads, e.g. a memory's from
     * {@link #keysValues} or a {@link KvCache}'s. The same result as {@link #attend(ParameterStore, NDArray, NDArray,
     * NDArray, boolean)} with the memory they were projected from. Everything computed here belongs to x's manager,
     * also when the keys and values live longer (projected once for a whole decoding).
     *
     * @param x          queries' source (B, Tq, C)
     * @param memory     keys and values (B, H, Tk, D)
     * @param maskOrNull boolean, broadcastable to (B, H, Tq, Tk)
     */
    public Attention.Result attend(ParameterStore ps, NDArray x, KeysValues memory, NDArray maskOrNull, boolean training) {
        checkQueries(x);
        Shape ks = memory.keys().getShape();
        if (ks.dimension() != 4 || ks.get(0) != x.getShape().get(0) || ks.get(1) != heads || ks.get(3) != embedding / heads) {
            throw new IllegalArgumentException("keys must be (B, H, Tk, D) with B = " + x.getShape().get(0) + ", H = " + heads
                    + ", D = " + embedding / heads + ", got shape " + ks);
        }
        NDManager scope = x.getManager();
        NDIndex queryRows = new NDIndex().addSliceDim(0, embedding);
        NDArray w = Layers.value(ps, inputWeight, x, training);
        NDArray bias = inputBias == null ? null : Layers.value(ps, inputBias, x, training);
        NDArray q = Layers.linear(x, w.get(scope, queryRows), bias == null ? null : bias.get(scope, queryRows));   // (B, Tq, C)
        return attendHeads(ps, x, heads(q), inScope(memory.keys(), scope), inScope(memory.values(), scope), maskOrNull, training);
    }

    /**
     * {@code a} itself if it belongs to {@code scope}, else a view of it that does: ops put their results in their first
     * operand's manager, and {@code k.swapAxes} on a memory kept for a whole decoding would otherwise leave one array
     * per step in the memory's long-lived manager.
     */
    private static NDArray inScope(NDArray a, NDManager scope) {
        return a.getManager() == scope ? a : a.get(scope, new NDIndex().addAllDim());
    }

    /**
     * Self-attention for the newest positions of a sequence whose earlier positions' keys and values are in
     * {@code cache}: projects q, k and v for {@code x} alone, appends k and v to the cache's {@code layer}, and
     * attends from the new queries to every cached key. For inference: no dropout, and the cache keeps no autograd
     * graph. The output equals that of {@link #attend(ParameterStore, NDArray, NDArray, NDArray, boolean)} on the
     * whole sequence, at the new positions.
     *
     * @param x          the new positions (B, Tnew, C), which sit at positions [P, P + Tnew), P = cache.length(layer)
     * @param maskOrNull boolean, broadcastable to (B, H, Tnew, P + Tnew), e.g. {@link Masks#causal(NDManager, int,
     *                   int)}; null lets every new query see every key, which is already causal when Tnew = 1
     * @return output (B, Tnew, C) and the attention weights (B, H, Tnew, P + Tnew)
     * @throws IllegalStateException if the cache has no room for Tnew more positions
     */
    public Attention.Result attendCached(ParameterStore ps, NDArray x, KvCache cache, int layer, NDArray maskOrNull) {
        checkQueries(x);
        NDArray w = Layers.value(ps, inputWeight, x, false);
        NDArray bias = inputBias == null ? null : Layers.value(ps, inputBias, x, false);
        NDList qkv = Layers.linear(x, w, bias).split(3, 2);                                   // 3 × (B, Tnew, C)
        KeysValues all = cache.append(layer, heads(qkv.get(1)), heads(qkv.get(2)));           // (B, H, P + Tnew, D) each
        return attendHeads(ps, x, heads(qkv.get(0)), all.keys(), all.values(), maskOrNull, false);
    }

    /** (B, T, C) → (B, H, T, D): the heads' columns side by side become a heads axis. */
    private NDArray heads(NDArray a) {
        Shape s = a.getShape();
        return a.reshape(s.get(0), s.get(1), heads, embedding / heads).swapAxes(1, 2);
    }

    /** Attention per head, then the heads side by side and the output projection Wᴼ: (B, Tq, C). */
    private Attention.Result attendHeads(ParameterStore ps, NDArray x, NDArray q, NDArray k, NDArray v, NDArray maskOrNull,
            boolean training) {
        Shape xs = x.getShape();
        Attention.Result perHead = Attention.scaledDotProduct(q, k, v, maskOrNull, dropout, training);
        NDArray y = perHead.output().swapAxes(1, 2).reshape(xs.get(0), xs.get(1), embedding);    // (B, Tq, C)
        y = Layers.linear(y, Layers.value(ps, outputWeight, x, training),
                outputBias == null ? null : Layers.value(ps, outputBias, x, training));         // (B, Tq, C)
        return new Attention.Result(Layers.dropout(y, dropout, training), perHead.weights());
    }

    private void checkQueries(NDArray x) {
        Shape xs = x.getShape();
        if (xs.dimension() != 3 || xs.get(2) != embedding) {
            throw new IllegalArgumentException("x must be (B, T, C) with C = " + embedding + ", got shape " + xs);
        }
    }

    /** Inputs: [x] (self-attention), [x, memory] or [x, memory, mask]; output: [(B, Tq, C)]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray memory = inputs.size() > 1 ? inputs.get(1) : x;
        NDArray mask = inputs.size() > 2 ? inputs.get(2) : null;
        return new NDList(attend(ps, x, memory, mask, training).output());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
