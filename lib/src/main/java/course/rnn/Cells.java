package course.rnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import course.nn.Layers;

/**
 * The LSTM and GRU cells written out one step at a time, with the equations of {@link RecurrentCell}: what the
 * fused op in {@link RecurrentLayer} computes, kept here as its reference (the tests hold the two equal, outputs and
 * gradients) and as the version a notebook can take apart.
 */
public final class Cells {

    private Cells() {}

    /** One LSTM step: x (B, I), state (1, B, H) → the new state (1, B, H). */
    public static RecurrentState lstmStep(NDArray x, RecurrentState state, RecurrentWeights w) {
        NDArray h = state.hidden().squeeze(0);                                           // (B, H)
        NDArray c = state.cell().squeeze(0);
        NDArray gates = Layers.linear(x, w.input(), w.inputBias()).add(Layers.linear(h, w.hidden(), w.hiddenBias()));  // (B, 4H)
        NDList g = gates.split(4, 1);                                                     // i, f, g, o: (B, H) each
        NDArray input = g.get(0).getNDArrayInternal().sigmoid();
        NDArray forget = g.get(1).getNDArrayInternal().sigmoid();
        NDArray candidate = g.get(2).tanh();
        NDArray output = g.get(3).getNDArrayInternal().sigmoid();
        NDArray cell = forget.mul(c).add(input.mul(candidate));                          // c' = f ⊙ c + i ⊙ g
        NDArray hidden = output.mul(cell.tanh());                                        // h' = o ⊙ tanh(c')
        return new RecurrentState(hidden.expandDims(0), cell.expandDims(0));
    }

    /** One GRU step: x (B, I), state (1, B, H) → the new state. */
    public static RecurrentState gruStep(NDArray x, RecurrentState state, RecurrentWeights w) {
        NDArray h = state.hidden().squeeze(0);
        NDList gi = Layers.linear(x, w.input(), w.inputBias()).split(3, 1);             // (B, H) each: r, z, n parts
        NDList gh = Layers.linear(h, w.hidden(), w.hiddenBias()).split(3, 1);
        NDArray reset = gi.get(0).add(gh.get(0)).getNDArrayInternal().sigmoid();
        NDArray update = gi.get(1).add(gh.get(1)).getNDArrayInternal().sigmoid();
        NDArray candidate = gi.get(2).add(reset.mul(gh.get(2))).tanh();                  // n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
        NDArray hidden = candidate.add(update.mul(h.sub(candidate)));                    // h' = (1 − z) ⊙ n + z ⊙ h
        return new RecurrentState(hidden.expandDims(0), null);
    }

    /**
     * The cell unrolled over a whole sequence, one step per position: x (B, T, I) → (B, T, H) and the last state.
     * Slow (T small ops each way) but every intermediate is in plain sight.
     */
    public static RecurrentLayer.Output unroll(RecurrentCell kind, NDArray x, RecurrentState initial, RecurrentWeights w) {
        long t = x.getShape().get(1);
        RecurrentState state = initial;
        NDList outputs = new NDList();
        for (long i = 0; i < t; i++) {
            NDArray xt = x.get(":, " + i + ", :");                                         // (B, I)
            state = kind == RecurrentCell.LSTM ? lstmStep(xt, state, w) : gruStep(xt, state, w);
            outputs.add(state.hidden().squeeze(0));
        }
        return new RecurrentLayer.Output(NDArrays.stack(outputs, 1), state);
    }
}
