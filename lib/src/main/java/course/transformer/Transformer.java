package course.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import ai.djl.ndarray.index.NDIndex;
import course.decode.BeamSearch;
import course.nn.Attention;
import course.nn.KvCache;
import course.nn.MultiHeadAttention;
import course.nn.Layers;
import course.nn.Masks;
import course.nn.Mode;
import course.nn.NativeArrays;
import java.util.ArrayList;
import java.util.List;

/**
 * The encoder–decoder Transformer (Vaswani et al. 2017, Figure 1):
 *
 * <pre>
 *   x₀ = √d · E_src[source] + PE           source tokens, scaled, plus sinusoidal positions       (B, S, C)
 *   m  = EncoderLayer_N(… EncoderLayer_1(x₀))                                                       (B, S, C)
 *   y₀ = √d · E_tgt[target_in] + PE        the target shifted right: &lt;s&gt; y₁ … y_{T−1}              (B, T, C)
 *   y  = DecoderLayer_N(… DecoderLayer_1(y₀, m))                                                    (B, T, C)
 *   logits = y Wᵀ                          W = E_tgt when tied (§3.4)                               (B, T, V_tgt)
 * </pre>
 *
 * Position t's logits are the distribution over target token t + 1 given the whole source and the targets up to t.
 * The embeddings are multiplied by √d_model (§3.4) so that they are not drowned by the positional signal, whose
 * entries are of size 1; the embedding tables start from N(0, 1/d) so the scaled vectors have entries of size 1 too.
 *
 * <p>Padding: the source's real lengths give a key mask, so no query — in the encoder or in the decoder's
 * cross-attention — ever attends to a padding position; padded target positions are masked the same way in the
 * decoder's self-attention and are left out of the loss by the caller.
 */
public final class Transformer extends AbstractBlock {

    /**
     * The encoder's result, everything the decoder needs: the memory (B, S, C), the source key mask (B, 1, 1, S) and,
     * in {@link Mode#INSPECTION}, each layer's self-attention (B, H, S, S).
     */
    public record Encoded(NDArray memory, NDArray sourceMask, List<NDArray> attention) {

        /** The given rows (a sentence's row once per beam), without the attention weights. */
        public Encoded rows(NDArray rows) {
            NDIndex pick = new NDIndex("{}", rows);
            return new Encoded(memory.get(pick), sourceMask.get(pick), List.of());
        }
    }

    /** The decoder's result: logits (B, T, V_tgt) and, in {@link Mode#INSPECTION}, per-layer self- and cross-attention. */
    public record Decoded(NDArray logits, List<NDArray> selfAttention, List<NDArray> crossAttention) {}

    private final TransformerConfig config;
    private final Parameter sourceEmbedding;        // (V_src, C)
    private final Parameter targetEmbedding;        // (V_tgt, C), also the output layer when tied
    private final Parameter outputWeight;           // (V_tgt, C) or null when tied
    private final Parameter outputBias;             // (V_tgt)
    private final List<EncoderLayer> encoder = new ArrayList<>();
    private final List<DecoderLayer> decoder = new ArrayList<>();
    private final float[] positions;                // (maxLength, C) flattened, PE

    public Transformer(TransformerConfig config) {
        this.config = config;
        float embeddingStd = (float) (1 / Math.sqrt(config.embedding()));
        sourceEmbedding = addParameter(Layers.weight("sourceEmbedding", new Shape(config.sourceVocab(), config.embedding()), embeddingStd));
        targetEmbedding = addParameter(Layers.weight("targetEmbedding", new Shape(config.targetVocab(), config.embedding()), embeddingStd));
        outputWeight = config.tieOutput() ? null
                : addParameter(Layers.weight("outputWeight", new Shape(config.targetVocab(), config.embedding()), Layers.INIT_STD));
        outputBias = addParameter(Layers.bias("outputBias", config.targetVocab()));
        for (int l = 0; l < config.encoderLayers(); l++) {
            encoder.add(addChildBlock("encoder" + l, new EncoderLayer(config)));
        }
        for (int l = 0; l < config.decoderLayers(); l++) {
            decoder.add(addChildBlock("decoder" + l, new DecoderLayer(config)));
        }
        glorotUniform(encoder);
        glorotUniform(decoder);
        float[][] table = SinusoidalPositions.table(config.maxLength(), config.embedding());
        positions = new float[config.maxLength() * config.embedding()];
        for (int p = 0; p < table.length; p++) {
            System.arraycopy(table[p], 0, positions, p * config.embedding(), config.embedding());
        }
    }

