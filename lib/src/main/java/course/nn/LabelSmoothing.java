package course.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Label smoothing (Szegedy et al. 2016; the Transformer's ε = 0.1, Vaswani et al. 2017 §5.4): train against a soft
 * target instead of a one-hot one,
 *
 * <pre>
 *   q = (1 − ε) · onehot(y) + ε · u         u uniform over the K classes that may be predicted
 * </pre>
 *
 * so the model is never pushed to give the right token probability 1 (its logits would have to grow without bound).
 * It "hurts perplexity, as the model learns to be more unsure, but improves accuracy and BLEU score" (the paper).
 *
 * <p>With {@code excludedClass} = −1, u covers all V classes — PyTorch's {@code cross_entropy(label_smoothing=ε)}.
 * With a padding id, u covers the other V − 1: the model is never taught to emit padding (the Annotated Transformer's
 * choice). The loss needs no (…, V) tensor of soft targets: Σ_v q_v log p_v = (1 − ε) log p_y + ε · (log p · u).
 *
 * <p>{@link #crossEntropy} is H(q, p), what PyTorch reports; {@link #klDivergence} is KL(q ‖ p) = H(q, p) − H(q), the
 * same up to a constant (so the same gradients), and 0 when p = q. Both are finite for any finite logits: the terms
 * with q_v = 0 are never formed, so there is no 0 · log 0 to become NaN — the Annotated Transformer's KL loss
 * returned inf or NaN there (its issues #38, #39, #109).
 *
 * @param epsilon       the mass moved from the true class to u, in [0, 1); 0 is plain cross-entropy
 * @param excludedClass a class u gives no mass (padding), or −1 for none
 */
public record LabelSmoothing(float epsilon, int excludedClass) {

    public LabelSmoothing {
        if (!(epsilon >= 0 && epsilon < 1)) {
            throw new IllegalArgumentException("epsilon must be in [0, 1), got " + epsilon + " (the Transformer used 0.1)");
        }
        if (excludedClass < -1) {
            throw new IllegalArgumentException("excludedClass must be a class id or -1 for none, got " + excludedClass);
        }
    }

    /** Smoothing over every class: PyTorch's {@code label_smoothing=ε}. */
    public static LabelSmoothing of(float epsilon) {
        return new LabelSmoothing(epsilon, -1);
    }

    /** The number K of classes u spreads over. */
    public int smoothedClasses(int vocabulary) {
        checkVocabulary(vocabulary);
        return excludedClass < 0 ? vocabulary : vocabulary - 1;
    }

    /** q for one target, as numbers to print or plot. */
    public double[] softTarget(int target, int vocabulary) {
        checkVocabulary(vocabulary);
        if (target < 0 || target >= vocabulary || target == excludedClass) {
            throw new IllegalArgumentException("target must be a class in [0, " + vocabulary + ") other than the excluded "
                    + excludedClass + ", got " + target);
        }
        double[] q = new double[vocabulary];
        double share = (double) epsilon / smoothedClasses(vocabulary);
        for (int v = 0; v < vocabulary; v++) {
            q[v] = v == excludedClass ? 0 : share;
        }
        q[target] += 1.0 - epsilon;
        return q;
    }

    /** H(q) in nats: the smallest value {@link #crossEntropy} can reach, the constant between it and {@link #klDivergence}. */
    public double entropy(int vocabulary) {
        int k = smoothedClasses(vocabulary);
        double share = (double) epsilon / k;
        double top = 1.0 - epsilon + share;
        return -xLogX(top) - (k - 1) * xLogX(share);
    }

    /**
     * Mean H(q, p) over the positions where {@code mask} is true (boolean, the targets' shape; padding false);
     * logits (…, V), targets (…) class ids. A mask with no true position gives 0.
     */
    public NDArray crossEntropy(NDArray logits, NDArray targets, NDArray mask) {
        Shape ls = logits.getShape();
        int vocabulary = Math.toIntExact(ls.get(ls.dimension() - 1));
        checkVocabulary(vocabulary);
        if (excludedClass >= vocabulary) {
            throw new IllegalArgumentException("excludedClass " + excludedClass + " is not a class of logits with V = " + vocabulary);
        }
        Losses.checkTargets(ls, targets);
        Losses.checkMask(mask, targets.getShape());
        NDArray logP = logits.logSoftmax(-1);                                                    // (…, V)
        NDArray index = NativeArrays.indexCopy(targets).expandDims(-1);                          // (…, 1)
        NDArray logPTarget = logP.gather(index, -1).squeeze(-1);                                 // (…)
        float[] u = new float[vocabulary];
        java.util.Arrays.fill(u, 1f / smoothedClasses(vocabulary));
        if (excludedClass >= 0) {
            u[excludedClass] = 0;
        }
        // u is copied into libtorch's memory: matMul's backward pass reads it after this method returns
        NDArray uniform = NativeArrays.floats(logits.getManager(), u, new Shape(vocabulary, 1)).toType(logP.getDataType(), false);
        NDArray logPUniform = logP.matMul(uniform).squeeze(-1);           // (…): Σ_v u_v log p_v
        NDArray perPosition = Losses.scaled(logPTarget, 1 - epsilon).add(Losses.scaled(logPUniform, epsilon)).neg();
        return Losses.maskedMean(perPosition, mask);
    }

    /** Mean KL(q ‖ p) = H(q, p) − H(q) over the masked positions: 0 at the optimum p = q. */
    public NDArray klDivergence(NDArray logits, NDArray targets, NDArray mask) {
        int vocabulary = Math.toIntExact(logits.getShape().get(logits.getShape().dimension() - 1));
        NDArray crossEntropy = crossEntropy(logits, targets, mask);
        boolean any = mask.toType(DataType.INT64, false).sum().getLong() > 0;
        return any ? crossEntropy.sub(Layers.scalar(crossEntropy, (float) entropy(vocabulary))) : crossEntropy;
    }

    private void checkVocabulary(int vocabulary) {
        if (vocabulary < (excludedClass < 0 ? 2 : 3)) {
            throw new IllegalArgumentException("label smoothing needs at least two classes to spread over, got V = " + vocabulary);
        }
    }

    private static double xLogX(double x) {
        return x == 0 ? 0 : x * Math.log(x);
    }
}
