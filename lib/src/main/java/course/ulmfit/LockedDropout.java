package course.ulmfit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import course.nn.Layers;

/**
 * Locked ("variational") dropout (Gal &amp; Ghahramani 2016; AWD-LSTM, Merity et al. 2017, §4.2): one dropout mask per
 * sequence, the same at every time step. Ordinary dropout draws a fresh mask at every position, so over a long
 * sequence every unit gets through somewhere and the noise averages out; a locked mask removes the same units for the
 * whole sequence, which is what regularises a recurrent network.
 *
 * <pre>
 *   m_b ~ Bernoulli(1 − p) / (1 − p)      (B, 1, C): one mask per row of the batch, shared by its T positions
 *   y   = m ⊙ x                           x (B, T, C) → (B, T, C)
 * </pre>
 *
 * Identity outside training and for p = 0.
 *
 * @param probability p, the share dropped, in [0, 1)
 */
public record LockedDropout(float probability) {

    public LockedDropout {
        Layers.checkDropout(probability);
    }

    /** x (B, T, C) with one mask per row, constant over T, when {@code training}; else x. */
    public NDArray apply(NDArray x, boolean training) {
        Shape s = x.getShape();
        if (s.dimension() != 3) {
            throw new IllegalArgumentException("locked dropout expects (B, T, C), got shape " + s);
        }
        if (!training || probability == 0f) {
            return x;
        }
        NDArray mask = Layers.dropout(x.getManager().ones(new Shape(s.get(0), 1, s.get(2))), probability, true);   // (B, 1, C)
        return x.mul(mask);                                                                                      // (B, T, C)
    }

}