    /**
     * The layers' matrices start from Glorot (Xavier) uniform, U(±√(6 / (fan_in + fan_out))), as in the Annotated
     * Transformer and PyTorch's {@code nn.Transformer} — not from GPT-2's N(0, 0.02²), which at d_model 256 makes the
     * attention scores q·k so small that every head starts as a plain average, and query and key weights (each
     * receiving a gradient proportional to the other) take hundreds of steps to leave that saddle.
     */
    private static void glorotUniform(List<? extends AbstractBlock> layers) {
        for (AbstractBlock layer : layers) {
            for (var entry : layer.getParameters()) {
                Parameter p = entry.getValue();
                if (p.getType() == Parameter.Type.WEIGHT) {
                    p.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3));   // √(3 / avg(fan)) = √(6 / (in + out))
                }
            }
        }
    }

    public TransformerConfig config() {
        return config;
    }

    /**
     * Runs the encoder over a batch of sources.
     *
     * @param source  (B, S) ids, each row padded with {@code padId} after its real tokens
     * @param lengths each row's number of real tokens, 1 … S
     */
    public Encoded encode(ParameterStore ps, NDArray source, int[] lengths, Mode mode) {
        int s = checkTokens(source, lengths, config.sourceVocab(), "source");
        NDManager scope = source.getManager();
        NDArray sourceMask = Masks.forAttention(null, Masks.padding(scope, lengths, s));          // (B, 1, 1, S)
        NDArray x = embed(ps, source, sourceEmbedding, mode.training());
        List<NDArray> attention = new ArrayList<>();
        for (EncoderLayer layer : encoder) {
            Attention.Result r = layer.forward(ps, x, sourceMask, mode.training());
            x = r.output();
            if (mode.keepsAttention()) {
                attention.add(r.weights());
            }
        }
        return new Encoded(x, sourceMask, List.copyOf(attention));
    }

    /**
     * Runs the decoder over the (right-shifted) targets with the encoder's result.
     *
     * @param targetIn      (B, T) ids: the start token, then the target without its last token, padded
     * @param targetLengths each row's number of real positions in {@code targetIn}, 1 … T
     */
    public Decoded decode(ParameterStore ps, Encoded encoded, NDArray targetIn, int[] targetLengths, Mode mode) {
        int t = checkTokens(targetIn, targetLengths, config.targetVocab(), "target");
        if (targetIn.getShape().get(0) != encoded.memory().getShape().get(0)) {
            throw new IllegalArgumentException("the targets' batch of " + targetIn.getShape().get(0) + " does not match the encoded batch of "
                    + encoded.memory().getShape().get(0));
        }
        NDManager scope = targetIn.getManager();
        NDArray targetMask = Masks.forAttention(Masks.causal(scope, t), Masks.padding(scope, targetLengths, t));   // (B, 1, T, T)
        NDArray y = embed(ps, targetIn, targetEmbedding, mode.training());
        List<NDArray> self = new ArrayList<>();
        List<NDArray> cross = new ArrayList<>();
        for (DecoderLayer layer : decoder) {
            DecoderLayer.Output r = layer.forward(ps, y, encoded.memory(), targetMask, encoded.sourceMask(), mode.training());
            y = r.output();
            if (mode.keepsAttention()) {
                self.add(r.selfWeights());
                cross.add(r.crossWeights());
            }
        }
        NDArray w = Layers.value(ps, config.tieOutput() ? targetEmbedding : outputWeight, y, mode.training());
        NDArray logits = Layers.linear(y, w, Layers.value(ps, outputBias, y, mode.training()));                    // (B, T, V_tgt)
        return new Decoded(logits, List.copyOf(self), List.copyOf(cross));
    }

    /** Training's forward pass in one call: encode, then decode; (B, T, V_tgt) logits. */
    public NDArray logits(ParameterStore ps, NDArray source, int[] sourceLengths, NDArray targetIn, int[] targetLengths, Mode mode) {
        return decode(ps, encode(ps, source, sourceLengths, mode), targetIn, targetLengths, mode).logits();
    }

    /**
     * A {@link BeamSearch.Decoder} over {@code encoded}'s sentences that runs the decoder over each row's whole prefix
     * at every step — the reference a KV-cached decoder must agree with. Everything it makes belongs to {@code scope}.
     */
    public BeamSearch.Decoder recomputingDecoder(ParameterStore ps, Encoded encoded, NDManager scope) {
        return BeamSearch.recomputing((sentences, prefixes) -> {
            int rows = prefixes.length, t = prefixes[0].length;
            int[] flat = new int[rows * t];
            int[] lengths = new int[rows];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(prefixes[r], 0, flat, r * t, t);
                lengths[r] = t;
            }
            Encoded picked = encoded.rows(NativeArrays.ints(scope, sentences, new Shape(rows)));
            NDArray logits = decode(ps, picked, NativeArrays.ints(scope, flat, new Shape(rows, t)), lengths, Mode.INFERENCE).logits();
            return BeamSearch.logProbabilityRows(logits.get(new NDIndex(":, -1")));
        });
    }

    /**
     * A {@link BeamSearch.Decoder} with a KV cache: each step runs the decoder on the rows' newest tokens only. The
     * self-attention keys and values of earlier positions come from a {@link KvCache} (reordered by the rows'
     * parents, as beams continue), the cross-attention's keys and values are projected from the memory once. The
     * same hypotheses as {@link #recomputingDecoder}, up to float rounding. Close the returned decoder to free its
     * cache.
     */
    public CachedDecoder cachedDecoder(ParameterStore ps, Encoded encoded, NDManager scope) {
        return new CachedDecoder(ps, encoded, scope);
    }

    /** See {@link #cachedDecoder}. */
    public final class CachedDecoder implements BeamSearch.Decoder, AutoCloseable {
        private final ParameterStore ps;
        private final Encoded encoded;
        private final NDManager scope;
        private final KvCache cache;
        private final List<MultiHeadAttention.KeysValues> memory = new ArrayList<>();   // per layer, (B_sentences, H, S, D)
        private int[] sentences;                                                         // the sentence of each previous row

        private CachedDecoder(ParameterStore ps, Encoded encoded, NDManager scope) {
            this.ps = ps;
            this.encoded = encoded;
            this.scope = scope;
            this.cache = new KvCache(scope, decoder.size(), config.maxLength());
            for (DecoderLayer layer : decoder) {
                memory.add(layer.crossKeysValues(ps, encoded.memory()));
            }
        }

        @Override
        public float[][] next(int[] parents, int[] lastTokens) {
            int rows = parents.length;
            int[] rowSentence = new int[rows];
            for (int r = 0; r < rows; r++) rowSentence[r] = sentences == null ? parents[r] : sentences[parents[r]];
            if (sentences != null) {
                cache.selectRows(parents);
            }
            sentences = rowSentence;
            int position = cache.length();
            if (position >= config.maxLength()) {
                throw new IllegalStateException("the target reached the model's limit maxLength = " + config.maxLength()
                        + "; decode with BeamSearch.Settings.maxLength < " + config.maxLength());
            }
            try (NDManager step = scope.newSubManager()) {
                NDIndex pick = new NDIndex("{}", NativeArrays.ints(step, rowSentence, new Shape(rows)));
                NDArray tokens = NativeArrays.ints(step, lastTokens, new Shape(rows, 1));
                NDArray y = embed(ps, tokens, targetEmbedding, false, position);                        // (rows, 1, C)
                NDArray sourceMask = encoded.sourceMask().get(step, pick);
                for (int l = 0; l < decoder.size(); l++) {
                    MultiHeadAttention.KeysValues m = memory.get(l);
                    MultiHeadAttention.KeysValues rowsMemory = new MultiHeadAttention.KeysValues(m.keys().get(step, pick), m.values().get(step, pick));
                    y = decoder.get(l).forwardCached(ps, y, cache, l, null, rowsMemory, sourceMask).output();
                }
                NDArray w = Layers.value(ps, config.tieOutput() ? targetEmbedding : outputWeight, y, false);
                NDArray logits = Layers.linear(y.squeeze(1), w, Layers.value(ps, outputBias, y, false));    // (rows, V)
                return BeamSearch.logProbabilityRows(logits);
            }
        }

        @Override
        public void close() {
            cache.close();
        }
    }

    /** √d · E[ids] + PE[0 … T), then dropout: (B, T) → (B, T, C). */
    private NDArray embed(ParameterStore ps, NDArray ids, Parameter table, boolean training) {
        return embed(ps, ids, table, training, 0);
    }

    /** The same for positions [offset, offset + T): the newest tokens of an incrementally decoded target. */
    private NDArray embed(ParameterStore ps, NDArray ids, Parameter table, boolean training, int offset) {
        int t = Math.toIntExact(ids.getShape().get(1));
        int c = config.embedding();
        NDManager scope = ids.getManager();
        NDArray e = Layers.embedding(ids, Layers.value(ps, table, ids, training));                               // (B, T, C)
        float[] pe = java.util.Arrays.copyOfRange(positions, offset * c, (offset + t) * c);
        NDArray x = e.mul(NativeArrays.scalar(scope, (float) Math.sqrt(c), e.getDataType()))
                .add(NativeArrays.floats(scope, pe, new Shape(t, c)));
        return Layers.dropout(x, config.dropout(), training);
    }

    private int checkTokens(NDArray tokens, int[] lengths, int vocabulary, String what) {
        Shape shape = tokens.getShape();
        if (shape.dimension() != 2 || shape.get(0) < 1 || shape.get(1) < 1) {
            throw new IllegalArgumentException(what + " tokens must be (B, T) with B, T >= 1, got shape " + shape);
        }
        int t = Math.toIntExact(shape.get(1));
        if (t > config.maxLength()) {
            throw new IllegalArgumentException(what + " length " + t + " is longer than the model's limit maxLength = " + config.maxLength()
                    + ": drop or cut the longer sentences, or build the model with a larger maxLength");
        }
        if (lengths.length != shape.get(0)) {
            throw new IllegalArgumentException("need one " + what + " length per row: " + lengths.length + " lengths for " + shape.get(0) + " rows");
        }
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 1 || lengths[b] > t) {
                throw new IllegalArgumentException(what + " row " + b + " has length " + lengths[b] + (lengths[b] < 1
                        ? ": an empty " + what + " leaves attention nothing to attend to; give every sentence at least one token (an end token will do)"
                        : ", more than the " + t + " positions of the batch"));
            }
        }
        DataType type = tokens.getDataType();
        if (type != DataType.INT32 && type != DataType.INT64) {
            throw new IllegalArgumentException(what + " tokens must be int32 or int64 ids, got " + type);
        }
        long[] range = NativeArrays.idRange(tokens);
        if (range[0] < 0 || range[1] >= vocabulary) {
            throw new IllegalArgumentException(what + " token ids must be in [0, " + vocabulary + "), got ids from " + range[0] + " to " + range[1]);
        }
        return t;
    }

    /** Inputs: [(B, S) source, (B, T) target in], every position real; output: [(B, T, V_tgt) logits]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray source = inputs.get(0);
        NDArray target = inputs.get(1);
        int[] sourceLengths = new int[(int) source.getShape().get(0)];
        int[] targetLengths = new int[(int) target.getShape().get(0)];
        java.util.Arrays.fill(sourceLengths, (int) source.getShape().get(1));
        java.util.Arrays.fill(targetLengths, (int) target.getShape().get(1));
        return new NDList(logits(ps, source, sourceLengths, target, targetLengths, Mode.of(training)));
    }

    /** Input shapes: (B, S) source and (B, T) target ids. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape source = inputShapes[0];
        Shape target = inputShapes.length > 1 ? inputShapes[1] : source;
        Shape x = new Shape(source.get(0), source.get(1), config.embedding());
        Shape y = new Shape(target.get(0), target.get(1), config.embedding());
        for (EncoderLayer layer : encoder) {
            layer.initialize(manager, dataType, x);
        }
        for (DecoderLayer layer : decoder) {
            layer.initialize(manager, dataType, y, x);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape target = inputShapes.length > 1 ? inputShapes[1] : inputShapes[0];
        return new Shape[] {new Shape(target.get(0), target.get(1), config.targetVocab())};
    }
}
