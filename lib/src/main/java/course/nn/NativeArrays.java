package course.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays from Java data whose memory libtorch owns, for anything autograd may read during {@code backward}: batch
 * token ids, targets, one-hot selectors, constants made per step.
 *
 * <p>Why: on the CPU, DJL's {@code NDManager.create(int[] / float[] / Buffer / Number)} copies the values into a Java
 * direct buffer and hands PyTorch that buffer's address ({@code from_blob}, no copy, no deleter). Only the Java
 * {@code NDArray} keeps the buffer reachable; {@code close()} drops that reference, and the garbage collector then
 * frees the memory while PyTorch's autograd graph may still point at it. The backward pass then reads freed memory:
 * a wrong gradient, a NaN, or — when the freed memory held the token ids an embedding's backward scatters by —
 * writes far outside the gradient, which corrupts the native heap and crashes the JVM later, somewhere unrelated.
 *
 * <p>Each method here makes the Java-backed array, clones it inside libtorch (PyTorch's allocator owns the copy,
 * and the autograd graph keeps it alive by reference counting like any other tensor), and closes the Java-backed
 * original at once. The result belongs to {@code manager} like any array it creates.
 */
public final class NativeArrays {

    private NativeArrays() {}

    /** int32 ids (or any integers) of the given shape, natively owned. */
    public static NDArray ints(NDManager manager, int[] data, Shape shape) {
        return ownedCopy(manager.create(data, shape));
    }

    /** int64 values of the given shape, natively owned. */
    public static NDArray longs(NDManager manager, long[] data, Shape shape) {
        return ownedCopy(manager.create(data, shape));
    }

    /** float32 values of the given shape, natively owned. */
    public static NDArray floats(NDManager manager, float[] data, Shape shape) {
        return ownedCopy(manager.create(data, shape));
    }

    /** A boolean mask of the given shape, natively owned. */
    public static NDArray booleans(NDManager manager, boolean[] data, Shape shape) {
        return ownedCopy(manager.create(data, shape));
    }

    /** libtorch's own copy of an array made from Java data; the Java-backed original is closed at once. */
    private static NDArray ownedCopy(NDArray staging) {
        try (staging) {
            return staging.duplicate();
        }
    }

    /** A 0-dimensional array holding {@code value}, made by libtorch itself ({@code full}): no Java buffer at all. */
    public static NDArray scalar(NDManager manager, float value, DataType type) {
        return manager.full(new Shape(), value, type);
    }

    /**
     * The smallest and the largest of integer ids, {min, max}, in one small reduction read back: for a clear "ids must be
     * in [0, V)" message before an embedding lookup, instead of PyTorch's "index out of range in self".
     */
    public static long[] idRange(NDArray ids) {
        return ids.min().toType(DataType.INT64, false).reshape(1)
                .concat(ids.max().toType(DataType.INT64, false).reshape(1)).toLongArray();
    }

    /**
     * A natively owned int64 copy of integer ids (int32 or int64), in the ids' manager, for ops whose backward pass
     * reads the ids (embedding, gather). The copy is made even when {@code ids} is already int64: {@code toType} to
     * the same type returns the same array, which may sit on a caller's Java buffer.
     */
    public static NDArray indexCopy(NDArray ids) {
        DataType type = ids.getDataType();
        if (type == DataType.INT64) {
            return ids.duplicate();
        }
        if (type != DataType.INT32) {
            throw new IllegalArgumentException("ids must be int32 or int64, got " + type);
        }
        return ids.toType(DataType.INT64, false);   // int32 → int64 is a new tensor in libtorch's memory
    }
}
