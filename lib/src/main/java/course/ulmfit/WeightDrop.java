package course.ulmfit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import course.nn.Layers;
import course.rnn.RecurrentWeights;

/**
 * Weight drop, i.e. DropConnect (Wan et al. 2013) on the hidden-to-hidden matrix W_h of an LSTM (AWD-LSTM, Merity et
 * al. 2017, §2): each weight of W_h (4H, H) is zeroed with probability p, the rest scaled by 1/(1 − p), with one mask
 * for the whole batch and all its time steps. Dropping the recurrent connections themselves, rather than the hidden
 * state, regularises the recurrence without touching the cell's equations — so the dropped matrix goes straight into
 * PyTorch's fused LSTM op ({@link RecurrentWeights#withHidden}) and the layer runs at full speed.
 *
 * <pre>
 *   M ~ Bernoulli(1 − p) / (1 − p)      (4H, H), drawn once per batch (per forward pass)
 *   W_h' = M ⊙ W_h                      used at every step t of every row
 * </pre>
 *
 * Identity outside training and for p = 0. The input weights W_i and the biases are never dropped.
 *
 * @param probability p, the share dropped, in [0, 1)
 */
public record WeightDrop(float probability) {

    public WeightDrop {
        Layers.checkDropout(probability);
    }

    /**
     * The weights for one batch: W_h with a fresh mask when {@code training}, else the weights unchanged. The dropped
     * matrix and its mask belong to {@code scope} (the step's manager), never to the parameters' manager.
     */
    public RecurrentWeights apply(RecurrentWeights weights, NDManager scope, boolean training) {
        if (!training || probability == 0f) {
            return weights;
        }
        return weights.withHidden(h -> {
            NDArray mask = Layers.dropout(scope.ones(h.getShape()), probability, true);   // (4H, H): 0 or 1/(1−p)
            return mask.mul(h);
        });
    }

}
