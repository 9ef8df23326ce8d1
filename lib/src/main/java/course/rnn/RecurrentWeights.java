package course.rnn;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One direction's weights of a recurrent layer, as the fused op takes them. With G gates (4 for an LSTM, 3 for a
 * GRU), H hidden units and I inputs:
 *
 * @param input      W_i (G·H, I): the gates' weights on the input x, gate blocks stacked in {@link RecurrentCell} order
 * @param hidden     W_h (G·H, H): the gates' weights on the previous hidden state h
 * @param inputBias  b_i (G·H)
 * @param hiddenBias b_h (G·H) (two biases, as PyTorch and cuDNN keep them; only their sum matters for an LSTM)
 */
public record RecurrentWeights(NDArray input, NDArray hidden, NDArray inputBias, NDArray hiddenBias) {

    public RecurrentWeights {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(hidden, "hidden");
        Objects.requireNonNull(inputBias, "inputBias");
        Objects.requireNonNull(hiddenBias, "hiddenBias");
    }

    /**
     * The same weights with the hidden-to-hidden matrix replaced, e.g. by a dropped-out copy of it — AWD-LSTM's
     * weight drop (Merity et al. 2017, §2): one mask per batch on W_h, then the fused op at full speed.
     */
    public RecurrentWeights withHidden(UnaryOperator<NDArray> change) {
        return new RecurrentWeights(input, change.apply(hidden), inputBias, hiddenBias);
    }

    /** H, from the shape of W_h. */
    public int hiddenSize() {
        return (int) hidden.getShape().get(1);
    }
}
