package course.ulmfit;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import course.batch.DocumentStreams;
import course.rnn.RecurrentState;
import java.util.List;

/**
 * An {@link AwdLstm}'s perplexity over a whole text: exp of the mean cross-entropy per predicted word, the state
 * carried window by window as in training (reset at documents), no dropout, no gradients. The same definition as the
 * training loss, so the two compare (bilm-tf's issues #202 and #233 are what happens otherwise).
 *
 * @param perplexity exp(total nats / targets)
 * @param targets    how many words were predicted
 * @param accuracy   next-word accuracy: the share of targets that were the model's most likely word (what fastai's
 *                   language-model learner reports as "accuracy", and the seed article's "Finetune LM" row)
 */
public record LmPerplexity(double perplexity, long targets, double accuracy) {

    /** Over {@code streams}' first {@code maxWindows} windows (0: all), each window in its own sub-manager of {@code scope}. */
    public static LmPerplexity of(AwdLstm model, DocumentStreams streams, NDManager scope, int maxWindows) {
        if (maxWindows < 0) {
            throw new IllegalArgumentException("maxWindows must be >= 0 (0: every window), got " + maxWindows);
        }
        int windows = maxWindows > 0 ? Math.min(maxWindows, streams.windows()) : streams.windows();
        double nats = 0;
        long count = 0;
        long correct = 0;
        NDManager carry = scope.newSubManager();
        List<RecurrentState> state = null;
        try {
            for (int i = 0; i < windows; i++) {
                NDManager next = scope.newSubManager();
                try (NDManager step = scope.newSubManager()) {
                    DocumentStreams.Window w = streams.window(i);
                    LanguageModelTraining.Result r = LanguageModelTraining.window(model, new ParameterStore(step, false), step, w, state, next, false);
                    int scored = w.scoredCount();
                    nats += scored == 0 ? 0 : r.crossEntropy().getFloat() * (double) scored;   // the window's mean × its count
                    count += scored;
                    correct += r.correct().toType(ai.djl.ndarray.types.DataType.INT64, false).getLong();
                    state = r.states();
                }
                carry.close();
                carry = next;
            }
        } finally {
            carry.close();
        }
        if (count == 0) {
            throw new IllegalArgumentException("no word to predict in " + windows + " windows");
        }
        return new LmPerplexity(Math.exp(nats / count), count, (double) correct / count);
    }
}
