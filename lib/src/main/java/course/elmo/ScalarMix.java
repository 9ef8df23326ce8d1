package course.elmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import course.nn.Layers;
import java.util.List;

/**
 * ELMo's task-specific combination of the biLM's layers (Peters et al. 2018, eq. 1):
 *
 * <pre>
 *   ELMo_k = γ · Σ_j s_j · h_{k,j}        s = softmax(w), j = 0 … L
 * </pre>
 *
 * One weight per layer (w, learned with the task, starting equal) and one scale γ (starting at 1): the task decides
 * how much of the character layer, the first LSTM layer and the second it wants. The biLM itself stays frozen.
 */
public final class ScalarMix extends AbstractBlock {

    private final int layers;
    private final Parameter weights;   // w (L + 1)
    private final Parameter gamma;     // γ (1)

    public ScalarMix(int layers) {
        if (layers < 1) {
            throw new IllegalArgumentException("need at least one layer to mix, got " + layers);
        }
        this.layers = layers;
        weights = addParameter(Parameter.builder().setName("layerWeights").setType(Parameter.Type.WEIGHT).optShape(new Shape(layers))
                .optInitializer(Initializer.ZEROS).build());
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).optShape(new Shape(1))
                .optInitializer(Initializer.ONES).build());
    }

    /** The layers' shares s = softmax(w), (L + 1), summing to 1. */
    public NDArray shares(ParameterStore ps, NDArray like, boolean training) {
        return Layers.value(ps, weights, like, training).softmax(0);
    }

    /** The current shares and γ as plain numbers, for a table or a plot. */
    public double[] sharesNow() {
        float[] w = weights.getArray().toFloatArray();
        double max = Double.NEGATIVE_INFINITY;
        for (float v : w) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] s = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            s[i] = Math.exp(w[i] - max);
            sum += s[i];
        }
        for (int i = 0; i < w.length; i++) {
            s[i] /= sum;
        }
        return s;
    }

    public double gammaNow() {
        return gamma.getArray().toFloatArray()[0];
    }

    /** The layers, each (…, C), all the same shape → γ Σ_j s_j h_j, (…, C). */
    public NDArray forward(ParameterStore ps, List<NDArray> representations, boolean training) {
        if (representations.size() != layers) {
            throw new IllegalArgumentException("this mix has " + layers + " layer weights but got " + representations.size() + " layers");
        }
        NDArray first = representations.get(0);
        for (NDArray r : representations) {
            if (!r.getShape().equals(first.getShape())) {
                throw new IllegalArgumentException("all layers must have the same shape; got " + first.getShape() + " and " + r.getShape());
            }
        }
        NDArray stacked = NDArrays.stack(new NDList(representations), 0);                         // (L + 1, …, C)
        long[] broadcast = new long[stacked.getShape().dimension()];
        java.util.Arrays.fill(broadcast, 1);
        broadcast[0] = layers;
        NDArray s = shares(ps, first, training).reshape(new Shape(broadcast));                      // (L + 1, 1, …, 1)
        return stacked.mul(s).sum(new int[] {0}).mul(Layers.value(ps, gamma, first, training));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {}
}
