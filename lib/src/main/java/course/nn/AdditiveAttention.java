package course.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Additive attention (Bahdanau, Cho &amp; Bengio 2015, §3.1 and appendix A.1.2): how well each encoder state h_j
 * matches what the decoder is about to say, from its previous state s,
 *
 * <pre>
 *   e_j = vᵀ tanh(W s + U h_j)          a score per source position            W (A, Q), U (A, K), v (A)
 *   α   = softmax(e)                    over the real source positions only
 *   c   = Σ_j α_j h_j                   the context: a weighted average of the encoder states
 * </pre>
 *
 * "This frees the model from having to encode a whole source sentence into a fixed-length vector" — the decoder reads
 * a new average at every step. U h_j does not depend on the step, so {@link #projectKeys} computes it once per
 * sentence and every step reuses it (the paper's appendix notes the same saving).
 */
public final class AdditiveAttention extends AbstractBlock {

    /** One step's context (B, K) and attention weights (B, S). */
    public record Step(NDArray context, NDArray weights) {}

    private final int querySize;
    private final int keySize;
    private final Parameter queryWeight;   // W (A, Q)
    private final Parameter keyWeight;     // U (A, K)
    private final Parameter keyBias;       // (A)
    private final Parameter scoreWeight;   // v as (1, A)

    public AdditiveAttention(int querySize, int keySize, int attentionSize) {
        if (querySize < 1 || keySize < 1 || attentionSize < 1) {
            throw new IllegalArgumentException("sizes must be >= 1, got query " + querySize + ", key " + keySize + ", attention " + attentionSize);
        }
        this.querySize = querySize;
        this.keySize = keySize;
        queryWeight = addParameter(Layers.uniformWeight("queryWeight", new Shape(attentionSize, querySize), querySize));
        keyWeight = addParameter(Layers.uniformWeight("keyWeight", new Shape(attentionSize, keySize), keySize));
        keyBias = addParameter(Layers.bias("keyBias", attentionSize));
        scoreWeight = addParameter(Layers.uniformWeight("scoreWeight", new Shape(1, attentionSize), attentionSize));
    }

    /** U h_j + b for every source position: keys (B, S, K) → (B, S, A), once per batch of sentences. */
    public NDArray projectKeys(ParameterStore ps, NDArray keys, boolean training) {
        Layers.checkLastDimension(keys, keySize, "attention keys");
        return Layers.linear(keys, Layers.value(ps, keyWeight, keys, training), Layers.value(ps, keyBias, keys, training));
    }

    /**
     * One decoder step.
     *
     * @param query         s, the decoder's previous state (B, Q)
     * @param projectedKeys {@link #projectKeys} of the encoder states (B, S, A)
     * @param values        the encoder states h (B, S, K)
     * @param keyMask       (B, S) boolean, true at real source positions
     */
    public Step attend(ParameterStore ps, NDArray query, NDArray projectedKeys, NDArray values, NDArray keyMask, boolean training) {
        Layers.checkLastDimension(query, querySize, "attention query");
        if (keyMask.getDataType() != DataType.BOOLEAN || keyMask.getShape().dimension() != 2) {
            throw new IllegalArgumentException("keyMask must be boolean (B, S), got " + keyMask.getDataType() + " " + keyMask.getShape());
        }
        NDArray q = Layers.linear(query, Layers.value(ps, queryWeight, query, training), null).expandDims(1);   // (B, 1, A)
        NDArray scores = Layers.linear(projectedKeys.add(q).tanh(), Layers.value(ps, scoreWeight, query, training), null)
                .squeeze(2);                                                                                  // (B, S)
        NDArray masked = NDArrays.where(keyMask, scores, Layers.scalar(scores, Attention.MASKED_SCORE));    // padding → far below any score
        NDArray weights = masked.softmax(1);                                                                   // (B, S)
        NDArray context = weights.expandDims(1).matMul(values).squeeze(1);                                   // (B, K)
        return new Step(context, weights);
    }

    /** Inputs: [query (B, Q), keys (B, S, K), mask (B, S)]; output: [context (B, K), weights (B, S)]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray keys = inputs.get(1);
        Step s = attend(ps, inputs.get(0), projectKeys(ps, keys, training), keys, inputs.get(2), training);
        return new NDList(s.context(), s.weights());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape keys = inputShapes[1];
        return new Shape[] {new Shape(keys.get(0), keys.get(2)), new Shape(keys.get(0), keys.get(1))};
    }
}
