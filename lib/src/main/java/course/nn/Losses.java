package course.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Loss functions, written out so the arithmetic is visible. */
public final class Losses {

    private Losses() {}

    /**
     * Mean cross-entropy −log softmax(logits)[target] of logits (N, V) against integer targets (N); also takes
     * (B, T, V) against (B, T). Computed as log-softmax then a gather, never softmax then log: log-softmax subtracts
     * the row maximum first, so large logits cannot overflow exp() and tiny probabilities do not round to log(0).
     * Its value in nats; divide by ln 2 for bits.
     */
    public static NDArray crossEntropy(NDArray logits, NDArray targets) {
        return crossEntropyPerToken(logits, targets).mean();
    }

    /**
     * The cross-entropy of each position, unreduced: (N) or (B, T). For losses that count only some positions,
     * e.g. the language-modelling loss over the real tokens of padded sequences: {@code perToken.mul(mask).sum()
     * .div(mask.sum())}.
     */
    public static NDArray crossEntropyPerToken(NDArray logits, NDArray targets) {
        Shape ls = logits.getShape();
        Shape ts = targets.getShape();
        if (ls.dimension() < 2 || ts.dimension() != ls.dimension() - 1 || !ls.slice(0, ls.dimension() - 1).equals(ts)) {
            throw new IllegalArgumentException("logits must be (N, V) or (B, T, V) and targets (N) or (B, T) with the same "
                    + "leading dimensions, got logits " + ls + " and targets " + ts);
        }
        DataType type = targets.getDataType();
        if (type != DataType.INT32 && type != DataType.INT64) {
            throw new IllegalArgumentException("targets must be int32 or int64 class ids, got " + type);
        }
        NDArray logProbabilities = logits.logSoftmax(-1);                                         // (…, V)
        NDArray index = targets.toType(DataType.INT64, false).expandDims(-1);                     // (…, 1)
        return logProbabilities.gather(index, -1).squeeze(-1).neg();                              // (…)
    }
}
