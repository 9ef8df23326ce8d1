package course.batch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.nn.NativeArrays;

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

    /**
     * The batch whose row b is {@code tokens[starts[b] .. starts[b] + length)} and whose targets are the same rows one
     * token later: what both {@link LmWindows} (random starts) and {@link BpttStreams} (contiguous starts) cut.
     */
    public static LmBatch fromStarts(NDManager manager, int[] tokens, int[] starts, int length) {
        int[] x = new int[starts.length * length];
        int[] y = new int[starts.length * length];
        for (int b = 0; b < starts.length; b++) {
            System.arraycopy(tokens, starts[b], x, b * length, length);
            System.arraycopy(tokens, starts[b] + 1, y, b * length, length);
        }
        Shape shape = new Shape(starts.length, length);
        // In libtorch's memory: the embedding's and the loss's backward passes read the ids and targets
        return new LmBatch(NativeArrays.ints(manager, x, shape), NativeArrays.ints(manager, y, shape));
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
