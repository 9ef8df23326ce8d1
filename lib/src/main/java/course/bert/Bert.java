package course.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import course.nn.Attention;
import course.nn.FeedForward;
import course.nn.LayerNorm;
import course.nn.Layers;
import course.nn.Masks;
import course.nn.Mode;
import course.nn.NativeArrays;
import course.transformer.EncoderLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * BERT's encoder (Devlin et al. 2019, §3): "a multi-layer bidirectional Transformer encoder", every position attending
 * to every real position on both sides in every layer.
 *
 * <pre>
 *   x₀ = LN(E[tokens] + S[segments] + P[0..T))      token + segment + learned position embeddings   (B, T, C)
 *   xₗ = EncoderLayerₗ(xₗ₋₁), l = 1..L               post-LN self-attention + GELU feed-forward     (B, T, C)
 *   pooled = tanh(W_p · x_L[:, 0] + b_p)             the [CLS] position, for NSP and classifiers     (B, C)
 * </pre>
 *
 * The encoder layers are notebook 04's {@link EncoderLayer} with GELU and layer-norm ε = 1e-12; padding positions are
 * masked out of every attention (keys), so appending [PAD]s changes no real position's output. The heads that turn
 * {@code hidden} into masked-word and next-sentence predictions are {@link PretrainingHeads}; a fine-tuned
 * classifier is {@link BertClassifier}.
 */
public final class Bert extends AbstractBlock {

    /**
     * What one forward pass produced.
     *
     * @param hidden    (B, T, C) the last layer's output at every position
     * @param pooled    (B, C) tanh(W_p h_[CLS] + b_p): the sentence(-pair) vector NSP and classifiers read
     * @param attention one (B, H, T, T) array of attention weights per layer with {@link Mode#INSPECTION}; else empty
     */
    public record Output(NDArray hidden, NDArray pooled, List<NDArray> attention) {}

    private final BertConfig config;
    private final Parameter tokenEmbedding;      // (V, C), shared with the masked-LM output layer
    private final Parameter segmentEmbedding;    // (2, C)
    private final Parameter positionEmbedding;   // (maxLength, C)
    private final LayerNorm embeddingNorm;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final Parameter poolerWeight;        // (C, C)
    private final Parameter poolerBias;          // (C)

    public Bert(BertConfig config) {
        this.config = config;
        int c = config.embedding();
        tokenEmbedding = addParameter(Layers.weight("tokenEmbedding", new Shape(config.vocabSize(), c), Layers.INIT_STD));
        segmentEmbedding = addParameter(Layers.weight("segmentEmbedding", new Shape(BertConfig.SEGMENTS, c), Layers.INIT_STD));
        positionEmbedding = addParameter(Layers.weight("positionEmbedding", new Shape(config.maxLength(), c), Layers.INIT_STD));
        embeddingNorm = addChildBlock("embeddingNorm", new LayerNorm(c, true, config.epsilon()));
        for (int l = 0; l < config.layers(); l++) {
            layers.add(addChildBlock("layer" + l, new EncoderLayer(c, config.heads(), config.hidden(), config.dropout(),
                    FeedForward.Activation.GELU, config.epsilon())));
        }
        poolerWeight = addParameter(Layers.weight("poolerWeight", new Shape(c, c), Layers.INIT_STD));
        poolerBias = addParameter(Layers.bias("poolerBias", c));
    }

    public BertConfig config() {
        return config;
    }

    /** The token embedding table (V, C) as the given store sees it: the masked-LM head's output layer reuses it. */
    NDArray tokenTable(ParameterStore ps, NDArray like, boolean training) {
        return Layers.value(ps, tokenEmbedding, like, training);
    }

