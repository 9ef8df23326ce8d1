package course.ulmfit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import course.batch.ClassificationBatch;
import course.train.ParameterGroup;
import course.train.ParameterGroups;
import course.tweets.TweetClassifier;
import java.util.ArrayList;
import java.util.List;

/**
 * ULMFiT's stage 3 (Howard &amp; Ruder 2018, §3.3): the fine-tuned language model's encoder — its embedding and LSTM
 * layers, the very same blocks and weights — under a new head, {@link ConcatPooling} then {@link PoolingHead}. The
 * LM's decoder is left out. Each text is read from zero states, left to right, padding after it; the encoder's
 * dropouts are the LM's config's.
 *
 * <pre>
 *   H   = AwdLstm encoder(tokens)              (B, T, C)
 *   h_c = [h_T ; max H ; mean H]               (B, 3C), real tokens only
 *   z   = PoolingHead(h_c)                     (B, classes)
 * </pre>
 *
 * {@link #groups} are "embedding", "lstm1" … "lstmL", "head", bottom first: {@code groups().trainingTop(1)} trains the
 * head alone, {@code trainingTop(2)} the head and the last LSTM layer, and so on (gradual unfreezing, §3.3), with
 * {@code .discriminative(2.6)} for the rates.
 */
public final class UlmfitClassifier extends AbstractBlock {

    public static final String HEAD = "head";

    /**
     * What one batch produced.
     *
     * @param logits (B, classes)
     * @param pooled (B, 3C) the concat-pooled features the head read
     */
    public record Output(NDArray logits, NDArray pooled) {}

    private final AwdLstm encoder;
    private final PoolingHead head;

    /**
     * A classifier on {@code languageModel}'s encoder. An already initialised language model (trained in stages 1 and 2)
     * keeps its weights when the classifier is initialised; only the head is drawn afresh.
     */
    public UlmfitClassifier(AwdLstm languageModel, PoolingHead.Settings head) {
        this.encoder = addChildBlock("encoder", languageModel);
        this.head = addChildBlock(HEAD, new PoolingHead(3 * languageModel.config().embedding(), head));
    }

    public AwdLstm encoder() {
        return encoder;
    }

    public PoolingHead head() {
        return head;
    }

    /** "embedding", "lstm1" … "lstmL", "head", bottom first (both must be initialised). */
    public ParameterGroups groups() {
        List<ParameterGroup> groups = new ArrayList<>(encoder.encoderGroups());
        groups.add(ParameterGroup.of(HEAD, head));
        return new ParameterGroups(groups);
    }

    /** A batch of right-padded texts (see {@link ClassificationBatch}) → logits and the pooled features. */
    public Output forward(ParameterStore ps, ClassificationBatch batch, boolean training) {
        NDArray top = encoder.forward(ps, batch.tokens(), null, training).top();      // (B, T, C)
        NDArray pooled = ConcatPooling.pool(top, batch.mask());                         // (B, 3C)
        return new Output(head.forward(ps, pooled, training), pooled);
    }

    /**
     * Standardises the head's input on {@code training}'s texts: their pooled features through the encoder as it is
     * now (no dropout), then {@link PoolingHead#standardize}. Call it once, after the encoder is trained or loaded and
     * before the head trains.
     */
    public void standardizeHead(TweetBatches training, NDManager scope) {
        try (NDManager m = scope.newSubManager()) {
            head.standardize(training.pooledFeatures(this, m));
        }
    }

    /** The classifier as evaluation sees it (no dropout), for {@code TweetPredictions.predict}. */
    public TweetClassifier inference() {
        return batch -> forward(new ParameterStore(batch.tokens().getManager(), false), batch, false).logits();
    }

    /** Input: [(B, T) tokens, (B, T) boolean mask]; output: [(B, classes) logits]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray top = encoder.forward(ps, inputs.get(0), null, training).top();
        return new NDList(head.forward(ps, ConcatPooling.pool(top, inputs.get(1)), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), head.settings().classes())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        if (!encoder.isInitialized()) {
            encoder.initialize(manager, dataType, tokens);
        }
        head.initialize(manager, dataType, new Shape(tokens.get(0), 3L * encoder.config().embedding()));
    }
}
