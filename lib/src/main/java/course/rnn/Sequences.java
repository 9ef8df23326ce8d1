package course.rnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import course.nn.NativeArrays;

/** Time-axis operations on right-padded batches (B, T, C) whose rows have their own real lengths. */
public final class Sequences {

    private Sequences() {}

    /**
     * Each row's first {@code lengths[b]} positions in reverse order, the padding after them left where it is:
     * {@code [a b c _ _] → [c b a _ _]}. Applying it twice gives the input back. With {@code lengths} null every row
     * is full and the whole time axis is flipped. Differentiable (a gather along time).
     */
    public static NDArray reverse(NDArray x, int[] lengths) {
        Shape shape = x.getShape();
        if (shape.dimension() != 3) {
            throw new IllegalArgumentException("expected (B, T, C), got shape " + shape);
        }
        if (lengths == null) {
            return x.flip(1);
        }
        int b = (int) shape.get(0);
        int t = (int) shape.get(1);
        if (lengths.length != b) {
            throw new IllegalArgumentException(lengths.length + " lengths for a batch of " + b + " rows");
        }
        long[] index = new long[b * t];
        for (int row = 0; row < b; row++) {
            int n = lengths[row];
            if (n < 1 || n > t) {
                throw new IllegalArgumentException("row " + row + " has length " + n + "; lengths must be in [1, T = " + t + "]");
            }
            for (int i = 0; i < t; i++) {
                index[row * t + i] = i < n ? n - 1 - i : i;
            }
        }
        NDArray ids = NativeArrays.longs(x.getManager(), index, new Shape(b, t, 1)).broadcast(shape);  // (B, T, C)
        return x.gather(ids, 1);
    }
}
