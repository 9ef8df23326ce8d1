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
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import course.nn.Layers;
import java.nio.FloatBuffer;

/**
 * The classifier head on top of {@link ConcatPooling}: two linear layers with a ReLU between them, as ULMFiT's
 * (Howard &amp; Ruder 2018, §3.3: "two additional linear blocks"; fastai's {@code PoolingLinearClassifier}, sizes
 * 3C → 50 → classes, dropout 0.4 then 0.1), after a per-feature scale and shift:
 *
 * <pre>
 *   z = Linear₂(Dropout_p₂(ReLU(Linear₁(Dropout_p₁(a ⊙ h_c + b)))))     (B, 3C) → (B, hidden) → (B, classes)
 * </pre>
 *
 * Why the scale and shift. A language model's pooled states are mostly the same vector for every text: each feature
 * has a large offset shared by all tweets and a small part that differs between them (measured on notebook 03's
 * encoder: a spread across tweets of about a fifth of the spread within one vector). A ReLU unit of a fresh head then
 * sees nearly the same input for every tweet, and one large step can switch it off for all of them at once — a dead
 * head that predicts the class shares for ever. ULMFiT puts batch normalisation here, which standardises each feature
 * with the statistics of the current batch. This head keeps the effect without batch statistics:
 * {@link #standardize} sets a = 1/σ and b = −μ/σ from the features of the training texts (a data-dependent
 * initialisation, in the spirit of Salimans &amp; Kingma 2016), and from then on a and b are ordinary trained
 * parameters. A tweet's logits never depend on the other tweets of its batch, training and inference compute the same
 * function, and a checkpoint is just the weights. Before {@code standardize}, a = 1 and b = 0.
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
    private final Parameter scale;     // (3C) a
    private final Parameter shift;     // (3C) b
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
        scale = addParameter(Parameter.builder().setName("scale").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(inputSize)).optInitializer(Initializer.ONES).build());
        shift = addParameter(Parameter.builder().setName("shift").setType(Parameter.Type.BETA)
                .optShape(new Shape(inputSize)).optInitializer(Initializer.ZEROS).build());
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
        NDArray scaled = pooled.mul(Layers.value(ps, scale, pooled, training)).add(Layers.value(ps, shift, pooled, training));
        NDArray x = Layers.dropout(scaled, settings.inputDropout(), training);
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

    /**
     * Sets the scale and shift so that {@code features} — the pooled vectors of the training texts, (N, 3C) with
     * N ≥ 2 — come out with mean 0 and deviation 1 in every feature: a = 1/√(σ² + ε), b = −μ·a, ε = 1e-5. The head
     * must be initialised; call it once, before training.
     */
    public void standardize(NDArray features) {
        Shape s = features.getShape();
        if (s.dimension() != 2 || s.get(1) != inputSize || s.get(0) < 2) {
            throw new IllegalArgumentException("standardize needs the pooled features of at least 2 texts, (N, " + inputSize
                    + "), got " + s);
        }
        try (NDManager scope = features.getManager().newSubManager()) {
            NDArray x = features.toType(DataType.FLOAT64, true);   // a copy, freed with the scope
            x.attach(scope);
            NDArray mean = x.mean(new int[] {0});
            NDArray a = x.sub(mean).square().mean(new int[] {0}).add(1e-5).sqrt().pow(-1);
            NDArray b = mean.mul(a).neg();
            scale.getArray().set(FloatBuffer.wrap(a.toType(DataType.FLOAT32, false).toFloatArray()));
            shift.getArray().set(FloatBuffer.wrap(b.toType(DataType.FLOAT32, false).toFloatArray()));
        }
    }
}
