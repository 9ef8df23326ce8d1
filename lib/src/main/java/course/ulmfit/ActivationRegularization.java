package course.ulmfit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import course.nn.Losses;
import course.nn.NativeArrays;

/**
 * Activation regularisation (AR) and temporal activation regularisation (TAR) (Merity, McCann &amp; Socher 2017;
 * AWD-LSTM, Merity et al. 2017, §4.6), two penalties on the last LSTM layer's outputs h_t (B, T, C) added to the loss:
 *
 * <pre>
 *   AR  = α · mean(m ⊙ h_t)²                   on the outputs <em>after</em> dropout: keeps activations small
 *   TAR = β · mean(h_t − h_{t−1})²             on the outputs <em>before</em> dropout: keeps them from jumping
 *                                              between neighbouring steps (slowness)
 * </pre>
 *
 * Means over every unit of every real position (AWD-LSTM's code: {@code dropped_h.pow(2).mean()} and
 * {@code (h[1:] − h[:−1]).pow(2).mean()}). With a mask (B, T) of real positions, padding is left out: AR averages
 * over real positions, TAR over pairs (t − 1, t) that are both real. A batch with no such pair gives 0.
 *
 * @param alpha α ≥ 0 (AWD-LSTM and ULMFiT: 2)
 * @param beta  β ≥ 0 (AWD-LSTM and ULMFiT: 1)
 */
public record ActivationRegularization(double alpha, double beta) {

    public ActivationRegularization {
        if (!(alpha >= 0) || !(beta >= 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("AR alpha and TAR beta must be finite numbers >= 0 (AWD-LSTM: 2 and 1), got alpha="
                    + alpha + ", beta=" + beta);
        }
    }

    /** AWD-LSTM's α = 2, β = 1. */
    public static ActivationRegularization awdLstm() {
        return new ActivationRegularization(2, 1);
    }

    /** No penalty. */
    public static ActivationRegularization none() {
        return new ActivationRegularization(0, 0);
    }

    /** AR + TAR, the term added to the language model's cross-entropy. */
    public NDArray penalty(NDArray dropped, NDArray raw, NDArray realOrNull) {
        return ar(dropped, realOrNull).add(tar(raw, realOrNull));
    }

    /** α · mean(h²) over the real positions of the dropped outputs h (B, T, C); realOrNull (B, T) boolean or null. */
    public NDArray ar(NDArray dropped, NDArray realOrNull) {
        check(dropped, realOrNull);
        return Losses.scaled(maskedMeanOfSquares(dropped, realOrNull), (float) alpha);
    }

    /** β · mean((h_t − h_{t−1})²) over the pairs of real positions of the undropped outputs h (B, T, C). */
    public NDArray tar(NDArray raw, NDArray realOrNull) {
        check(raw, realOrNull);
        long t = raw.getShape().get(1);
        if (t < 2) {
            return raw.getManager().zeros(new Shape(), raw.getDataType());
        }
        NDArray difference = raw.get(":, 1:, :").sub(raw.get(":, :-1, :"));                  // (B, T−1, C)
        NDArray pairs = realOrNull == null ? null : realOrNull.get(":, 1:").logicalAnd(realOrNull.get(":, :-1"));   // (B, T−1)
        return Losses.scaled(maskedMeanOfSquares(difference, pairs), (float) beta);
    }

    /** Σ m ⊙ x² / (Σ m · C), or mean(x²) without a mask; 0 when nothing is real. */
    private static NDArray maskedMeanOfSquares(NDArray x, NDArray realOrNull) {
        NDArray squares = x.square();                                                       // (B, T, C)
        if (realOrNull == null) {
            return squares.mean();
        }
        NDArray m = realOrNull.toType(x.getDataType(), false).expandDims(2);               // (B, T, 1)
        long channels = x.getShape().get(2);
        NDArray count = m.sum().mul(NativeArrays.scalar(x.getManager(), channels, x.getDataType()))
                .maximum(NativeArrays.scalar(x.getManager(), 1f, x.getDataType()));         // avoid 0 / 0
        return squares.mul(m).sum().div(count);
    }

    private static void check(NDArray h, NDArray realOrNull) {
        Shape s = h.getShape();
        if (s.dimension() != 3) {
            throw new IllegalArgumentException("AR/TAR take the last layer's outputs (B, T, C), got shape " + s);
        }
        if (realOrNull != null && (realOrNull.getDataType() != DataType.BOOLEAN || !realOrNull.getShape().equals(s.slice(0, 2)))) {
            throw new IllegalArgumentException("the mask of real positions must be boolean (B, T) = " + s.slice(0, 2) + ", got "
                    + realOrNull.getDataType() + " " + realOrNull.getShape());
        }
    }
}
