package course.transformer;

/**
 * The size of an encoder–decoder Transformer (Vaswani et al. 2017), checked when it is built.
 *
 * @param sourceVocab    source-language token ids (German words for Multi30k de→en)
 * @param targetVocab    target-language token ids; the decoder's output layer scores these
 * @param maxLength      the longest source or target sequence (the positional table's length)
 * @param embedding      d_model, the width of every layer's input and output (the paper's base model: 512)
 * @param heads          h, attention heads per sub-layer; each has d_model / h dimensions (base: 8)
 * @param hidden         d_ff, the feed-forward network's inner width (base: 2048)
 * @param encoderLayers  N for the encoder (base: 6)
 * @param decoderLayers  N for the decoder (base: 6)
 * @param dropout        P_drop on the summed embeddings, attention weights and each sub-layer's output (base: 0.1)
 * @param padId          the padding id of both vocabularies: never attended to, never a target
 * @param tieOutput      the decoder's output layer reuses the target embedding (the paper's §3.4 weight sharing)
 */
public record TransformerConfig(int sourceVocab, int targetVocab, int maxLength, int embedding, int heads, int hidden,
                                int encoderLayers, int decoderLayers, float dropout, int padId, boolean tieOutput) {

    public TransformerConfig {
        if (sourceVocab < 2 || targetVocab < 2 || maxLength < 1 || embedding < 1 || heads < 1 || hidden < 1 || encoderLayers < 1 || decoderLayers < 1) {
            throw new IllegalArgumentException("need vocabularies >= 2 and maxLength, embedding, heads, hidden and layer counts >= 1, got " + sizes(
                    sourceVocab, targetVocab, maxLength, embedding, heads, hidden, encoderLayers, decoderLayers));
        }
        if (embedding % heads != 0) {
            throw new IllegalArgumentException("embedding must be a multiple of heads (each head gets embedding / heads dimensions), got embedding="
                    + embedding + ", heads=" + heads);
        }
        if (embedding % 2 != 0) {
            throw new IllegalArgumentException("embedding must be even: the sinusoidal positions pair a sine with a cosine, got " + embedding);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (padId < 0 || padId >= Math.min(sourceVocab, targetVocab)) {
            throw new IllegalArgumentException("padId must be an id of both vocabularies, in [0, " + Math.min(sourceVocab, targetVocab) + "), got " + padId);
        }
    }

    private static String sizes(int sv, int tv, int len, int c, int h, int f, int ne, int nd) {
        return "sourceVocab=" + sv + ", targetVocab=" + tv + ", maxLength=" + len + ", embedding=" + c + ", heads=" + h + ", hidden=" + f
                + ", encoderLayers=" + ne + ", decoderLayers=" + nd;
    }

    /** The paper's base model (Table 3): d_model 512, 8 heads, d_ff 2048, 6 + 6 layers, dropout 0.1. */
    public static TransformerConfig base(int sourceVocab, int targetVocab, int padId) {
        return new TransformerConfig(sourceVocab, targetVocab, 256, 512, 8, 2048, 6, 6, 0.1f, padId, true);
    }

    /** bentrevett's Multi30k Transformer: d 256, 8 heads, d_ff 512, 3 + 3 layers, dropout 0.1 (9.0M parameters with its vocabularies). */
    public static TransformerConfig multi30k(int sourceVocab, int targetVocab, int padId) {
        return new TransformerConfig(sourceVocab, targetVocab, 128, 256, 8, 512, 3, 3, 0.1f, padId, false);
    }

    public TransformerConfig withSizes(int embedding, int heads, int hidden, int encoderLayers, int decoderLayers) {
        return new TransformerConfig(sourceVocab, targetVocab, maxLength, embedding, heads, hidden, encoderLayers, decoderLayers, dropout, padId, tieOutput);
    }

    public TransformerConfig withDropout(float p) {
        return new TransformerConfig(sourceVocab, targetVocab, maxLength, embedding, heads, hidden, encoderLayers, decoderLayers, p, padId, tieOutput);
    }

    public TransformerConfig withMaxLength(int length) {
        return new TransformerConfig(sourceVocab, targetVocab, length, embedding, heads, hidden, encoderLayers, decoderLayers, dropout, padId, tieOutput);
    }

    /** d_k = d_model / h. */
    public int headSize() {
        return embedding / heads;
    }
}
