package course.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Attention masks: boolean arrays that say which keys each query may look at ({@code true} = may attend).
 *
 * <p>Two kinds, one reason each (Vaswani et al. 2017 §3.2.3):
 * <ul>
 *   <li><b>causal</b>: a decoder predicting token i must not see tokens after i, so query i attends to keys j ≤ i;
 *   <li><b>padding</b>: sequences of different lengths share one batch by padding the short ones; no query may
 *       attend to a padding key.
 * </ul>
 * Both are built by comparing {@code arange} vectors (DJL's {@code sequenceMask} is not implemented on the
 * PyTorch engine). {@link #forAttention} combines them into one mask that broadcasts against the attention
 * scores (B, H, Tq, Tk).
 */
public final class Masks {

    private Masks() {}

    /** (T, T) boolean: true where query i may attend to key j, i.e. j ≤ i (the lower triangle and the diagonal). */
    public static NDArray causal(NDManager manager, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be >= 1, got " + length);
        }
        NDArray positions = manager.arange(0, length, 1, DataType.INT32);   // (T,)
        NDArray keys = positions.reshape(1, length);                         // (1, T): j along the columns
        NDArray queries = positions.reshape(length, 1);                      // (T, 1): i along the rows
        return keys.lte(queries);                                            // (T, T): j <= i
    }

    /**
     * (Tq, Tk) boolean, the causal mask for the last Tq of Tk positions: query i sits at position Tk − Tq + i and may
     * attend to key j iff j ≤ Tk − Tq + i. This is what a decoder with a {@link KvCache} needs when it runs Tq new
     * positions against Tk = (cached + new) keys; {@code causal(m, T, T)} is {@link #causal(NDManager, int)}.
     */
    public static NDArray causal(NDManager manager, int queries, int keys) {
        if (queries < 1 || keys < queries) {
            throw new IllegalArgumentException("need 1 <= queries <= keys (the queries are the last of the key positions), got queries="
                    + queries + ", keys=" + keys);
        }
        NDArray keyPositions = manager.arange(0, keys, 1, DataType.INT32).reshape(1, keys);                     // (1, Tk)
        NDArray queryPositions = manager.arange(keys - queries, keys, 1, DataType.INT32).reshape(queries, 1);   // (Tq, 1)
        return keyPositions.lte(queryPositions);                                                                // (Tq, Tk)
    }

    /** (B, T) boolean: true for real tokens, false for padding, from each row's length (0 ≤ length ≤ maxLength). */
    public static NDArray padding(NDManager manager, int[] lengths, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be >= 1, got " + maxLength);
        }
        if (lengths.length == 0) {
            throw new IllegalArgumentException("lengths is empty: need one length per sequence in the batch");
        }
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > maxLength) {
                throw new IllegalArgumentException("lengths[" + b + "] = " + lengths[b] + " is outside [0, maxLength = " + maxLength + "]");
            }
        }
        NDArray positions = manager.arange(0, maxLength, 1, DataType.INT32).reshape(1, maxLength);   // (1, T)
        NDArray rowLengths = manager.create(lengths).reshape(lengths.length, 1);                   // (B, 1)
        return positions.lt(rowLengths);                                                            // (B, T): t < length_b
    }

    /**
     * Combines a causal mask (Tq, Tk) and a key-padding mask (B, Tk), either of which may be null, into one
     * boolean mask that broadcasts to (B, H, Tq, Tk): (1, 1, Tq, Tk), (B, 1, 1, Tk) or (B, 1, Tq, Tk). Returns
     * null when both are null (nothing to mask). The result lives in the manager of the first non-null input.
     */
    public static NDArray forAttention(NDArray causalOrNull, NDArray keyPaddingOrNull) {
        NDArray causal = null;
        NDArray padding = null;
        if (causalOrNull != null) {
            requireBoolean(causalOrNull, "causal mask");
            Shape s = causalOrNull.getShape();
            if (s.dimension() != 2) {
                throw new IllegalArgumentException("causal mask must be (Tq, Tk), got shape " + s);
            }
            causal = causalOrNull.reshape(1, 1, s.get(0), s.get(1));                 // (1, 1, Tq, Tk)
        }
        if (keyPaddingOrNull != null) {
            requireBoolean(keyPaddingOrNull, "key padding mask");
            Shape s = keyPaddingOrNull.getShape();
            if (s.dimension() != 2) {
                throw new IllegalArgumentException("key padding mask must be (B, Tk), got shape " + s);
            }
            padding = keyPaddingOrNull.reshape(s.get(0), 1, 1, s.get(1));            // (B, 1, 1, Tk)
        }
        if (causal == null) {
            return padding;
        }
        if (padding == null) {
            return causal;
        }
        long tk = causal.getShape().get(3);
        if (padding.getShape().get(3) != tk) {
            throw new IllegalArgumentException("the causal mask has Tk = " + tk + " keys but the padding mask has "
                    + padding.getShape().get(3));
        }
        return causal.logicalAnd(padding);                                           // (B, 1, Tq, Tk)
    }

    static void requireBoolean(NDArray mask, String what) {
        if (mask.getDataType() != DataType.BOOLEAN) {
            throw new IllegalArgumentException(what + " must be boolean (true = may attend), got " + mask.getDataType()
                    + "; build it with Masks.causal / Masks.padding or a comparison such as lt/lte");
        }
    }
}
