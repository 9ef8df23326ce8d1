package course.nn;

/**
 * What a forward pass is for, named instead of two booleans ({@code forward(ps, tokens, false, true)} is a riddle).
 * DJL's {@code training} flag turns dropout on; attention weights are returned only when asked for, since a training
 * step does not need them. Shared by the course's Transformer models (GPT, the encoder–decoder, BERT).
 */
public enum Mode {
    /** A training step inside a {@code GradientCollector}: dropout on, no attention weights kept. */
    TRAINING(true, false),
    /** Validation, sampling, prediction: dropout off, no attention weights kept. */
    INFERENCE(false, false),
    /** As {@link #INFERENCE}, and the model's output holds every layer's attention weights (for plots). */
    INSPECTION(false, true);

    private final boolean training;
    private final boolean keepAttention;

    Mode(boolean training, boolean keepAttention) {
        this.training = training;
        this.keepAttention = keepAttention;
    }

    /** DJL's {@code training} flag: whether dropout is applied. */
    public boolean training() {
        return training;
    }

    /** Whether the output's attention weights are filled. */
    public boolean keepsAttention() {
        return keepAttention;
    }

    /** {@link #TRAINING} for DJL's {@code training = true}, else {@link #INFERENCE}. */
    public static Mode of(boolean training) {
        return training ? TRAINING : INFERENCE;
    }
}
