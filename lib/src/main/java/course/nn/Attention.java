package course.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Scaled dot-product attention (Vaswani et al. 2017, §3.2.1):
 *
 * <pre>
 *   Attention(Q, K, V) = softmax(Q Kᵀ / √D) V
 * </pre>
 *
 * Each query scores every key by a dot product; the softmax over keys turns a row of scores into weights that sum to
 * 1; the output is the weighted average of the values. Dividing by √D keeps the scores' spread independent of the
 * head size D, so the softmax does not saturate as D grows (§3.2.1, footnote 4).
 *
 * <p>A mask says which keys a query may see. Masked scores are pushed to a huge negative number before the softmax,
 * so their weight comes out exactly 0. A query row whose keys are all masked (possible with padding) would give
 * 0/0 in the softmax; here it gets weight 0 everywhere and an all-zero output instead of NaN.
 */
public final class Attention {

    /**
     * What attention computed: {@code output} (B, H, Tq, Dv), and the attention {@code weights} (B, H, Tq, Tk), the
     * softmax before any dropout: each row sums to 1 (or is all 0 for a query with no visible key). Plot these.
     */
    public record Result(NDArray output, NDArray weights) {}

    /**
     * The score a masked key gets: far below any real score (so exp() underflows to exactly 0), yet finite, so a row
     * where every key is masked gives a uniform softmax instead of −∞ − (−∞) = NaN; such rows are then zeroed.
     */
    static final float MASKED_SCORE = -1e30f;

    private Attention() {}

    /**
     * softmax(q kᵀ / √D, masked) v, with no dropout.
     *
     * @param q          queries (B, H, Tq, D); any number of leading dimensions works, as long as q, k, v agree
     * @param k          keys (B, H, Tk, D)
     * @param v          values (B, H, Tk, Dv)
     * @param maskOrNull boolean, broadcastable to (B, H, Tq, Tk), true where the query may attend to the key; see
     *                   {@link Masks}. Null: every query sees every key.
     */
    public static Result scaledDotProduct(NDArray q, NDArray k, NDArray v, NDArray maskOrNull) {
        return scaledDotProduct(q, k, v, maskOrNull, 0f, false);
    }

    /**
     * As {@link #scaledDotProduct(NDArray, NDArray, NDArray, NDArray)}, with dropout on the attention weights while
     * training (§5.4 applies dropout to sub-layer outputs; GPT and BERT also drop attention weights). The returned
     * weights are those before dropout.
     */
    public static Result scaledDotProduct(NDArray q, NDArray k, NDArray v, NDArray maskOrNull, float dropout, boolean training) {
        checkShapes(q, k, v);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        long d = q.getShape().get(q.getShape().dimension() - 1);
        NDManager scope = q.getManager();
        // Scaling q (…, Tq, D) instead of the scores (…, Tq, Tk) is the same product and touches fewer numbers when D < Tk.
        NDArray scale = Layers.scalar(q, (float) (1 / Math.sqrt(d)));
        NDArray scores = q.mul(scale).matMul(k.swapAxes(-1, -2));                          // (B, H, Tq, Tk)
        NDArray rowOpen = null;
        if (maskOrNull != null) {
            Masks.requireBoolean(maskOrNull, "attention mask");
            requireBroadcastable(maskOrNull.getShape(), scores.getShape());
            // Additive form, made in q's manager: 0 where allowed, MASKED_SCORE where not. Adding it costs nothing in
            // the backward pass (the gradient passes through unchanged).
            NDArray open = scope.zeros(maskOrNull.getShape(), q.getDataType());
            NDArray bias = NDArrays.where(maskOrNull, open, Layers.scalar(q, MASKED_SCORE));   // (…, Tq, Tk)
            scores = scores.add(bias);
            rowOpen = bias.max(new int[] {-1}, true);                 // (…, Tq, 1): 0 if the query sees a key, else MASKED_SCORE
        }
        NDArray weights = scores.softmax(-1);                                             // (B, H, Tq, Tk)
        if (rowOpen != null && rowOpen.min().toType(DataType.FLOAT32, false).getFloat() < 0) {
            // Some query sees no key at all: its softmax came out uniform over masked keys; make those rows 0.
            weights = weights.mul(rowOpen.eq(0f).toType(q.getDataType(), false));
        }
        NDArray used = training && dropout > 0 ? Layers.dropout(weights, dropout, true) : weights;
        NDArray output = used.matMul(v);                                                  // (B, H, Tq, Dv)
        return new Result(output, weights);
    }

    private static void requireBroadcastable(Shape mask, Shape scores) {
        boolean fits = mask.dimension() <= scores.dimension();
        for (int i = 1; fits && i <= mask.dimension(); i++) {
            long m = mask.get(mask.dimension() - i);
            fits = m == 1 || m == scores.get(scores.dimension() - i);
        }
        if (!fits) {
            throw new IllegalArgumentException("the mask " + mask + " does not broadcast to the attention scores " + scores
                    + " (B, H, Tq, Tk); see Masks.forAttention");
        }
    }

    private static void checkShapes(NDArray q, NDArray k, NDArray v) {
        Shape qs = q.getShape();
        Shape ks = k.getShape();
        Shape vs = v.getShape();
        int n = qs.dimension();
        if (n < 2 || ks.dimension() != n || vs.dimension() != n) {
            throw new IllegalArgumentException("q, k and v must have the same rank >= 2, e.g. (B, H, T, D); got q "
                    + qs + ", k " + ks + ", v " + vs);
        }
        if (qs.get(n - 1) != ks.get(n - 1)) {
            throw new IllegalArgumentException("q and k must have the same last dimension D, got q " + qs + ", k " + ks);
        }
        if (ks.get(n - 2) != vs.get(n - 2)) {
            throw new IllegalArgumentException("k and v must have the same number of keys Tk, got k " + ks + ", v " + vs);
        }
    }
}