    /**
     * Runs the encoder. Everything it creates belongs to the tokens' manager.
     *
     * @param tokens        (B, T) int ids in [0, vocabSize), T ≤ maxLength
     * @param segmentsOrNull (B, T) int segment ids, 0 or 1; null = all 0 (a single text)
     * @param realOrNull    (B, T) boolean, true at real tokens (padding false); null = no padding
     */
    public Output forward(ParameterStore ps, NDArray tokens, NDArray segmentsOrNull, NDArray realOrNull, Mode mode) {
        int t = checkTokens(tokens, segmentsOrNull, realOrNull);
        boolean training = mode.training();
        NDManager scope = tokens.getManager();
        NDArray x = Layers.embedding(tokens, tokenTable(ps, tokens, training));                                   // (B, T, C)
        if (segmentsOrNull != null) {
            x = x.add(Layers.embedding(segmentsOrNull, Layers.value(ps, segmentEmbedding, tokens, training)));    // + S[segment]
        } else {
            x = x.add(Layers.value(ps, segmentEmbedding, tokens, training).get(0));                              // + S[0]
        }
        x = x.add(Layers.value(ps, positionEmbedding, tokens, training).get(scope, new NDIndex().addSliceDim(0, t)));  // + P (T, C)
        x = Layers.dropout(embeddingNorm.forward(ps, x, training), config.dropout(), training);
        NDArray mask = realOrNull == null ? null : Masks.forAttention(null, realOrNull);                        // (B, 1, 1, T)
        List<NDArray> attention = mode.keepsAttention() ? new ArrayList<>(layers.size()) : List.of();
        for (EncoderLayer layer : layers) {
            Attention.Result r = layer.forward(ps, x, mask, training);
            x = r.output();
            if (mode.keepsAttention()) {
                attention.add(r.weights());
            }
        }
        NDArray cls = x.get(new NDIndex(":, 0"));                                                                // (B, C)
        NDArray pooled = Layers.linear(cls, Layers.value(ps, poolerWeight, x, training), Layers.value(ps, poolerBias, x, training)).tanh();
        return new Output(x, pooled, mode.keepsAttention() ? List.copyOf(attention) : List.of());
    }

    private int checkTokens(NDArray tokens, NDArray segments, NDArray real) {
        Shape shape = tokens.getShape();
        if (shape.dimension() != 2 || shape.get(0) < 1 || shape.get(1) < 1) {
            throw new IllegalArgumentException("tokens must be (B, T) with at least one token, got shape " + shape);
        }
        int t = (int) shape.get(1);
        if (t > config.maxLength()) {
            throw new IllegalArgumentException("input length T = " + t + " is longer than maxLength = " + config.maxLength()
                    + ": the model has no position embedding beyond it; truncate the pair (PairSampler does) or build a larger model");
        }
        requireIds(tokens, config.vocabSize(), "token");
        if (segments != null) {
            if (!segments.getShape().equals(shape)) {
                throw new IllegalArgumentException("segments must have the tokens' shape " + shape + ", got " + segments.getShape());
            }
            requireIds(segments, BertConfig.SEGMENTS, "segment");
        }
        if (real != null && (real.getDataType() != DataType.BOOLEAN || !real.getShape().equals(shape))) {
            throw new IllegalArgumentException("the padding mask must be boolean with the tokens' shape " + shape + " (true = real token), got "
                    + real.getDataType() + " " + real.getShape());
        }
        return t;
    }

    private static void requireIds(NDArray ids, int limit, String what) {
        DataType type = ids.getDataType();
        if (type != DataType.INT32 && type != DataType.INT64) {
            throw new IllegalArgumentException(what + " ids must be int32 or int64, got " + type);
        }
        long[] range = NativeArrays.idRange(ids);
        if (range[0] < 0 || range[1] >= limit) {
            throw new IllegalArgumentException(what + " ids must be in [0, " + limit + "), got ids from " + range[0] + " to " + range[1]);
        }
    }

    /** Inputs: [tokens] or [tokens, segments] or [tokens, segments, real]; output: [(B, T, C) hidden, (B, C) pooled]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Output out = forward(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, inputs.size() > 2 ? inputs.get(2) : null,
                Mode.of(training));
        return new NDList(out.hidden(), out.pooled());
    }

    /** Input shape: (B, T) token ids. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), config.embedding());
        embeddingNorm.initialize(manager, dataType, x);
        for (EncoderLayer layer : layers) {
            layer.initialize(manager, dataType, x);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape t = inputShapes[0];
        return new Shape[] {new Shape(t.get(0), t.get(1), config.embedding()), new Shape(t.get(0), config.embedding())};
    }
}
