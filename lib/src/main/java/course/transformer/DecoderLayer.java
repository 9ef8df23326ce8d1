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
import course.nn.KvCache;
import course.nn.LayerNorm;
import course.nn.Layers;
import course.nn.MultiHeadAttention;

/**
 * One decoder layer (Vaswani et al. 2017, §3.1): "In addition to the two sub-layers in each encoder layer, the decoder
 * inserts a third sub-layer, which performs multi-head attention over the output of the encoder stack", and its
 * self-attention is masked so that "the predictions for position i can depend only on the known outputs at
 * positions less than i":
 *
 * <pre>
 *   y ← LN₁(y + MultiHeadAttention(y, y, y))        causal: target position t sees targets ≤ t
 *   y ← LN₂(y + MultiHeadAttention(y, m, m))        cross-attention: queries from y, keys and values from the encoder's m
 *   y ← LN₃(y + FFN(y))
 * </pre>
 *
 * It is {@link course.gpt.GptBlock} with the middle sub-layer added and the norms after the additions (post-LN).
 */
public final class DecoderLayer extends AbstractBlock {

    /** The stream after this layer and both attention patterns: self (B, H, T, T) and cross (B, H, T, S). */
    public record Output(NDArray output, NDArray selfWeights, NDArray crossWeights) {}

    private final MultiHeadAttention selfAttention;
    private final LayerNorm norm1;
    private final MultiHeadAttention crossAttention;
    private final LayerNorm norm2;
    private final FeedForward feedForward;
    private final LayerNorm norm3;

    public DecoderLayer(TransformerConfig config) {
        selfAttention = addChildBlock("selfAttention", new MultiHeadAttention(config.embedding(), config.heads(), true, config.dropout()));
        norm1 = addChildBlock("norm1", new LayerNorm(config.embedding(), true));
        crossAttention = addChildBlock("crossAttention", new MultiHeadAttention(config.embedding(), config.heads(), true, config.dropout()));
        norm2 = addChildBlock("norm2", new LayerNorm(config.embedding(), true));
        feedForward = addChildBlock("feedForward", new FeedForward(config.embedding(), config.hidden(), true, config.dropout(),
                Layers.INIT_STD, FeedForward.Activation.RELU));
        norm3 = addChildBlock("norm3", new LayerNorm(config.embedding(), true));
    }

    /**
     * @param y          (B, T, C) the target stream
     * @param memory     (B, S, C) the encoder's output
     * @param targetMask causal (and target padding) mask, broadcastable to (B, H, T, T)
     * @param sourceMask the source's key-padding mask, (B, 1, 1, S)
     */
    public Output forward(ParameterStore ps, NDArray y, NDArray memory, NDArray targetMask, NDArray sourceMask, boolean training) {
        Attention.Result self = selfAttention.attend(ps, y, y, targetMask, training);
        y = norm1.forward(ps, y.add(self.output()), training);
        Attention.Result cross = crossAttention.attend(ps, y, memory, sourceMask, training);
        y = norm2.forward(ps, y.add(cross.output()), training);
        y = norm3.forward(ps, y.add(feedForward.forward(ps, y, training)), training);
        return new Output(y, self.weights(), cross.weights());
    }

    /**
     * Incremental decoding: the new target positions y (B, Tnew, C) attend to the cached earlier positions of
     * {@code cache}'s layer {@code layer} (their keys and values appended there) and to the encoder memory projected
     * once ({@code memory}, per-head keys and values). Inference only.
     *
     * @param causalOrNull (Tnew, P + Tnew) when several positions are new, null for one
     */
    public Output forwardCached(ParameterStore ps, NDArray y, KvCache cache, int layer, NDArray causalOrNull,
            MultiHeadAttention.KeysValues memory, NDArray sourceMask) {
        Attention.Result self = selfAttention.attendCached(ps, y, cache, layer, causalOrNull);
        y = norm1.forward(ps, y.add(self.output()), false);
        Attention.Result cross = crossAttention.attend(ps, y, memory, sourceMask, false);
        y = norm2.forward(ps, y.add(cross.output()), false);
        y = norm3.forward(ps, y.add(feedForward.forward(ps, y, false)), false);
        return new Output(y, self.weights(), cross.weights());
    }

    /** The encoder memory's keys and values for the cross-attention, projected once per decoding. */
    public MultiHeadAttention.KeysValues crossKeysValues(ParameterStore ps, NDArray memory) {
        return crossAttention.keysValues(ps, memory, false);
    }

    /** Inputs: [y, memory, targetMask, sourceMask]; output: [(B, T, C)]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), training).output());
    }

    /** Input shapes: y (B, T, C) and memory (B, S, C). */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape y = inputShapes[0];
        selfAttention.initialize(manager, dataType, y);
        norm1.initialize(manager, dataType, y);
        crossAttention.initialize(manager, dataType, y, inputShapes.length > 1 ? inputShapes[1] : y);
        norm2.initialize(manager, dataType, y);
        feedForward.initialize(manager, dataType, y);
        norm3.initialize(manager, dataType, y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
