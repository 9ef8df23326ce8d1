package course.gpt;

/**
 * The size of a GPT (Radford et al. 2018, 2019): what nanoGPT calls {@code GPTConfig}, checked when it is built.
 *
 * @param vocabSize  V, the number of token ids (65 characters for Tiny Shakespeare, ~50k for GPT-2's BPE)
 * @param blockSize  the longest context the model sees: T ≤ blockSize (it has one learned position vector each)
 * @param layers     L, the number of decoder blocks
 * @param heads      H, attention heads per block; each head has D = C / H dimensions
 * @param embedding  C, the width of the residual stream
 * @param dropout    drop probability for embeddings, attention weights and residual branches (0 = off)
 * @param bias       whether linear layers and layer norms have an additive bias (GPT-2: yes; nanoGPT's presets: no)
 */
public record GptConfig(int vocabSize, int blockSize, int layers, int heads, int embedding, float dropout, boolean bias) {

    public GptConfig {
        if (vocabSize < 1 || blockSize < 1 || layers < 1 || heads < 1 || embedding < 1) {
            throw new IllegalArgumentException("vocabSize, blockSize, layers, heads and embedding must all be >= 1, got vocabSize="
                    + vocabSize + ", blockSize=" + blockSize + ", layers=" + layers + ", heads=" + heads + ", embedding=" + embedding);
        }
        if (embedding % heads != 0) {
            throw new IllegalArgumentException("embedding must be a multiple of heads (each head gets embedding / heads dimensions), got embedding="
                    + embedding + ", heads=" + heads);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /**
     * nanoGPT's run of {@code config/train_shakespeare_char.py} for a CPU, from its README ("I only have a macbook"):
     * {@code --block_size=64 --n_layer=4 --n_head=4 --n_embd=128 --dropout=0.0} (with batches of 12 and 2,000
     * iterations); no biases, about 0.8M parameters. The model nanoGPT calls its "baby GPT" is the bigger one of that
     * config file itself: {@link #shakespeareChar}.
     */
    public static GptConfig shakespeareCharOnCpu(int vocabSize) {
        return new GptConfig(vocabSize, 64, 4, 4, 128, 0f, false);
    }

    /**
     * nanoGPT's {@code config/train_shakespeare_char.py} model, its "baby GPT", for a GPU: 6 layers, 6 heads, 384
     * dimensions, block 256, dropout 0.2, no biases (about 10.7M parameters).
     */
    public static GptConfig shakespeareChar(int vocabSize) {
        return new GptConfig(vocabSize, 256, 6, 6, 384, 0.2f, false);
    }

    public GptConfig withVocabSize(int v) { return new GptConfig(v, blockSize, layers, heads, embedding, dropout, bias); }
    public GptConfig withBlockSize(int t) { return new GptConfig(vocabSize, t, layers, heads, embedding, dropout, bias); }
    public GptConfig withLayers(int l) { return new GptConfig(vocabSize, blockSize, l, heads, embedding, dropout, bias); }
    public GptConfig withHeads(int h) { return new GptConfig(vocabSize, blockSize, layers, h, embedding, dropout, bias); }
    public GptConfig withEmbedding(int c) { return new GptConfig(vocabSize, blockSize, layers, heads, c, dropout, bias); }
    public GptConfig withDropout(float p) { return new GptConfig(vocabSize, blockSize, layers, heads, embedding, p, bias); }
    public GptConfig withBias(boolean b) { return new GptConfig(vocabSize, blockSize, layers, heads, embedding, dropout, b); }

    /** D = C / H, the width of one attention head. */
    public int headSize() {
        return embedding / heads;
    }

    /** The MLP's inner width: 4C, as in GPT-1/2 and the original Transformer (d_ff = 4 d_model). */
    public int hidden() {
        return 4 * embedding;
    }

    /**
     * The number of trainable parameters, counted from the architecture (the test checks it against the real
     * model). The output layer adds nothing: it reuses the token embedding (weight tying).
     */
    public long parameterCount() {
        long c = embedding;
        long perLayer = layerNormParameters() * 2               // ln1, ln2
                + 3 * c * c + (bias ? 3 * c : 0)                // q, k, v projection
                + c * c + (bias ? c : 0)                        // attention output projection
                + c * hidden() + (bias ? hidden() : 0)          // MLP expand
                + hidden() * c + (bias ? c : 0);                // MLP project back
        return (long) vocabSize * c                             // token embedding (tied with the output layer)
                + (long) blockSize * c                          // position embedding
                + layers * perLayer
                + layerNormParameters();                        // final layer norm
    }

    /**
     * The count nanoGPT prints ("number of parameters: 0.80M"): all parameters but the position embedding. The
     * token embedding stays in because it doubles as the output layer.
     */
    public long nonEmbeddingParameterCount() {
        return parameterCount() - (long) blockSize * embedding;
    }

    private long layerNormParameters() {
        return bias ? 2L * embedding : embedding;
    }
}
