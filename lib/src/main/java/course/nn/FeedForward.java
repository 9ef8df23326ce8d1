package course.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * The position-wise feed-forward network (Vaswani et al. 2017, §3.3), with GELU as in GPT (Radford et al. 2018):
 *
 * <pre>
 *   FFN(x) = GELU(x W₁ᵀ + b₁) W₂ᵀ + b₂        W₁ (hidden, C), W₂ (C, hidden), hidden = 4C in GPT
 * </pre>
 *
 * The same two layers are applied to every position separately: attention mixes information across positions,
 * this block transforms each position's vector. The original Transformer used ReLU (§3.3); choose it with
 * {@link Activation#RELU}.
 */
public final class FeedForward extends PositionwiseBlock {

    /** The non-linearity between the two layers. */
    public enum Activation {
        /** x·Φ(x), the exact (erf) form, as PyTorch's {@code nn.GELU()} (Hendrycks &amp; Gimpel 2016); GPT, BERT. */
        GELU,
        /** max(0, x); the original Transformer. */
        RELU
    }

    private final int embedding;
    private final float dropout;
    private final Activation activation;
    private final Parameter hiddenWeight;
    private final Parameter hiddenBias;    // null without bias
    private final Parameter outputWeight;
    private final Parameter outputBias;    // null without bias

    /** GELU, weights from N(0, 0.02²). */
    public FeedForward(int embedding, int hidden, boolean bias, float dropout) {
        this(embedding, hidden, bias, dropout, Layers.INIT_STD, Activation.GELU);
    }

    /**
     * @param outputInitStd standard deviation of W₂'s initial values; GPT-2 uses 0.02/√(2L) for projections that
     *                      write into the residual stream, so that L blocks of additions keep its variance in check
     */
    public FeedForward(int embedding, int hidden, boolean bias, float dropout, float outputInitStd, Activation activation) {
        if (embedding < 1 || hidden < 1) {
            throw new IllegalArgumentException("embedding and hidden must be >= 1, got " + embedding + ", " + hidden);
        }
        Layers.checkDropout(dropout);
        this.embedding = embedding;
        this.dropout = dropout;
        this.activation = java.util.Objects.requireNonNull(activation, "activation");
        hiddenWeight = addParameter(Layers.weight("hiddenWeight", new Shape(hidden, embedding), Layers.INIT_STD));
        hiddenBias = bias ? addParameter(Layers.bias("hiddenBias", hidden)) : null;
        outputWeight = addParameter(Layers.weight("outputWeight", new Shape(embedding, hidden), outputInitStd));
        outputBias = bias ? addParameter(Layers.bias("outputBias", embedding)) : null;
    }

    /** (B, T, C) → (B, T, C); dropout on the output while training. */
    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        Layers.checkLastDimension(x, embedding, "feed-forward input");
        NDArray h = Layers.linear(x, Layers.value(ps, hiddenWeight, x, training), bias(ps, hiddenBias, x, training));  // (B, T, 4C)
        h = switch (activation) {
            case GELU -> Layers.gelu(h);
            case RELU -> h.getNDArrayInternal().relu();
        };
        NDArray y = Layers.linear(h, Layers.value(ps, outputWeight, x, training), bias(ps, outputBias, x, training));  // (B, T, C)
        return Layers.dropout(y, dropout, training);
    }

    private static NDArray bias(ParameterStore ps, Parameter b, NDArray x, boolean training) {
        return b == null ? null : Layers.value(ps, b, x, training);
    }
}
