package course.gpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import course.nn.Attention;
import course.nn.FeedForward;
import course.nn.KvCache;
import course.nn.LayerNorm;
import course.nn.Layers;
import course.nn.Masks;
import course.nn.MultiHeadAttention;

/**
 * One GPT-2 decoder block (Radford et al. 2019, §2.3): masked self-attention, then a feed-forward network, each
 * read from a layer-normalised copy of the residual stream and added back to it ("pre-LN"):
 *
 * <pre>
 *   x ← x + MultiHeadAttention(LN₁(x))        causal: position t sees positions ≤ t
 *   x ← x + FeedForward(LN₂(x))
 * </pre>
 *
 * It is the Transformer's decoder layer (Vaswani et al. 2017 §3.1) without the middle sub-layer, cross-attention to
 * an encoder: a GPT has no encoder (hence the name: a decoder layer with cross-attention is another class). GPT-1 and the original Transformer normalise after each addition ("post-LN"); moving the norm to the input of
 * each sub-block keeps an unnormalised path from the embeddings to the output, which trains more stably without a
 * long warm-up (Xiong et al. 2020). GPT-2 also scales the initial weights of the two projections that write into
 * the residual stream by 1/√(2L), L = number of blocks, because 2L branches add up along it.
 */
public final class GptBlock extends AbstractBlock {

    private final LayerNorm norm1;
    private final MultiHeadAttention attention;
    private final LayerNorm norm2;
    private final FeedForward feedForward;

    public GptBlock(GptConfig config) {
        float residualStd = (float) (Layers.INIT_STD / Math.sqrt(2.0 * config.layers()));
        norm1 = addChildBlock("norm1", new LayerNorm(config.embedding(), config.bias()));
        attention = addChildBlock("attention", new MultiHeadAttention(config.embedding(), config.heads(), config.bias(),
                config.dropout(), residualStd));
        norm2 = addChildBlock("norm2", new LayerNorm(config.embedding(), config.bias()));
        feedForward = addChildBlock("feedForward", new FeedForward(config.embedding(), config.hidden(), config.bias(),
                config.dropout(), residualStd, FeedForward.Activation.GELU));
    }

    /**
     * @param x          the residual stream (B, T, C)
     * @param maskOrNull who may attend to whom, e.g. {@link Masks#causal} (T, T)
     * @return the updated stream (B, T, C) and this block's attention weights (B, H, T, T)
     */
    public Attention.Result forward(ParameterStore ps, NDArray x, NDArray maskOrNull, boolean training) {
        NDArray h = norm1.forward(ps, x, training);                                       // (B, T, C)
        Attention.Result attended = attention.attend(ps, h, h, maskOrNull, training);
        x = x.add(attended.output());                                                    // (B, T, C)
        x = x.add(feedForward.forward(ps, norm2.forward(ps, x, training), training));    // (B, T, C)
        return new Attention.Result(x, attended.weights());
    }

    /**
     * The same block for the newest positions only, with the keys and values of the earlier ones read from
     * {@code cache} (and this call's appended to it): inference, no dropout. Layer norms and the MLP work on each
     * position alone, so running them on the new positions is all the old positions would have contributed anyway.
     *
     * @param x          the residual stream at the new positions (B, Tnew, C)
     * @param layer      this block's index, which is its layer in the cache
     * @param maskOrNull (Tnew, cached + Tnew), e.g. {@link Masks#causal(NDManager, int, int)}; null when Tnew = 1
     * @return the updated stream (B, Tnew, C) and the attention weights (B, H, Tnew, cached + Tnew)
     */
    public Attention.Result forwardCached(ParameterStore ps, NDArray x, KvCache cache, int layer, NDArray maskOrNull) {
        NDArray h = norm1.forward(ps, x, false);                                          // (B, Tnew, C)
        Attention.Result attended = attention.attendCached(ps, h, cache, layer, maskOrNull);
        x = x.add(attended.output());                                                    // (B, Tnew, C)
        x = x.add(feedForward.forward(ps, norm2.forward(ps, x, false), false));          // (B, Tnew, C)
        return new Attention.Result(x, attended.weights());
    }

    /** Inputs: [x] (a causal mask is made for it) or [x, mask]; output: [(B, T, C)]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : Masks.causal(x.getManager(), (int) x.getShape().get(1));
        return new NDList(forward(ps, x, mask, training).output());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];   // (B, T, C)
        norm1.initialize(manager, dataType, x);
        attention.initialize(manager, dataType, x);
        norm2.initialize(manager, dataType, x);
        feedForward.initialize(manager, dataType, x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
