package course.transformer;

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
import course.nn.LayerNorm;
import course.nn.Layers;
import course.nn.MultiHeadAttention;

/**
 * One encoder layer (Vaswani et al. 2017, §3.1): "The first is a multi-head self-attention mechanism, and the second
 * is a simple, position-wise fully connected feed-forward network. We employ a residual connection around each of
 * the two sub-layers, followed by layer normalization" — LayerNorm(x + Sublayer(x)), the paper's "post-LN":
 *
 * <pre>
 *   x ← LN₁(x + MultiHeadAttention(x, x, x))       every source position sees every real source position
 *   x ← LN₂(x + FFN(x))                            FFN(x) = max(0, x W₁ + b₁) W₂ + b₂
 * </pre>
 *
 * Dropout is applied to each sub-layer's output before it is added (inside {@link MultiHeadAttention} and
 * {@link FeedForward}), and to the attention weights.
 */
public final class EncoderLayer extends AbstractBlock {

    private final MultiHeadAttention selfAttention;
    private final LayerNorm norm1;
    private final FeedForward feedForward;
    private final LayerNorm norm2;

    /** The Transformer's layer: ReLU, layer-norm ε = 1e-5. */
    public EncoderLayer(TransformerConfig config) {
        this(config.embedding(), config.heads(), config.hidden(), config.dropout(), FeedForward.Activation.RELU, 1e-5f);
    }

    /**
     * A layer of any post-LN encoder; BERT's (Devlin et al. 2019, §3) is this one with GELU and ε = 1e-12.
     *
     * @param embedding  the stream's width C
     * @param heads      attention heads (C must be a multiple)
     * @param hidden     the feed-forward network's inner width
     * @param dropout    on the attention weights and on each sub-layer's output
     * @param activation the feed-forward network's non-linearity
     * @param epsilon    the layer norms' ε
     */
    public EncoderLayer(int embedding, int heads, int hidden, float dropout, FeedForward.Activation activation, float epsilon) {
        selfAttention = addChildBlock("selfAttention", new MultiHeadAttention(embedding, heads, true, dropout));
        norm1 = addChildBlock("norm1", new LayerNorm(embedding, true, epsilon));
        feedForward = addChildBlock("feedForward", new FeedForward(embedding, hidden, true, dropout, Layers.INIT_STD, activation));
        norm2 = addChildBlock("norm2", new LayerNorm(embedding, true, epsilon));
    }

    /**
     * @param x          (B, S, C) the source stream
     * @param sourceMask the source's key-padding mask as {@link course.nn.Masks#forAttention} makes it, (B, 1, 1, S)
     * @return the new stream (B, S, C) and the self-attention weights (B, H, S, S)
     */
    public Attention.Result forward(ParameterStore ps, NDArray x, NDArray sourceMask, boolean training) {
        Attention.Result attended = selfAttention.attend(ps, x, x, sourceMask, training);
        x = norm1.forward(ps, x.add(attended.output()), training);
        x = norm2.forward(ps, x.add(feedForward.forward(ps, x, training)), training);
        return new Attention.Result(x, attended.weights());
    }

    /** Inputs: [x] or [x, mask]; output: [(B, S, C)]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training).output());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        selfAttention.initialize(manager, dataType, x);
        norm1.initialize(manager, dataType, x);
        feedForward.initialize(manager, dataType, x);
        norm2.initialize(manager, dataType, x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
