package course.ulmfit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import course.nn.NativeArrays;

/**
 * ULMFiT's concat pooling (Howard &amp; Ruder 2018, §3.3): a text's representation is its last hidden state together
 * with the max and the mean of all its hidden states, so a signal anywhere in a long text is not lost by the time the
 * last word is read.
 *
 * <pre>
 *   h_c = [h_T ; maxpool(H) ; meanpool(H)]      H = (h_1 … h_T) of the real tokens: (B, T, C) → (B, 3C)
 * </pre>
 *
 * Over the real tokens only: in a right-padded batch, h_T is each row's state at its last real token (length − 1),
 * and padding positions take no part in the max or the mean. So appending padding to a batch changes nothing, and a
 * tweet's pooled vector does not depend on the other tweets of its batch.
 */
public final class ConcatPooling {

    private ConcatPooling() {}

    /**
     * @param hidden (B, T, C) the encoder's top layer, padding after each text
     * @param real   (B, T) boolean, true at real tokens: a prefix of each row, at least one per row
     * @return (B, 3C): [last, max, mean]
     */
    public static NDArray pool(NDArray hidden, NDArray real) {
        Shape s = hidden.getShape();
        if (s.dimension() != 3 || real.getDataType() != DataType.BOOLEAN || !real.getShape().equals(s.slice(0, 2))) {
            throw new IllegalArgumentException("concat pooling needs hidden (B, T, C) and a boolean mask (B, T) of real tokens, got "
                    + s + " and " + real.getDataType() + " " + real.getShape());
        }
        long b = s.get(0);
        long c = s.get(2);
        NDArray m = real.toType(hidden.getDataType(), false).expandDims(2);                         // (B, T, 1)
        NDArray lengths = m.sum(new int[] {1});                                                      // (B, 1)
        float shortest = lengths.min().getFloat();
        if (shortest < 1) {
            throw new IllegalArgumentException("a row of the batch has no real token: every text needs at least one"
                    + " (LmVocabulary.encodeText starts each with </s>)");
        }
        NDArray mean = hidden.mul(m).sum(new int[] {1}).div(lengths);                               // (B, C)
        NDArray padding = m.sub(1).mul(NativeArrays.scalar(hidden.getManager(), 1e30f, hidden.getDataType()));   // 0 real, −1e30 padding
        NDArray max = hidden.add(padding).max(new int[] {1});                                        // (B, C)
        NDArray last = lengths.sub(1).toType(DataType.INT64, false).reshape(b, 1, 1).broadcast(new Shape(b, 1, c));  // index length − 1
        NDArray lastState = hidden.gather(last, 1).reshape(b, c);                                    // (B, C)
        return lastState.concat(max, 1).concat(mean, 1);                                             // (B, 3C)
    }
}
