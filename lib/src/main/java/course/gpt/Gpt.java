package course.gpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import course.nn.Attention;
import course.nn.KvCache;
import course.nn.LayerNorm;
import course.nn.Layers;
import course.nn.Masks;
import course.nn.Mode;
import course.nn.NativeArrays;
import java.util.ArrayList;
import java.util.List;

/**
 * A GPT language model (Radford et al. 2018; GPT-2's layout, Radford et al. 2019 §2.3):
 *
 * <pre>
 *   x₀ = E[tokens] + P[0..T)                    token + learned position embeddings   (B, T, C)
 *   xₗ = GptBlockₗ(xₗ₋₁), l = 1..L              causal self-attention + MLP, pre-LN   (B, T, C)
 *   h  = LN(x_L)                                                                      (B, T, C)
 *   logits = h Eᵀ                               scores for the next token             (B, T, V)
 * </pre>
 *
 * The output layer reuses the token embedding E (weight tying, Press &amp; Wolf 2017): a token's input vector is
 * also the direction that predicts it, which saves V·C parameters and helps small models. Position t's logits are
 * the model's distribution over token t+1 given tokens 0..t; the causal mask makes sure nothing later leaks in.
 */
public final class Gpt extends AbstractBlock {

    /**
     * What one forward pass produced.
     *
     * @param logits    (B, T, V) unnormalised next-token scores
     * @param hidden    (B, T, C) the final layer norm's output: features for a classifier head (GPT-1 fine-tuning)
     * @param attention one (B, H, T, T) array of attention weights per layer, if requested; otherwise empty
     */
    public record Output(NDArray logits, NDArray hidden, List<NDArray> attention) {}

    private final GptConfig config;
    private final Parameter tokenEmbedding;      // E (V, C), also the output layer
    private final Parameter positionEmbedding;   // P (blockSize, C)
    private final List<GptBlock> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;

    public Gpt(GptConfig config) {
        this.config = config;
        tokenEmbedding = addParameter(Layers.weight("tokenEmbedding", new Shape(config.vocabSize(), config.embedding()), Layers.INIT_STD));
        positionEmbedding = addParameter(Layers.weight("positionEmbedding", new Shape(config.blockSize(), config.embedding()), Layers.INIT_STD));
        for (int l = 0; l < config.layers(); l++) {
            blocks.add(addChildBlock("block" + l, new GptBlock(config)));
        }
        finalNorm = addChildBlock("finalNorm", new LayerNorm(config.embedding(), config.bias()));
    }

    public GptConfig config() {
        return config;
    }

    /**
     * Runs the model on a batch of token ids. Everything it creates belongs to the tokens' manager.
     *
     * @param tokens (B, T) integer ids in [0, vocabSize), T ≤ blockSize
     * @param mode   {@link Mode#TRAINING} (dropout on), {@link Mode#INFERENCE}, or {@link Mode#INSPECTION} (no
     *               dropout, attention weights returned)
     */
    public Output forward(ParameterStore ps, NDArray tokens, Mode mode) {
        return forward(ps, tokens, mode.training(), mode.keepsAttention());
    }

