package course.ulmfit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import course.nn.Layers;
import course.nn.NativeArrays;

/**
 * The word vectors of an {@link AwdLstm}: one matrix E (V, C), read by the input (a lookup, with
 * {@link EmbeddingDropout}) and by the output layer ({@link TiedDecoder}). Its own block so that it is its own
 * parameter group: the bottom layer for discriminative rates and gradual unfreezing. Initial values U(−0.1, 0.1), as
 * AWD-LSTM's code.
 */
public final class WordEmbedding extends AbstractBlock {

    /** AWD-LSTM's initial range for the embedding: U(−0.1, 0.1). */
    public static final float INIT_RANGE = 0.1f;

    private final int vocabSize;
    private final int size;
    private final Parameter table;   // E (V, C)

    public WordEmbedding(int vocabSize, int size) {
        if (vocabSize < 1 || size < 1) {
            throw new IllegalArgumentException("vocabSize and size must be >= 1, got " + vocabSize + ", " + size);
        }
        this.vocabSize = vocabSize;
        this.size = size;
        table = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabSize, size)).optInitializer(new UniformInitializer(INIT_RANGE)).build());
    }

    public int vocabSize() {
        return vocabSize;
    }

    public int size() {
        return size;
    }

    /** E (V, C) for one pass, as stored (no dropout). */
    public NDArray matrix(ParameterStore ps, NDArray like, boolean training) {
        return Layers.value(ps, table, like, training);
    }

    /**
     * The vectors of {@code ids} (B, T) → (B, T, C), whole words dropped by {@code dropout} when training. Ids must
     * be in [0, V): checked here, with a message, rather than by PyTorch's "index out of range in self".
     */
    public NDArray lookup(ParameterStore ps, NDArray ids, EmbeddingDropout dropout, boolean training) {
        checkIds(ids);
        NDArray e = dropout.apply(matrix(ps, ids, training), ids.getManager(), training);   // (V, C)
        return Layers.embedding(ids, e);                                                    // (B, T, C)
    }

    private void checkIds(NDArray ids) {
        DataType type = ids.getDataType();
        if (type != DataType.INT32 && type != DataType.INT64) {
            throw new IllegalArgumentException("word ids must be int32 or int64, got " + type);
        }
        if (ids.getShape().size() == 0) {
            throw new IllegalArgumentException("no word ids: the input has shape " + ids.getShape());
        }
        long[] range = NativeArrays.idRange(ids);
        if (range[0] < 0 || range[1] >= vocabSize) {
            throw new IllegalArgumentException("word ids must be in [0, vocabSize = " + vocabSize + "), got ids from " + range[0] + " to "
                    + range[1] + ": encode the text with the model's own LmVocabulary");
        }
    }

    /** Input: [(B, T) ids]; output: [(B, T, C)] without dropout. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(lookup(ps, inputs.singletonOrThrow(), new EmbeddingDropout(0), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].addAll(new Shape(size))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {}
}
