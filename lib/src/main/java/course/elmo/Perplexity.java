package course.elmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import course.batch.DocumentStreams;
import course.nn.Losses;
import course.rnn.RecurrentState;
import java.util.ArrayList;
import java.util.List;

/**
 * A language model's perplexity over a whole text: exp of the mean cross-entropy per predicted token, with the state
 * carried through the text window by window as in training (no dropout, no gradients). Perplexity is "as unsure as
 * a uniform choice among this many words": a model that knows nothing scores the vocabulary size.
 *
 * @param perplexity exp(total nats / targets)
 * @param targets    how many tokens were predicted
 */
public record Perplexity(double perplexity, long targets) {

    /**
     * Runs one direction over {@code streams} (at most {@code maxWindows} windows; 0 = all), each window in its own
     * sub-manager of {@code scope}.
     */
    public static Perplexity of(BiLm model, ParameterStore ps, LmText text, DocumentStreams streams, boolean forward,
                                NDManager scope, int maxWindows) {
        int windows = maxWindows > 0 ? Math.min(maxWindows, streams.windows()) : streams.windows();
        double nats = 0;
        long count = 0;
        NDManager carry = scope.newSubManager();
        List<RecurrentState> state = null;
        try {
            for (int i = 0; i < windows; i++) {
                NDManager next = scope.newSubManager();
                try (NDManager step = scope.newSubManager()) {
                    DocumentStreams.Window w = streams.window(i);
                    LmText.Batch batch = text.batch(step, w);
                    List<RecurrentState> start = BiLmTraining.resetWhereNewDocuments(state, batch.keep());
                    BiLm.LmOutput out = forward ? model.forwardLm(ps, batch.characters(), start, false)
                            : model.backwardLm(ps, batch.characters(), start, false);
                    int scored = w.scoredCount();
                    if (scored > 0) {
                        NDArray loss = Losses.crossEntropy(model.logits(ps, out.top(), false), batch.targets(), batch.scored());
                        nats += loss.getFloat() * (double) scored;
                        count += scored;
                    }
                    List<RecurrentState> carried = new ArrayList<>();
                    for (RecurrentState s : out.states()) {
                        carried.add(s.detachedInto(next));
                    }
                    state = carried;
                }
                carry.close();
                carry = next;
            }
        } finally {
            carry.close();
        }
        if (count == 0) {
            throw new IllegalArgumentException("no token to predict in " + windows + " windows");
        }
        return new Perplexity(Math.exp(nats / count), count);
    }
}
