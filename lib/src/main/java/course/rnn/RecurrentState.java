package course.rnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * What a recurrent layer carries from one step (or one window of steps) to the next.
 *
 * @param hidden (directions, B, H) the hidden state h
 * @param cell   (directions, B, H) the LSTM's cell state c; null for a GRU
 */
public record RecurrentState(NDArray hidden, NDArray cell) {

    public RecurrentState {
        Objects.requireNonNull(hidden, "hidden");
        if (hidden.getShape().dimension() != 3) {
            throw new IllegalArgumentException("the hidden state must be (directions, B, H), got shape " + hidden.getShape());
        }
        if (cell != null && !cell.getShape().equals(hidden.getShape())) {
            throw new IllegalArgumentException("the cell state's shape " + cell.getShape() + " differs from the hidden state's "
                    + hidden.getShape());
        }
    }

    /** The all-zero state a sequence starts from, in {@code manager} (made by libtorch: safe under autograd). */
    public static RecurrentState zeros(NDManager manager, RecurrentCell kind, int directions, long batch, int hidden) {
        Shape shape = new Shape(directions, batch, hidden);
        return new RecurrentState(manager.zeros(shape), kind.hasCellState() ? manager.zeros(shape) : null);
    }

    public long batchSize() {
        return hidden.getShape().get(1);
    }

    /**
     * The same values, cut off from the computation that produced them and moved into {@code manager}: truncated
     * backpropagation through time carries the state into the next window, but no gradient flows back into the
     * window before (which is gone by then).
     */
    public RecurrentState detachedInto(NDManager manager) {
        NDArray h = hidden.stopGradient();
        h.attach(manager);
        NDArray c = null;
        if (cell != null) {
            c = cell.stopGradient();
            c.attach(manager);
        }
        return new RecurrentState(h, c);
    }

    /**
     * The state with the rows of finished sequences set to zero: {@code keep} is a (B) float array of 1 (carry on)
     * and 0 (a new document starts in this row), made natively (see {@code course.nn.NativeArrays}).
     */
    public RecurrentState resetWhere(NDArray keep) {
        if (keep.getShape().dimension() != 1 || keep.getShape().get(0) != batchSize()) {
            throw new IllegalArgumentException("keep must be (B) = (" + batchSize() + "), got shape " + keep.getShape());
        }
        NDArray k = keep.reshape(1, batchSize(), 1);
        return new RecurrentState(hidden.mul(k), cell == null ? null : cell.mul(k));
    }
}
