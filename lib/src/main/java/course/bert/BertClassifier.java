package course.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import course.batch.ClassificationBatch;
import course.nn.Layers;
import course.nn.Mode;

/**
 * Fine-tuning BERT for a single-text classification (Devlin et al. 2019, §4.1 and Figure 4b): "we introduce … a
 * classification layer weights W ∈ ℝ^{K×H} … we compute a standard classification loss with C and W, i.e.
 * log(softmax(CWᵀ))", C being the pooled [CLS] vector; every weight of the encoder is trained with it.
 *
 * <pre>
 *   logits = W · dropout(pooled) + b        (B, K)
 * </pre>
 *
 * The inputs are {@code [CLS] text [SEP]} (segment 0), padded after the text as {@link ClassificationBatch} does.
 */
public final class BertClassifier extends AbstractBlock {

    private final Bert bert;
    private final int classes;
    private final Parameter weight;    // (K, C)
    private final Parameter bias;      // (K)

    /** A new head on {@code bert}, pretrained or not; the encoder's weights are shared, not copied. */
    public BertClassifier(Bert bert, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        this.bert = addChildBlock("bert", bert);
        this.classes = classes;
        weight = addParameter(Layers.weight("weight", new Shape(classes, bert.config().embedding()), Layers.INIT_STD));
        bias = addParameter(Layers.bias("bias", classes));
    }

    public Bert bert() {
        return bert;
    }

    /** (B, K) logits; the batch's tokens must start with [CLS]. */
    public NDArray logits(ParameterStore ps, ClassificationBatch batch, Mode mode) {
        Bert.Output out = bert.forward(ps, batch.tokens(), null, batch.mask(), mode);
        NDArray pooled = Layers.dropout(out.pooled(), bert.config().dropout(), mode.training());
        return Layers.linear(pooled, Layers.value(ps, weight, pooled, mode.training()), Layers.value(ps, bias, pooled, mode.training()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = bert.forward(ps, inputs, training, params);
        NDArray pooled = out.get(1);
        return new NDList(Layers.linear(pooled, Layers.value(ps, weight, pooled, training), Layers.value(ps, bias, pooled, training)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        bert.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }
}
