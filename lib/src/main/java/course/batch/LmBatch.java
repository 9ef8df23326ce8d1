package course.batch;

import ai.djl.ndarray.NDArray;

/**
 * One language-model batch: {@code inputs} (B, T) int32 token ids and {@code targets} (B, T) int32, the same rows
 * shifted one token to the right, so {@code targets[b][t]} is the token that follows {@code inputs[b][t]}. Both
 * arrays are in libtorch's own memory ({@link course.nn.NativeArrays}) and belong to the manager they were made in.
 *
 * @param inputs  (B, T) int32 token ids
 * @param targets (B, T) int32 next-token ids
 */
public record LmBatch(NDArray inputs, NDArray targets) {

    public LmBatch {
        if (!inputs.getShape().equals(targets.getShape()) || inputs.getShape().dimension() != 2) {
            throw new IllegalArgumentException("inputs and targets must both be (B, T); got " + inputs.getShape()
                    + " and " + targets.getShape());
        }
    }

    /** B, the number of rows. */
    public int batchSize() {
        return (int) inputs.getShape().get(0);
    }

    /** T, the number of positions per row. */
    public int length() {
        return (int) inputs.getShape().get(1);
    }
}
