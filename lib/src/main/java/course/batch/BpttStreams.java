package course.batch;

import ai.djl.ndarray.NDManager;

/**
 * Contiguous streams for truncated back-propagation through time, the batches of an LSTM language model (ELMo's
 * biLM, notebook 02; AWD-LSTM, notebook 03). The token stream is cut into {@code batchSize} equal, contiguous
 * pieces, one per row, and each row is read left to right in windows of {@code bptt} tokens:
 *
 * <pre>
 *   tokens   a b c d e f g h i j k l m n o p q r s t u v w x      batchSize 2, bptt 3: L = 12 tokens per row
 *   row 0    a b c d e f g h i j k l
 *   row 1    m n o p q r s t u v w x
 *   window 0 inputs [a b c | m n o]  targets [b c d | n o p]
 *   window 1 inputs [d e f | p q r]  targets [e f g | q r s]
 *   window 2 inputs [g h i | s t u]  targets [h i j | t u v]        (j k l / v w x: too short for a full window)
 * </pre>
 *
 * Row b of window i + 1 continues row b of window i where it stopped (its first input is window i's last target),
 * so the LSTM's hidden state at the end of window i is the right initial state for window i + 1: carry it over,
 * detached from the graph. Every window has the full length {@code bptt}; the tokens left at the end of each row (fewer
 * than {@code bptt} + 1) and the last {@code tokens.length % batchSize} tokens of the stream are not used.
 */
public final class BpttStreams {

    private final int[] tokens;
    private final int batchSize;
    private final int bptt;
    private final int rowLength;

    private BpttStreams(int[] tokens, int batchSize, int bptt) {
        if (batchSize < 1 || bptt < 1) {
            throw new IllegalArgumentException("batchSize and bptt must be at least 1; got " + batchSize + " and " + bptt);
        }
        this.rowLength = tokens.length / batchSize;
        if (rowLength < bptt + 1) {
            throw new IllegalArgumentException(tokens.length + " tokens in " + batchSize + " streams give " + rowLength
                    + " tokens per stream, too few for one window of " + bptt + " + 1; use fewer streams or a shorter bptt");
        }
        this.tokens = tokens;
        this.batchSize = batchSize;
        this.bptt = bptt;
    }

    /** {@code batchSize} contiguous streams over {@code tokens} (not copied), read in windows of {@code bptt}. */
    public static BpttStreams of(int[] tokens, int batchSize, int bptt) {
        return new BpttStreams(tokens, batchSize, bptt);
    }

    /** How many full windows one pass over the streams (an epoch) has. */
    public int windows() {
        return (rowLength - 1) / bptt;
    }

    /** Tokens per stream: {@code tokens.length / batchSize}. */
    public int streamLength() {
        return rowLength;
    }

    public int batchSize() {
        return batchSize;
    }

    public int bptt() {
        return bptt;
    }

    /**
     * Window {@code index} (0 ≤ index &lt; {@link #windows()}) as a (batchSize, bptt) batch in {@code manager}. For a
     * training loop that counts steps across epochs, {@code window(scope, step % windows())} and reset the hidden
     * state when {@code step % windows() == 0}.
     */
    public LmBatch window(NDManager manager, int index) {
        if (index < 0 || index >= windows()) {
            throw new IndexOutOfBoundsException("window " + index + " of " + windows() + " (0 to " + (windows() - 1) + ")");
        }
        int[] starts = new int[batchSize];
        for (int b = 0; b < batchSize; b++) {
            starts[b] = b * rowLength + index * bptt;   // row b's stream, window index
        }
        return LmBatch.fromStarts(manager, tokens, starts, bptt);
    }
}
