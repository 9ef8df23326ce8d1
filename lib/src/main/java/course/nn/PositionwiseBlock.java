package course.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A block that maps one tensor to one of the same shape, (B, T, C) → (B, T, C), such as the feed-forward layer and
 * layer norm: it answers DJL's {@code forward(NDList)} and output-shape questions from its own typed
 * {@link #forward(ParameterStore, NDArray, boolean)}.
 */
public abstract class PositionwiseBlock extends AbstractBlock {

    /** (B, T, C) → (B, T, C). */
    public abstract NDArray forward(ParameterStore ps, NDArray x, boolean training);

    @Override
    protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public final Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
