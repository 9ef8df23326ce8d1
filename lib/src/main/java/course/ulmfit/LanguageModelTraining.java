package course.ulmfit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.batch.DocumentStreams;
import course.nn.Losses;
import course.nn.NativeArrays;
import course.rnn.RecurrentState;
import course.train.TrainLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One training step of an {@link AwdLstm} language model, for {@link TrainLoop}: the next window of
 * {@link DocumentStreams}, continuing from the state the previous window ended in — detached, so backpropagation
 * stops at the window boundary (truncated BPTT), and reset to zero in the rows where a new document begins. The loss
 * is the cross-entropy over the window's real targets plus AR and TAR (padding left out of all three).
 *
 * <p>Step s reads window s mod (windows per pass); the state is reset at window 0, so every pass starts fresh. The
 * carried states live in a manager of their own, replaced every step; {@link #close} frees the last one. A run resumed
 * from a checkpoint starts its first window from zeros (the states are not checkpointed).
 */
public final class LanguageModelTraining implements TrainLoop.Step, AutoCloseable {

    /**
     * One window as arrays in a step's manager, all in libtorch's own memory.
     *
     * @param inputs  (B, T) int32 word ids read
     * @param targets (B, T) int32 the next words
     * @param real    (B, T) boolean: the position holds text (its target is scored); false in padding
     * @param keep    (B) float32: 0 where a row starts a new document (reset its state), else 1
     */
    public record Batch(NDArray inputs, NDArray targets, NDArray real, NDArray keep) {

        public static Batch of(NDManager manager, DocumentStreams.Window w) {
            Shape bt = new Shape(w.batchSize(), w.bptt());
            return new Batch(NativeArrays.ints(manager, w.inputs(), bt), NativeArrays.ints(manager, w.targets(), bt),
                    NativeArrays.booleans(manager, w.scored(), bt), NativeArrays.floats(manager, w.newDocument(), new Shape(w.batchSize())));
        }
    }

    /**
     * One window's result.
     *
     * @param crossEntropy the mean cross-entropy over the real targets (nats)
     * @param loss         crossEntropy + AR + TAR (training) — what backward runs on
     * @param states       the final states, detached into the next window's manager
     * @param correct      outside training: how many real targets are the model's most likely next word (a scalar
     *                     count, for next-word accuracy); null in training
     */
    public record Result(NDArray crossEntropy, NDArray loss, List<RecurrentState> states, NDArray correct) {}

    private final AwdLstm model;
    private final DocumentStreams streams;
    private final NDManager parent;
    private NDManager carry;
    private List<RecurrentState> state;
    private double lastCrossEntropy = Double.NaN;

    /** @param parent the manager the carried states' managers are made in (the training loop's) */
    public LanguageModelTraining(AwdLstm model, DocumentStreams streams, NDManager parent) {
        this.model = model;
        this.streams = streams;
        this.parent = parent;
        this.carry = parent.newSubManager();
    }

    public int windowsPerEpoch() {
        return streams.windows();
    }

    @Override
    public NDArray loss(NDManager scope, int step, Random random) {
        int window = step % streams.windows();
        if (window == 0) {
            state = null;
        }
        NDManager next = parent.newSubManager();
        Result r = window(model, new ParameterStore(scope, false), scope, streams.window(window), state, next, true);
        carry.close();      // the previous states: the graph holds its own references to what backward needs
        carry = next;
        state = r.states();
        lastCrossEntropy = r.crossEntropy().getFloat();
        return r.loss();
    }

    /**
     * One window through the model from {@code state} (reset where a document starts): the loss, and the final states
     * detached into {@code next}. Training and {@link LmPerplexity} both read text this way.
     */
    public static Result window(AwdLstm model, ParameterStore ps, NDManager scope, DocumentStreams.Window w, List<RecurrentState> state,
                                NDManager next, boolean training) {
        Batch batch = Batch.of(scope, w);
        List<RecurrentState> start = null;
        if (state != null) {
            start = new ArrayList<>(state.size());
            for (RecurrentState s : state) {
                start.add(s.resetWhere(batch.keep()));
            }
        }
        AwdLstm.Output out = model.forward(ps, batch.inputs(), start, training);
        NDArray logits = model.logits(ps, out, training);                                                  // (B, T, V)
        NDArray crossEntropy = Losses.crossEntropy(logits, batch.targets(), batch.real());
        NDArray loss = training ? crossEntropy.add(model.regularization(out, batch.real())) : crossEntropy;
        List<RecurrentState> carried = new ArrayList<>(out.states().size());
        for (RecurrentState s : out.states()) {
            carried.add(s.detachedInto(next));
        }
        NDArray correct = training ? null
                : logits.argMax(2).toType(DataType.INT32, false).eq(batch.targets()).logicalAnd(batch.real()).sum();   // hits at real positions
        return new Result(crossEntropy, loss, carried, correct);
    }

    /** The last step's cross-entropy (nats per token, without AR/TAR). */
    public double lastCrossEntropy() {
        return lastCrossEntropy;
    }

    @Override
    public void close() {
        carry.close();
    }
}