    /**
     * The same with DJL-style flags: {@code forward(ps, tokens, mode.training(), mode.keepsAttention())}.
     *
     * @param training      true to apply dropout (and record for autograd inside a GradientCollector)
     * @param keepAttention true to return each layer's attention weights (for heatmaps)
     */
    public Output forward(ParameterStore ps, NDArray tokens, boolean training, boolean keepAttention) {
        Shape shape = tokens.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("tokens must be (B, T), got shape " + shape);
        }
        int t = (int) shape.get(1);
        if (t > config.blockSize()) {
            throw new IllegalArgumentException("sequence length T = " + t + " is longer than the block size " + config.blockSize()
                    + ": the model has no position embedding beyond it; crop the context to the last " + config.blockSize() + " tokens");
        }
        if (t < 1 || shape.get(0) < 1) {
            throw new IllegalArgumentException("tokens must hold at least one token, got shape " + shape);
        }
        checkTokenIds(tokens);
        NDManager scope = tokens.getManager();
        NDArray e = Layers.value(ps, tokenEmbedding, tokens, training);
        NDArray p = Layers.value(ps, positionEmbedding, tokens, training);
        // The embedding's backward pass scatters by the ids, so it gets a copy in libtorch's memory: the caller's
        // tokens may sit on a Java buffer that is freed before backward runs (see NativeArrays).
        NDArray ids = NativeArrays.indexCopy(tokens);                                                        // (B, T) int64
        NDArray x = ids.getNDArrayInternal().embedding(ids, e, SparseFormat.DENSE).singletonOrThrow();       // (B, T, C)
        x = x.add(p.get(scope, new NDIndex().addSliceDim(0, t)));                                            // + (T, C)
        x = Layers.dropout(x, config.dropout(), training);
        NDArray causal = Masks.causal(scope, t);                  // (T, T), made once and shared by every layer
        List<NDArray> attention = keepAttention ? new ArrayList<>(blocks.size()) : List.of();
        for (GptBlock block : blocks) {
            Attention.Result r = block.forward(ps, x, causal, training);
            x = r.output();
            if (keepAttention) {
                attention.add(r.weights());
            }
        }
        NDArray hidden = finalNorm.forward(ps, x, training);                  // (B, T, C)
        NDArray logits = Layers.linear(hidden, e, null);                      // (B, T, V): h Eᵀ, the tied output layer
        return new Output(logits, hidden, keepAttention ? List.copyOf(attention) : List.of());
    }

    /**
     * An empty {@link KvCache} for this model: one layer per block, capacity = the block size. Its arrays live in a
     * sub-manager of {@code parent}; close the cache (try-with-resources) to free them.
     */
    public KvCache newCache(NDManager parent) {
        return new KvCache(parent, config.layers(), config.blockSize());
    }

    /**
     * Incremental decoding: runs the model on the newest tokens of a sequence whose earlier tokens are already in
     * {@code cache}, and appends the new tokens' keys and values to it. The new tokens sit at positions
     * [P, P + Tnew), P = {@code cache.length()}, and get those position embeddings; their logits equal those of
     * {@link #forward(ParameterStore, NDArray, Mode)} on the whole sequence (up to float rounding) at the same
     * positions. Inference only (no dropout, no autograd graph in the cache). Start with the whole prompt (a
     * "prefill" of Tnew tokens), then feed one token per step.
     *
     * @param tokens (B, Tnew) integer ids in [0, vocabSize); B must be the same at every call on one cache
     * @return logits (B, Tnew, V), hidden (B, Tnew, C), and each layer's attention weights (B, H, Tnew, P + Tnew) if
     *         {@code keepAttention}
     * @throws IllegalArgumentException if P + Tnew exceeds the block size: the model has no position beyond it
     */
    public Output forward(ParameterStore ps, NDArray tokens, KvCache cache, boolean keepAttention) {
        Shape shape = tokens.getShape();
        if (shape.dimension() != 2 || shape.get(0) < 1 || shape.get(1) < 1) {
            throw new IllegalArgumentException("tokens must be (B, T) with at least one token, got shape " + shape);
        }
        if (cache.layers() != blocks.size() || cache.capacity() != config.blockSize()) {
            throw new IllegalArgumentException("the KV cache has " + cache.layers() + " layers and capacity " + cache.capacity()
                    + ", this model " + blocks.size() + " layers and block size " + config.blockSize() + ": make it with newCache");
        }
        int past = cache.length();
        int t = (int) shape.get(1);
        if (past + t > config.blockSize()) {
            throw new IllegalArgumentException("the KV cache holds " + past + " positions and " + t + " more would reach position "
                    + (past + t - 1) + ", past the block size " + config.blockSize() + ": the model has no position embedding"
                    + " beyond it; crop the context to the last " + config.blockSize() + " tokens and rebuild the cache from it"
                    + " (cache.clear())");
        }
        checkTokenIds(tokens);
        NDManager scope = tokens.getManager();
        NDArray e = Layers.value(ps, tokenEmbedding, tokens, false);
        NDArray p = Layers.value(ps, positionEmbedding, tokens, false);
        NDArray x = Layers.embedding(tokens, e);                                                            // (B, Tnew, C)
        x = x.add(p.get(scope, new NDIndex().addSliceDim(past, past + t)));                                  // + P[P..P+Tnew)
        // One new token may see every cached one and itself: no mask. Several (the prompt) need the causal mask,
        // offset by the P cached positions: (Tnew, P + Tnew).
        NDArray causal = t == 1 ? null : Masks.causal(scope, t, past + t);
        List<NDArray> attention = keepAttention ? new ArrayList<>(blocks.size()) : List.of();
        for (int l = 0; l < blocks.size(); l++) {
            Attention.Result r = blocks.get(l).forwardCached(ps, x, cache, l, causal);
            x = r.output();
            if (keepAttention) {
                attention.add(r.weights());
            }
        }
        NDArray hidden = finalNorm.forward(ps, x, false);                     // (B, Tnew, C)
        NDArray logits = Layers.linear(hidden, e, null);                      // (B, Tnew, V)
        return new Output(logits, hidden, keepAttention ? List.copyOf(attention) : List.of());
    }

    /** (B, T) token ids → (B, T, V) next-token logits. */
    public NDArray logits(ParameterStore ps, NDArray tokens, Mode mode) {
        return forward(ps, tokens, mode).logits();
    }

    /** (B, T) token ids → (B, T, V) next-token logits; {@code training} is DJL's flag (dropout on). */
    public NDArray logits(ParameterStore ps, NDArray tokens, boolean training) {
        return forward(ps, tokens, training, false).logits();
    }

    private void checkTokenIds(NDArray tokens) {
        DataType type = tokens.getDataType();
        if (type != DataType.INT32 && type != DataType.INT64) {
            throw new IllegalArgumentException("tokens must be int32 or int64 ids, got " + type);
        }
        long[] range = NativeArrays.idRange(tokens);
        if (range[0] < 0 || range[1] >= config.vocabSize()) {
            throw new IllegalArgumentException("token ids must be in [0, vocabSize = " + config.vocabSize() + "), got ids from "
                    + range[0] + " to " + range[1]);
        }
    }

    /** Input: [(B, T) token ids]; output: [(B, T, V) logits]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(logits(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];                                       // (B, T)
        Shape stream = new Shape(tokens.get(0), tokens.get(1), config.embedding());
        for (GptBlock block : blocks) {
            block.initialize(manager, dataType, stream);
        }
        finalNorm.initialize(manager, dataType, stream);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape tokens = inputShapes[0];
        return new Shape[] {new Shape(tokens.get(0), tokens.get(1), config.vocabSize())};
    }
}
