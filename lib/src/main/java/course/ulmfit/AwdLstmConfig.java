package course.ulmfit;

/**
 * The shape and the regularisation of an {@link AwdLstm} (Merity, Keskar &amp; Socher 2017), as ULMFiT uses it
 * (Howard &amp; Ruder 2018, §3.1 and §4 "Hyperparameters").
 *
 * @param vocabSize        V, the words the model reads and predicts ({@link LmVocabulary#size()}, specials included)
 * @param embedding        C, the width of the word vectors, and of the last LSTM layer (the output layer is the
 *                         embedding matrix, tied, so the last layer must produce C numbers)
 * @param hidden           H, the width of every LSTM layer but the last
 * @param layers           LSTM layers (ULMFiT: 3)
 * @param embeddingDropout whole words dropped from the embedding matrix ({@link EmbeddingDropout}; paper 0.05)
 * @param inputDropout     locked dropout on the word vectors entering layer 1 ({@link LockedDropout}; paper 0.4)
 * @param hiddenDropout    locked dropout between LSTM layers (paper 0.3)
 * @param outputDropout    locked dropout on the last layer's output, before the softmax (paper 0.4)
 * @param weightDrop       DropConnect on each layer's hidden-to-hidden matrix ({@link WeightDrop}; paper 0.5)
 * @param regularization   AR and TAR on the last layer ({@link ActivationRegularization}; α = 2, β = 1)
 */
public record AwdLstmConfig(int vocabSize, int embedding, int hidden, int layers, float embeddingDropout, float inputDropout,
                            float hiddenDropout, float outputDropout, float weightDrop, ActivationRegularization regularization) {

    public AwdLstmConfig {
        if (vocabSize < 2 || embedding < 1 || hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("need vocabSize >= 2, embedding >= 1, hidden >= 1 and layers >= 1, got vocabSize="
                    + vocabSize + ", embedding=" + embedding + ", hidden=" + hidden + ", layers=" + layers);
        }
        String[] names = {"embeddingDropout", "inputDropout", "hiddenDropout", "outputDropout", "weightDrop"};
        float[] values = {embeddingDropout, inputDropout, hiddenDropout, outputDropout, weightDrop};
        for (int i = 0; i < names.length; i++) {
            if (!(values[i] >= 0 && values[i] < 1)) {
                throw new IllegalArgumentException(names[i] + " must be in [0, 1), got " + values[i]);
            }
        }
        java.util.Objects.requireNonNull(regularization, "regularization (use ActivationRegularization.none() for no AR/TAR)");
    }

    /**
     * ULMFiT's language model (§4): embedding 400, 3 layers of 1150, dropouts 0.4 (output), 0.3 (between layers),
     * 0.4 (input), 0.05 (embedding), weight drop 0.5, AR/TAR 2 and 1. About 32M parameters at V = 30k (most of them in the three LSTM layers and the V × 400 embedding); 1.3k tokens/s
     * on 2 CPU cores — the full profile's size.
     */
    public static AwdLstmConfig paper(int vocabSize) {
        return new AwdLstmConfig(vocabSize, 400, 1150, 3, 0.05f, 0.4f, 0.3f, 0.4f, 0.5f, ActivationRegularization.awdLstm());
    }

    /**
     * A size for 2 CPU cores: 3 layers (so gradual unfreezing has layers to unfreeze), embedding 200, hidden 400, and
     * the paper's dropouts halved (fastai's {@code drop_mult = 0.5}: a short run on a small corpus underfits before it
     * overfits).
     */
    public static AwdLstmConfig cpu(int vocabSize) {
        return paper(vocabSize).withSizes(200, 400).withDropoutScale(0.5);
    }

    /** The width of layer l's input (0-based): the embedding for the first, H for the others. */
    public int layerInput(int layer) {
        checkLayer(layer);
        return layer == 0 ? embedding : hidden;
    }

    /** The width of layer l's output: C for the last (tied to the embedding), H for the others. */
    public int layerOutput(int layer) {
        checkLayer(layer);
        return layer == layers - 1 ? embedding : hidden;
    }

    /**
     * The number of parameters, from the architecture: the embedding (V·C, also the output layer), the output bias
     * (V), and per LSTM layer 4·out·(in + out) weights and 8·out biases (PyTorch's two bias vectors).
     */
    public long parameterCount() {
        long n = (long) vocabSize * embedding + vocabSize;
        for (int l = 0; l < layers; l++) {
            long in = layerInput(l);
            long out = layerOutput(l);
            n += 4 * out * (in + out) + 8 * out;
        }
        return n;
    }

    public AwdLstmConfig withVocabSize(int v) {
        return new AwdLstmConfig(v, embedding, hidden, layers, embeddingDropout, inputDropout, hiddenDropout, outputDropout, weightDrop, regularization);
    }

    public AwdLstmConfig withSizes(int c, int h) {
        return new AwdLstmConfig(vocabSize, c, h, layers, embeddingDropout, inputDropout, hiddenDropout, outputDropout, weightDrop, regularization);
    }

    public AwdLstmConfig withLayers(int l) {
        return new AwdLstmConfig(vocabSize, embedding, hidden, l, embeddingDropout, inputDropout, hiddenDropout, outputDropout, weightDrop, regularization);
    }

    /** Every dropout of the model set at once: embedding, input, hidden, output, weight drop. */
    public AwdLstmConfig withDropouts(float e, float i, float h, float o, float w) {
        return new AwdLstmConfig(vocabSize, embedding, hidden, layers, e, i, h, o, w, regularization);
    }

    /** Every dropout multiplied by {@code scale} (fastai's {@code drop_mult}); 0 turns them all off. */
    public AwdLstmConfig withDropoutScale(double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("the dropout scale must be a finite number >= 0, got " + scale);
        }
        float s = (float) scale;
        return withDropouts(embeddingDropout * s, inputDropout * s, hiddenDropout * s, outputDropout * s, weightDrop * s);
    }

    /** No dropout of any kind and no AR/TAR: the bare LSTM language model. */
    public AwdLstmConfig unregularized() {
        return withDropouts(0, 0, 0, 0, 0).withRegularization(ActivationRegularization.none());
    }

    public AwdLstmConfig withRegularization(ActivationRegularization r) {
        return new AwdLstmConfig(vocabSize, embedding, hidden, layers, embeddingDropout, inputDropout, hiddenDropout, outputDropout, weightDrop, r);
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= layers) {
            throw new IndexOutOfBoundsException("layer " + layer + " of " + layers + " (0 to " + (layers - 1) + ")");
        }
    }
}
