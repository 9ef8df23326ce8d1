package course.rnn;

/**
 * The two gated recurrent cells of the course, with their gates in PyTorch's order (the order of the rows of the
 * stacked weight matrices, which the fused op expects).
 *
 * <pre>
 *   LSTM (Hochreiter &amp; Schmidhuber 1997; the forget gate of Gers et al. 2000), 4 gates i, f, g, o:
 *     i = σ(W_ii x + b_ii + W_hi h + b_hi)      input gate: how much of the candidate to write
 *     f = σ(W_if x + b_if + W_hf h + b_hf)      forget gate: how much of the old cell to keep
 *     g = tanh(W_ig x + b_ig + W_hg h + b_hg)   the candidate values
 *     o = σ(W_io x + b_io + W_ho h + b_ho)      output gate: how much of the cell to show
 *     c' = f ⊙ c + i ⊙ g                        cell state: the long-term memory, changed only by ⊙ and +
 *     h' = o ⊙ tanh(c')                         hidden state: what the next layer and the next step see
 *
 *   GRU (Cho et al. 2014), 3 gates r, z, n, no cell state:
 *     r = σ(W_ir x + b_ir + W_hr h + b_hr)      reset gate
 *     z = σ(W_iz x + b_iz + W_hz h + b_hz)      update gate
 *     n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 *     h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 */
public enum RecurrentCell {
    LSTM(4, "i f g o"),
    GRU(3, "r z n");

    private final int gates;
    private final String gateNames;

    RecurrentCell(int gates, String gateNames) {
        this.gates = gates;
        this.gateNames = gateNames;
    }

    /** How many gates share the stacked weight matrices: their rows are {@code gates() × hidden}. */
    public int gates() {
        return gates;
    }

    /** The gates in the order of the weight matrices' row blocks, e.g. "i f g o". */
    public String gateNames() {
        return gateNames;
    }

    /** Whether the cell carries a cell state c besides the hidden state h. */
    public boolean hasCellState() {
        return this == LSTM;
    }
}
