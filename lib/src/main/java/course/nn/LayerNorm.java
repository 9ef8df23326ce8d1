package course.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/**
 * Layer normalisation over the last dimension (Ba, Kiros &amp; Hinton 2016): each vector of C numbers is shifted to
 * mean 0 and scaled to variance 1, then multiplied by a learned gain γ (and, with {@code bias}, shifted by a learned
 * β):
 *
 * <pre>
 *   LN(x) = (x − mean(x)) / √(var(x) + ε) · γ + β
 * </pre>
 *
 * Unlike DJL's {@code LayerNorm}, which normalises over every axis but the first, this one always normalises over
 * the last axis only, and it can drop β altogether (nanoGPT's {@code bias=False}), so the parameter list matches
 * the model's. One fused PyTorch kernel does the work.
 */
public final class LayerNorm extends PositionwiseBlock {

    private final int size;
    private final float epsilon;
    private final Parameter gamma;
    private final Parameter beta;    // null without bias
    private NDArray zeroShift;       // the fused kernel always takes a β; without bias it gets this constant 0

    /** ε = 1e-5, as PyTorch and GPT-2. */
    public LayerNorm(int size, boolean bias) {
        this(size, bias, 1e-5f);
    }

    /** @param epsilon added to the variance before the square root (BERT uses 1e-12) */
    public LayerNorm(int size, boolean bias, float epsilon) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        }
        this.size = size;
        this.epsilon = epsilon;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(size)).optInitializer(Initializer.ONES).build());
        beta = bias ? addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optShape(new Shape(size)).optInitializer(Initializer.ZEROS).build()) : null;
    }

    /** (…, C) → (…, C), each last-axis vector normalised. */
    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        Layers.checkLastDimension(x, size, "layer norm input");
        NDArray g = Layers.value(ps, gamma, x, training);
        NDArray b = beta != null ? Layers.value(ps, beta, x, training) : shiftOfZero(g);
        return x.getNDArrayInternal().layerNorm(x, new Shape(size), g, b, epsilon).singletonOrThrow();
    }

    private NDArray shiftOfZero(NDArray g) {
        if (zeroShift == null || zeroShift.isReleased() || zeroShift.getManager() != g.getManager()) {
            zeroShift = g.zerosLike();   // lives with γ in the model's manager; created once, not per step
        }
        return zeroShift;
    }
}
