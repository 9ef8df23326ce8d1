package course.rnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import course.nn.Layers;
import java.util.ArrayList;
import java.util.List;

/**
 * One recurrent layer — LSTM or GRU, one direction or two — run by PyTorch's fused op with its weights passed in
 * explicitly. Passing them in is the point: a caller can change them for one batch first (AWD-LSTM's weight drop on
 * W_h, see {@link RecurrentWeights#withHidden}) and still get the fused op's speed. Layers are stacked by the model
 * that owns them (ELMo's residual connections, ULMFiT's layers of different widths, dropout between layers), so a
 * layer is always one layer.
 *
 * <p>Inputs are batch-first: x (B, T, I) → outputs (B, T, D·H) with D directions. The second direction reads each
 * sequence backwards from its last real token (see {@link Sequences#reverse}), so right-padded batches give the same
 * result as one sequence at a time — for rows shorter than T, read the forward direction's output at position
 * length − 1, not the final state, which has run on through the padding.
 *
 * <p>Initial weights as in PyTorch's {@code nn.LSTM}/{@code nn.GRU}: every weight and bias from U(−1/√H, 1/√H).
 */
public final class RecurrentLayer extends AbstractBlock {

    /**
     * What a layer produced.
     *
     * @param output (B, T, D·H) the hidden state at every position; with two directions the forward one comes first
     * @param state  the state after the last position of the input, per direction: carry it into the next window
     *               of a long text ({@link RecurrentState#detachedInto})
     */
    public record Output(NDArray output, RecurrentState state) {}

    private final RecurrentCell kind;
    private final int inputSize;
    private final int hiddenSize;
    private final List<Parameter[]> directions = new ArrayList<>();   // per direction: W_i, W_h, b_i, b_h

