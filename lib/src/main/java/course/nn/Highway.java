package course.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;

/**
 * A highway layer (Srivastava, Greff &amp; Schmidhuber 2015): a learned gate between transforming the input and
 * passing it through unchanged.
 *
 * <pre>
 *   t = σ(W_T x + b_T)                    transform gate, per unit, in (0, 1)
 *   y = t ⊙ ReLU(W_H x + b_H) + (1 − t) ⊙ x
 * </pre>
 *
 * b_T starts at −2, so t ≈ 0.12 and a new layer mostly carries its input through: a stack of them starts close to
 * the identity and learns how much to transform (the paper's advice, §4). The character encoder of ELMo (02) uses
 * two after its convolutions, as Kim et al. (2016) did.
 */
public final class Highway extends PositionwiseBlock {

    private final int size;
    private final Parameter transformWeight;
    private final Parameter transformBias;
    private final Parameter gateWeight;
    private final Parameter gateBias;

    public Highway(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        this.size = size;
        transformWeight = addParameter(Layers.uniformWeight("transformWeight", new Shape(size, size), size));
        transformBias = addParameter(Layers.bias("transformBias", size));
        gateWeight = addParameter(Layers.uniformWeight("gateWeight", new Shape(size, size), size));
        gateBias = addParameter(Layers.bias("gateBias", size, new ConstantInitializer(-2f)));
    }

    /** (…, size) → (…, size). */
    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        Layers.checkLastDimension(x, size, "highway input");
        NDArray h = Layers.linear(x, Layers.value(ps, transformWeight, x, training), Layers.value(ps, transformBias, x, training))
                .getNDArrayInternal().relu();
        NDArray t = Layers.linear(x, Layers.value(ps, gateWeight, x, training), Layers.value(ps, gateBias, x, training))
                .getNDArrayInternal().sigmoid();
        return x.add(t.mul(h.sub(x)));                                 // t ⊙ h + (1 − t) ⊙ x
    }
}
