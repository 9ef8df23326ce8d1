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
 */
public final class MultiHeadAttention extends AbstractBlock {

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
        long tq = xs.get(1);
        long d = embedding / heads;
        NDArray w = Layers.value(ps, inputWeight, x, training);
        NDArray bias = inputBias == null ? null : Layers.value(ps, inputBias, x, training);
        NDArray q;
        NDArray k;
        NDArray v;
        long tk;
        if (memory == x) {
            NDList qkv = Layers.linear(x, w, bias).split(3, 2);                  // 3 × (B, T, C)
            q = qkv.get(0);
            k = qkv.get(1);
            v = qkv.get(2);
            tk = tq;
        } else {
            Shape ms = memory.getShape();
            if (ms.dimension() != 3 || ms.get(0) != b || ms.get(2) != embedding) {
                throw new IllegalArgumentException("memory must be (B, Tk, C) with B = " + b + " and C = " + embedding
                        + " like x " + xs + ", got shape " + ms);
            }
            tk = ms.get(1);
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
        q = q.reshape(b, tq, heads, d).swapAxes(1, 2);                            // (B, H, Tq, D)
        k = k.reshape(b, tk, heads, d).swapAxes(1, 2);                            // (B, H, Tk, D)
        v = v.reshape(b, tk, heads, d).swapAxes(1, 2);                            // (B, H, Tk, D)
        Attention.Result perHead = Attention.scaledDotProduct(q, k, v, maskOrNull, dropout, training);
        NDArray y = perHead.output().swapAxes(1, 2).reshape(b, tq, embedding);     // (B, Tq, C): heads side by side
        y = Layers.linear(y, Layers.value(ps, outputWeight, x, training),
                outputBias == null ? null : Layers.value(ps, outputBias, x, training));   // (B, Tq, C)
        return new Attention.Result(Layers.dropout(y, dropout, training), perHead.weights());
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
