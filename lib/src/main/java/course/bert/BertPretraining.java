package course.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import course.nn.LayerNorm;
import course.nn.Layers;
import course.nn.Mode;

/**
 * BERT with its two pretraining heads (Devlin et al. 2019, §3.1 and Appendix A.2):
 *
 * <pre>
 *   masked LM:  h_i = LN(GELU(W_t · hidden_i + b_t))   at the N chosen positions only          (N, C)
 *               logits_i = h_i Eᵀ + b_v                E = the input token embedding (tied)    (N, V)
 *   NSP:        logits = W_n · pooled + b_n            IsNext / NotNext from the [CLS] vector  (B, 2)
 *   loss = mean CE(masked LM) + mean CE(NSP)
 * </pre>
 *
 * Only the encoder, {@link #bert()}, is kept for fine-tuning; the heads are thrown away.
 */
public final class BertPretraining extends AbstractBlock {

    /**
     * One step's losses and what they were computed from.
     *
     * @param total       mlm + nsp, what the optimiser minimises
     * @param mlm         mean cross-entropy over the batch's chosen positions (nats)
     * @param nsp         mean cross-entropy of the next-sentence labels (nats; ln 2 ≈ 0.693 is a coin)
     * @param mlmLogits   (N, V)
     * @param nspLogits   (B, 2)
     */
    public record Losses(NDArray total, NDArray mlm, NDArray nsp, NDArray mlmLogits, NDArray nspLogits) {}

    /** Correct predictions in a batch (counts, so that they can be summed over batches). */
    public record Correct(long mlm, long mlmTotal, long nsp, long nspTotal) {
        public Correct plus(Correct o) {
            return new Correct(mlm + o.mlm, mlmTotal + o.mlmTotal, nsp + o.nsp, nspTotal + o.nspTotal);
        }

        public double mlmAccuracy() {
            return mlmTotal == 0 ? Double.NaN : (double) mlm / mlmTotal;
        }

        public double nspAccuracy() {
            return nspTotal == 0 ? Double.NaN : (double) nsp / nspTotal;
        }

        public static Correct none() {
            return new Correct(0, 0, 0, 0);
        }
    }

    private final Bert bert;
    private final Parameter transformWeight;   // (C, C)
    private final Parameter transformBias;     // (C)
    private final LayerNorm transformNorm;
    private final Parameter outputBias;        // (V)
    private final Parameter nspWeight;         // (2, C)
    private final Parameter nspBias;           // (2)

    public BertPretraining(BertConfig config) {
        this(new Bert(config));
    }

    /** Heads on an existing encoder (for example one restored from a checkpoint). */
    public BertPretraining(Bert bert) {
        int c = bert.config().embedding();
        this.bert = addChildBlock("bert", bert);
        transformWeight = addParameter(Layers.weight("transformWeight", new Shape(c, c), Layers.INIT_STD));
        transformBias = addParameter(Layers.bias("transformBias", c));
        transformNorm = addChildBlock("transformNorm", new LayerNorm(c, true, bert.config().epsilon()));
        outputBias = addParameter(Layers.bias("outputBias", bert.config().vocabSize()));
        nspWeight = addParameter(Layers.weight("nspWeight", new Shape(2, c), Layers.INIT_STD));
        nspBias = addParameter(Layers.bias("nspBias", 2));
    }

    public Bert bert() {
        return bert;
    }

    /** Both heads' logits and losses for one batch. */
    public Losses losses(ParameterStore ps, PretrainingBatch batch, Mode mode) {
        boolean training = mode.training();
        Bert.Output out = bert.forward(ps, batch.tokens(), batch.segments(), batch.real(), mode);
        NDArray hidden = out.hidden();
        long c = hidden.getShape().get(2);
        // The chosen positions' states: a lookup of rows b·T + t in the (B·T, C) table of states, whose backward
        // pass scatters the gradient back to exactly those rows.
        NDArray chosen = Layers.embedding(batch.maskedPositions(), hidden.reshape(-1, c));                         // (N, C)
        NDArray h = Layers.linear(chosen, Layers.value(ps, transformWeight, hidden, training), Layers.value(ps, transformBias, hidden, training));
        h = transformNorm.forward(ps, h.getNDArrayInternal().gelu(), training);
        NDArray mlmLogits = Layers.linear(h, bert.tokenTable(ps, hidden, training), Layers.value(ps, outputBias, hidden, training));  // (N, V)
        NDArray nspLogits = Layers.linear(out.pooled(), Layers.value(ps, nspWeight, hidden, training), Layers.value(ps, nspBias, hidden, training));  // (B, 2)
        NDArray mlm = course.nn.Losses.crossEntropy(mlmLogits, batch.maskedTargets());
        NDArray nsp = course.nn.Losses.crossEntropy(nspLogits, batch.nextSentence());
        return new Losses(mlm.add(nsp), mlm, nsp, mlmLogits, nspLogits);
    }

    /** How many masked words and next-sentence labels {@code losses} got right. */
    public static Correct correct(Losses losses, PretrainingBatch batch) {
        long mlm = losses.mlmLogits().argMax(-1).toType(DataType.INT32, false).eq(batch.maskedTargets()).sum().getLong();
        long nsp = losses.nspLogits().argMax(-1).toType(DataType.INT32, false).eq(batch.nextSentence()).sum().getLong();
        return new Correct(mlm, batch.predictions(), nsp, batch.size());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return bert.forward(ps, inputs, training, params);
    }

    /** Input shape: (B, T) token ids. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        bert.initialize(manager, dataType, inputShapes);
        Shape x = new Shape(1, bert.config().embedding());
        transformNorm.initialize(manager, dataType, x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return bert.getOutputShapes(inputShapes);
    }
}
