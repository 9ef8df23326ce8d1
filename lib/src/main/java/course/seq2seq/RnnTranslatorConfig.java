package course.seq2seq;

import course.rnn.RecurrentCell;

/**
 * The size of an RNN translator (Cho et al. 2014; Bahdanau et al. 2015), checked when it is built.
 *
 * @param sourceVocab    source token ids
 * @param targetVocab    target token ids
 * @param embedding      word vector width on both sides
 * @param encoderHidden  hidden units per direction of the bidirectional encoder (its states are 2 × this wide)
 * @param decoderHidden  the decoder GRU's hidden units
 * @param encoderCell    LSTM (McCann et al.'s MT-LSTM, whose states are CoVe) or GRU
 * @param attention      true: Bahdanau attention, a new context every step; false: one fixed summary vector
 *                       (the "bottleneck" of Cho et al.)
 * @param dropout        on embeddings and before the output layer
 */
public record RnnTranslatorConfig(int sourceVocab, int targetVocab, int embedding, int encoderHidden, int decoderHidden,
                                  RecurrentCell encoderCell, boolean attention, float dropout) {

    public RnnTranslatorConfig {
        if (sourceVocab < 2 || targetVocab < 2 || embedding < 1 || encoderHidden < 1 || decoderHidden < 1) {
            throw new IllegalArgumentException("need vocabularies >= 2 and positive sizes, got sourceVocab=" + sourceVocab + ", targetVocab="
                    + targetVocab + ", embedding=" + embedding + ", encoderHidden=" + encoderHidden + ", decoderHidden=" + decoderHidden);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        java.util.Objects.requireNonNull(encoderCell, "encoderCell");
    }

    public RnnTranslatorConfig withAttention(boolean on) {
        return new RnnTranslatorConfig(sourceVocab, targetVocab, embedding, encoderHidden, decoderHidden, encoderCell, on, dropout);
    }

    /** The width of the encoder's states and of the context vector: both directions side by side. */
    public int contextSize() {
        return 2 * encoderHidden;
    }
}
