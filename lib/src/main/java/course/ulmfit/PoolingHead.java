package course.ulmfit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import course.nn.LayerNorm;
import course.nn.Layers;

/**
 * The classifier head on top of {@link ConcatPooling}: two linear layers with a ReLU between them, as ULMFiT's
 * (Howard &amp; Ruder 2018, §3.3: "two additional linear blocks"; fastai's {@code PoolingLinearClassifier}, sizes
 * 3C → 50 → classes, dropout 0.4 then 0.1):
 *
 * <pre>
 *   z = Linear₂(Dropout_p₂(ReLU(Linear₁(Dropout_p₁(LayerNorm(h_c))))))     (B, 3C) → (B, hidden) → (B, classes)
 * </pre>
 *
 * One deliberate change: ULMFiT normalises each block's input with batch normalisation; this head uses one layer
 * normalisation instead. Batch norm keeps running statistics that change with every training batch and makes a
 * tweet's logits depend on which batch it is in while training; layer norm has no state, so training and
 * inference compute the same function and a checkpoint is just the weights. The pooled features it normalises are
 * LSTM outputs, already in (−1, 1).
 */
public final class PoolingHead extends AbstractBlock {

    /**
     * The head's sizes.
     *
     * @param hidden        units of the middle layer (ULMFiT: 50)
     * @param classes       outputs (the tweets: 3)
     * @param inputDropout  dropout on the pooled features (ULMFiT: 0.4)
     * @param hiddenDropout dropout on the middle layer (ULMFiT: 0.1)
     */
    public record Settings(int hidden, int classes, float inputDropout, float hiddenDropout) {
        public Settings {
            if (hidden < 1 || classes < 2) {
                throw new IllegalArgumentException("need hidden >= 1 and classes >= 2, got hidden=" + hidden + ", classes=" + classes);
            }
            Layers.checkDropout(inputDropout);
            Layers.checkDropout(hiddenDropout);
        }

        /** ULMFiT's head for {@code classes} classes: 50 hidden units, dropout 0.4 and 0.1. */
        public static Settings ulmfit(int classes) {
            return new Settings(50, classes, 0.4f, 0.1f);
        }
    }

    private final int inputSize;
    private final Settings settings;
    private final LayerNorm norm;
    private final Parameter weight1;   // (hidden, 3C)
    private final Parameter bias1;
    private final Parameter weight2;   // (classes, hidden)
    private final Parameter bias2;

    /** @param inputSize the pooled width, 3C */
    public PoolingHead(int inputSize, Settings settings) {
        if (inputSize < 1) {
            throw new IllegalArgumentException("inputSize must be >= 1, got " + inputSize);
        }
        this.inputSize = inputSize;
        this.settings = settings;
        norm = addChildBlock("norm", new LayerNorm(inputSize, true));
        weight1 = addParameter(Layers.uniformWeight("weight1", new Shape(settings.hidden(), inputSize), inputSize));
        bias1 = addParameter(Layers.bias("bias1", settings.hidden()));
        weight2 = addParameter(Layers.uniformWeight("weight2", new Shape(settings.classes(), settings.hidden()), settings.hidden()));
        bias2 = addParameter(Layers.bias("bias2", settings.classes()));
    }

    public Settings settings() {
        return settings;
    }

    /** Pooled features (B, 3C) → logits (B, classes). */
    public NDArray forward(ParameterStore ps, NDArray pooled, boolean training) {
        Layers.checkLastDimension(pooled, inputSize, "the head's input");
        NDArray x = Layers.dropout(norm.forward(ps, pooled, training), settings.inputDropout(), training);
        x = Activation.relu(Layers.linear(x, Layers.value(ps, weight1, x, training), Layers.value(ps, bias1, x, training)));
        x = Layers.dropout(x, settings.hiddenDropout(), training);
        return Layers.linear(x, Layers.value(ps, weight2, x, training), Layers.value(ps, bias2, x, training));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), settings.classes())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        norm.initialize(manager, dataType, inputShapes[0]);
    }
}
