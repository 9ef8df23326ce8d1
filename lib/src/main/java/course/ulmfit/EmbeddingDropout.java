package course.ulmfit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.nn.Layers;

/**
 * Embedding dropout (Gal &amp; Ghahramani 2016; AWD-LSTM, Merity et al. 2017, §4.3): while training, whole words are
 * dropped — row w of the embedding matrix E (V, C) is zeroed with probability p for the whole batch, and the kept
 * rows are scaled by 1/(1 − p) — so every occurrence of a dropped word in the batch reads a zero vector. It is
 * dropout on the word, not on its coordinates: the model cannot lean on any single word being there.
 *
 * <pre>
 *   m_w ~ Bernoulli(1 − p) / (1 − p)      one number per vocabulary row, drawn once per batch
 *   E'  = m ⊙ E                           (V, 1) ⊙ (V, C): a row is either 0 or E_w / (1 − p)
 * </pre>
 *
 * Identity outside training and for p = 0.
 *
 * @param probability p, the share dropped, in [0, 1)
 */
public record EmbeddingDropout(float probability) {

    public EmbeddingDropout {
        Layers.checkDropout(probability);
    }

    /**
     * The embedding matrix for one batch: E (V, C) with whole rows dropped and the rest rescaled when {@code training},
     * else E itself. The result (and its mask) belong to {@code scope}, the step's manager, not E's.
     */
    public NDArray apply(NDArray embedding, NDManager scope, boolean training) {
        if (embedding.getShape().dimension() != 2) {
            throw new IllegalArgumentException("the embedding matrix must be (V, C), got shape " + embedding.getShape());
        }
        if (!training || probability == 0f) {
            return embedding;
        }
        NDArray mask = Layers.dropout(scope.ones(new Shape(embedding.getShape().get(0), 1)), probability, true);  // (V, 1): 0 or 1/(1−p)
        return mask.mul(embedding);                                                                            // (V, C), in scope
    }

}
