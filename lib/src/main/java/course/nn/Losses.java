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
     * The value is in nats; divide by ln 2 for bits.
     */
    public static NDArray crossEntropy(NDArray logits, NDArray targets) {
        return perPosition(logits, targets).mean().neg();                                       // scalar
    }

    /**
     * Mean cross-entropy over the positions where {@code mask} (boolean, the shape of {@code targets}) is true:
     * padding in a batch of unequal sequences, or the 15% of tokens BERT's masked-LM loss scores. A mask with no true
     * position gives 0.
     */
    public static NDArray crossEntropy(NDArray logits, NDArray targets, NDArray mask) {
        checkMask(mask, targets.getShape());
        return maskedMean(perPosition(logits, targets).squeeze(-1), mask).neg();               // scalar
    }

    /** A loss's mask must be boolean with the targets' shape (true = scored). */
    static void checkMask(NDArray mask, Shape targetShape) {
        if (mask.getDataType() != DataType.BOOLEAN || !mask.getShape().equals(targetShape)) {
            throw new IllegalArgumentException("mask must be boolean with the targets' shape " + targetShape
                    + ", got " + mask.getDataType() + " " + mask.getShape());
        }
    }

    /** The mean of per-position values (…) over the positions where {@code mask} is true; 0 when none is. */
    static NDArray maskedMean(NDArray perPosition, NDArray mask) {
        NDArray weights = mask.toType(perPosition.getDataType(), false);                       // 1 = scored, 0 = ignored
        NDArray count = weights.sum().maximum(Layers.scalar(weights, 1f));                     // avoid 0/0
        return perPosition.mul(weights).sum().div(count);
    }

    /**
     * loss × factor, for sums of losses such as GPT-1's L_cls + λ·L_LM. Use this, not {@code loss.mul(λ)}, on
     * anything autograd records: DJL keeps a plain number in a Java buffer that can be freed before the backward pass
     * reads it (see the package notes).
     */
    public static NDArray scaled(NDArray loss, float factor) {
        return loss.mul(Layers.scalar(loss, factor));
    }

    /** log p(target) at each position: (…, 1). */
    private static NDArray perPosition(NDArray logits, NDArray targets) {
        checkTargets(logits.getShape(), targets);
        NDArray logProbabilities = logits.logSoftmax(-1);                                       // (…, V)
        // gather's backward pass reads the index: a copy in libtorch's memory, never the caller's (maybe Java) buffer
        NDArray index = NativeArrays.indexCopy(targets).expandDims(-1);                          // (…, 1)
        return logProbabilities.gather(index, -1);                                              // (…, 1)
    }

    /** Logits (…, V) and integer class targets (…) with the same leading dimensions. */
    static void checkTargets(Shape ls, NDArray targets) {
        Shape ts = targets.getShape();
        if (ls.dimension() < 2 || ts.dimension() != ls.dimension() - 1 || !ls.slice(0, ls.dimension() - 1).equals(ts)) {
            throw new IllegalArgumentException("logits must be (N, V) or (B, T, V) and targets (N) or (B, T) with the same "
                    + "leading dimensions, got logits " + ls + " and targets " + ts);
        }
        DataType type = targets.getDataType();
        if (type != DataType.INT32 && type != DataType.INT64) {
            throw new IllegalArgumentException("targets must be int32 or int64 class ids, got " + type);
        }
    }
}
