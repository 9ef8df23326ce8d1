package course.elmo;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import course.batch.DocumentStreams;
import course.rnn.RecurrentState;
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
                    BiLmTraining.Result r = BiLmTraining.window(model, ps, text, step, w, state, next, forward, false);
                    int scored = w.scoredCount();
                    nats += scored == 0 ? 0 : r.loss().getFloat() * (double) scored;   // the window's mean × its count
                    count += scored;
                    state = r.state();
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