    private RecurrentLayer(RecurrentCell kind, int inputSize, int hiddenSize, int directionCount) {
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("input and hidden sizes must be >= 1, got " + inputSize + ", " + hiddenSize);
        }
        this.kind = kind;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        float bound = (float) (1 / Math.sqrt(hiddenSize));
        long rows = (long) kind.gates() * hiddenSize;
        for (int d = 0; d < directionCount; d++) {
            String suffix = d == 0 ? "" : "Reverse";
            directions.add(new Parameter[] {
                    addParameter(parameter("inputWeight" + suffix, Parameter.Type.WEIGHT, new Shape(rows, inputSize), bound)),
                    addParameter(parameter("hiddenWeight" + suffix, Parameter.Type.WEIGHT, new Shape(rows, hiddenSize), bound)),
                    addParameter(parameter("inputBias" + suffix, Parameter.Type.BIAS, new Shape(rows), bound)),
                    addParameter(parameter("hiddenBias" + suffix, Parameter.Type.BIAS, new Shape(rows), bound))});
        }
    }

    /** A one-directional LSTM layer: I inputs → H hidden units. */
    public static RecurrentLayer lstm(int inputSize, int hiddenSize) {
        return new RecurrentLayer(RecurrentCell.LSTM, inputSize, hiddenSize, 1);
    }

    /** A one-directional GRU layer. */
    public static RecurrentLayer gru(int inputSize, int hiddenSize) {
        return new RecurrentLayer(RecurrentCell.GRU, inputSize, hiddenSize, 1);
    }

    /** The same kind of layer reading in both directions, outputs concatenated: (B, T, 2H). */
    public RecurrentLayer bidirectional() {
        if (directions.size() == 2) {
            throw new IllegalStateException("this layer is already bidirectional");
        }
        return new RecurrentLayer(kind, inputSize, hiddenSize, 2);
    }

    private static Parameter parameter(String name, Parameter.Type type, Shape shape, float bound) {
        return Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(new UniformInitializer(bound)).build();
    }

    public RecurrentCell kind() {
        return kind;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public int directionCount() {
        return directions.size();
    }

    /** Output width: D·H. */
    public int outputSize() {
        return directions.size() * hiddenSize;
    }

    /** Direction d's current weights (0 forward, 1 backward), read for one forward pass in {@code like}'s device. */
    public RecurrentWeights weights(ParameterStore ps, NDArray like, boolean training, int direction) {
        Parameter[] p = directions.get(direction);
        return new RecurrentWeights(Layers.value(ps, p[0], like, training), Layers.value(ps, p[1], like, training),
                Layers.value(ps, p[2], like, training), Layers.value(ps, p[3], like, training));
    }

    /** All directions' weights for one forward pass. */
    public List<RecurrentWeights> weights(ParameterStore ps, NDArray like, boolean training) {
        List<RecurrentWeights> all = new ArrayList<>(directions.size());
        for (int d = 0; d < directions.size(); d++) {
            all.add(weights(ps, like, training, d));
        }
        return all;
    }

    /** Runs the layer from a zero state over full-length rows (no padding). */
    public Output forward(ParameterStore ps, NDArray x, boolean training) {
        return forward(x, null, null, weights(ps, x, training));
    }

    /**
     * Runs the layer with the given weights (from {@link #weights}, possibly changed for this batch).
     *
     * @param x       (B, T, I) inputs
     * @param initial the state to start from (a previous window's, detached), or null for zeros
     * @param lengths each row's real length (≤ T; the rest is padding), or null when every row is T long; only the
     *                second direction needs it
     */
    public Output forward(NDArray x, RecurrentState initial, int[] lengths, List<RecurrentWeights> weights) {
        Shape shape = x.getShape();
        if (shape.dimension() != 3 || shape.get(2) != inputSize) {
            throw new IllegalArgumentException("input must be (B, T, " + inputSize + "), got shape " + shape);
        }
        if (shape.get(0) < 1 || shape.get(1) < 1) {
            throw new IllegalArgumentException("input must hold at least one step of one sequence, got shape " + shape);
        }
        if (weights.size() != directions.size()) {
            throw new IllegalArgumentException("need weights for " + directions.size() + " direction(s), got " + weights.size());
        }
        NDManager scope = x.getManager();
        RecurrentState start = initial != null ? initial : RecurrentState.zeros(scope, kind, directions.size(), shape.get(0), hiddenSize);
        if (start.hidden().getShape().get(0) != directions.size() || start.batchSize() != shape.get(0)
                || start.hidden().getShape().get(2) != hiddenSize) {
            throw new IllegalArgumentException("the initial state must be (" + directions.size() + ", " + shape.get(0) + ", " + hiddenSize
                    + "), got " + start.hidden().getShape());
        }
        Output forward = fused(x, slice(start, 0), weights.get(0));
        if (directions.size() == 1) {
            return forward;
        }
        NDArray reversed = Sequences.reverse(x, lengths);
        Output backward = fused(reversed, slice(start, 1), weights.get(1));
        NDArray output = forward.output().concat(Sequences.reverse(backward.output(), lengths), 2);         // (B, T, 2H)
        RecurrentState f = forward.state();
        RecurrentState b = backward.state();
        return new Output(output, new RecurrentState(f.hidden().concat(b.hidden(), 0),
                f.cell() == null ? null : f.cell().concat(b.cell(), 0)));
    }

    private static RecurrentState slice(RecurrentState s, int direction) {
        if (s.hidden().getShape().get(0) == 1) {
            return s;
        }
        String index = direction + ":" + (direction + 1);
        return new RecurrentState(s.hidden().get(index), s.cell() == null ? null : s.cell().get(index));
    }

    /** One direction through PyTorch's fused op (torch.lstm / torch.gru, one layer, batch first). */
    private Output fused(NDArray x, RecurrentState start, RecurrentWeights w) {
        NDList params = new NDList(w.input(), w.hidden(), w.inputBias(), w.hiddenBias());
        if (kind == RecurrentCell.LSTM) {
            NDList out = x.getNDArrayInternal().lstm(x, new NDList(start.hidden(), start.cell()), params, true, 1, 0, false, false, true);
            return new Output(out.get(0), new RecurrentState(out.get(1), out.get(2)));
        }
        NDList out = x.getNDArrayInternal().gru(x, start.hidden(), params, true, 1, 0, false, false, true);
        return new Output(out.get(0), new RecurrentState(out.get(1), null));
    }

    /** Input: [(B, T, I)]; output: [(B, T, D·H)]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training).output());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), x.get(1), outputSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {}
}
