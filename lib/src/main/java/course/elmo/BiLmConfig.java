package course.elmo;

/**
 * The shape of a {@link BiLm}.
 *
 * @param encoder   the character encoder; its output width must equal {@code hidden} (layer 0 is mixed with the
 *                  LSTM layers, and the residual connection adds layers of equal width)
 * @param hidden    units per LSTM layer and direction (H)
 * @param layers    LSTM layers per direction (ELMo: 2)
 * @param vocabSize words the softmax predicts over (V), the unknown-word and sentence-end tokens included
 * @param dropout   dropout on each layer's output while training the language models
 */
public record BiLmConfig(CharCnnConfig encoder, int hidden, int layers, int vocabSize, float dropout) {

    public BiLmConfig {
        if (hidden < 1 || layers < 1 || vocabSize < 2) {
            throw new IllegalArgumentException("need hidden >= 1, layers >= 1 and vocabSize >= 2, got hidden=" + hidden + ", layers=" + layers + ", vocabSize=" + vocabSize);
        }
        if (encoder.output() != hidden) {
            throw new IllegalArgumentException("the character encoder's output (" + encoder.output() + ") must equal hidden (" + hidden
                    + "): layer 0 and the LSTM layers are mixed and added; use encoder.withOutput(" + hidden + ")");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** A CPU-sized biLM: the small character encoder, 2 layers of {@code hidden} per direction. */
    public static BiLmConfig small(int hidden, int vocabSize) {
        return new BiLmConfig(CharCnnConfig.small(hidden), hidden, 2, vocabSize, 0.1f);
    }

    public BiLmConfig withVocabSize(int v) {
        return new BiLmConfig(encoder, hidden, layers, v, dropout);
    }

    public BiLmConfig withHidden(int h) {
        return new BiLmConfig(encoder.withOutput(h), h, layers, vocabSize, dropout);
    }

    public BiLmConfig withLayers(int l) {
        return new BiLmConfig(encoder, hidden, l, vocabSize, dropout);
    }

    public BiLmConfig withDropout(float d) {
        return new BiLmConfig(encoder, hidden, layers, vocabSize, d);
    }

    public BiLmConfig withEncoder(CharCnnConfig e) {
        return new BiLmConfig(e, hidden, layers, vocabSize, dropout);
    }
}
