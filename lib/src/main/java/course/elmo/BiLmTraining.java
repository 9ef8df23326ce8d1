package course.elmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import course.batch.DocumentStreams;
import course.nn.Losses;
import course.rnn.RecurrentState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One training step of the biLM, for {@link course.train.TrainLoop}: the next window of the forward stream through
 * the forward LM and the next window of the backward stream (the text reversed) through the backward LM, each
 * continuing from the state its previous window ended in — detached, so backpropagation stops at the window
 * boundary (truncated BPTT), and reset to zero in the rows where a new document begins. The loss is the mean of
 * the two directions' cross-entropies (ELMo maximises the sum of both log likelihoods, §3.1).
 *
 * <p>The carried states live in a manager of their own, replaced every step; {@link #close} frees the last one. A
 * run resumed from a checkpoint starts its first window from zero states (the states are not checkpointed), so it
 * is the same run only up to that one window.
 */
public final class BiLmTraining implements course.train.TrainLoop.Step, AutoCloseable {

    private final BiLm model;
    private final ParameterStore ps;
    private final LmText text;
    private final DocumentStreams forward;
    private final DocumentStreams backward;
    private final NDManager parent;
    private NDManager carry;
    private List<RecurrentState> forwardState;
    private List<RecurrentState> backwardState;
    private double lastForwardLoss = Double.NaN;
    private double lastBackwardLoss = Double.NaN;

    public BiLmTraining(BiLm model, ParameterStore ps, LmText text, DocumentStreams forward, DocumentStreams backward, NDManager parent) {
        if (forward.batchSize() != backward.batchSize() || forward.bptt() != backward.bptt()) {
            throw new IllegalArgumentException("the two streams need the same batch size and bptt");
        }
        this.model = model;
        this.ps = ps;
        this.text = text;
        this.forward = forward;
        this.backward = backward;
        this.parent = parent;
        this.carry = parent.newSubManager();
    }

    /** Windows per pass over the text: the longer of the two streams. */
    public int windowsPerEpoch() {
        return Math.max(forward.windows(), backward.windows());
    }

    @Override
    public NDArray loss(NDManager scope, int step, Random random) {
        int window = step % windowsPerEpoch();
        if (window == 0) {
            forwardState = null;
            backwardState = null;
        }
        NDManager next = parent.newSubManager();
        NDArray f = null;
        NDArray b = null;
        if (window < forward.windows()) {
            Result r = direction(scope, forward.window(window), forwardState, next, true);
            forwardState = r.state();
            f = r.loss();
        }
        if (window < backward.windows()) {
            Result r = direction(scope, backward.window(window), backwardState, next, false);
            backwardState = r.state();
            b = r.loss();
        }
        carry.close();
        carry = next;
        lastForwardLoss = f == null ? Double.NaN : f.getFloat();
        lastBackwardLoss = b == null ? Double.NaN : b.getFloat();
        if (f == null || b == null) {
            return f == null ? b : f;
        }
        return Losses.scaled(f.add(b), 0.5f);
    }

    /** One direction's mean loss over a window's scored positions, and its detached final states. */
    record Result(NDArray loss, List<RecurrentState> state) {}

    private Result direction(NDManager scope, DocumentStreams.Window w, List<RecurrentState> state, NDManager next, boolean isForward) {
        return window(model, ps, text, scope, w, state, next, isForward, true);
    }

    /**
     * One window through one direction, continuing from {@code state} (reset where a document starts): the loss,
     * and the final states detached into {@code next} for the following window. Training and {@link Perplexity}
     * both read the text this way.
     */
    static Result window(BiLm model, ParameterStore ps, LmText text, NDManager scope, DocumentStreams.Window w,
                         List<RecurrentState> state, NDManager next, boolean isForward, boolean training) {
        LmText.Batch batch = text.batch(scope, w);
        List<RecurrentState> start = resetWhereNewDocuments(state, batch.keep());
        BiLm.LmOutput out = isForward ? model.forwardLm(ps, batch.characters(), start, training)
                : model.backwardLm(ps, batch.characters(), start, training);
        NDArray loss = Losses.crossEntropy(model.logits(ps, out.top(), training), batch.targets(), batch.scored());
        List<RecurrentState> carried = new ArrayList<>(out.states().size());
        for (RecurrentState s : out.states()) {
            carried.add(s.detachedInto(next));
        }
        return new Result(loss, carried);
    }

    static List<RecurrentState> resetWhereNewDocuments(List<RecurrentState> state, NDArray keep) {
        if (state == null) {
            return null;
        }
        List<RecurrentState> reset = new ArrayList<>(state.size());
        for (RecurrentState s : state) {
            reset.add(s.resetWhere(keep));
        }
        return reset;
    }

    /** The forward and backward LMs' losses (nats) of the last step. */
    public double lastForwardLoss() {
        return lastForwardLoss;
    }

    public double lastBackwardLoss() {
        return lastBackwardLoss;
    }

    @Override
    public void close() {
        carry.close();
    }
}
