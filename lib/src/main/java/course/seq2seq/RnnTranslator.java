package course.seq2seq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import course.decode.BeamSearch;
import course.nn.AdditiveAttention;
import course.nn.Layers;
import course.nn.Masks;
import course.nn.NativeArrays;
import course.rnn.Cells;
import course.rnn.RecurrentCell;
import course.rnn.RecurrentLayer;
import course.rnn.RecurrentState;
import course.rnn.RecurrentWeights;

/**
 * An RNN encoder–decoder translator:
 *
 * <pre>
 *   h_1 … h_S = BiRNN(E_src[x])                 encoder states, both directions side by side       (B, S, 2H)
 *   z = [h→_S ; h←_1]                           what each direction saw last: a summary of the source  (B, 2H)
 *   s_0 = tanh(W_init z)                        the decoder's first state                          (B, H_d)
 *   c_t = z                                     without attention: the same vector every step (the bottleneck)
 *   c_t = Attention(s_{t−1}, h_1 … h_S)         with attention: a new weighted average each step (Bahdanau et al. 2015)
 *   s_t = GRU([E_tgt[y_{t−1}] ; c_t], s_{t−1})
 *   logits_t = W_out [s_t ; c_t ; E_tgt[y_{t−1}]]                                                    (B, V_tgt)
 * </pre>
 *
 * With an LSTM encoder trained this way, h_1 … h_S over an English sentence are McCann et al.'s (2017) CoVe vectors
 * ({@link #encode}'s {@code states}).
 */
public final class RnnTranslator extends AbstractBlock {

    /** The encoder's result: states (B, S, 2H), the key mask (B, S), the summary z (B, 2H), s_0 (B, H_d), U h (B, S, A) or null. */
    public record Encoded(NDArray states, NDArray mask, NDArray summary, NDArray initial, NDArray projectedKeys) {

        /** The rows {@code rows} of every array, in that order (a sentence's row repeated for each of its beams). */
        Encoded rows(NDArray rows) {
            NDIndex pick = new NDIndex("{}", rows);
            return new Encoded(states.get(pick), mask.get(pick), summary.get(pick), initial.get(pick),
                    projectedKeys == null ? null : projectedKeys.get(pick));
        }
    }

    private final RnnTranslatorConfig config;
    private final Parameter sourceEmbedding;
    private final Parameter targetEmbedding;
    private final RecurrentLayer encoder;
    private final Parameter initWeight;      // (H_d, 2H)
    private final Parameter initBias;
    private final AdditiveAttention attention;   // null without attention
    private final RecurrentLayer decoderCell;    // a GRU layer whose weights are used one step at a time
    private final Parameter outputWeight;    // (V_tgt, H_d + 2H + E)
    private final Parameter outputBias;

    public RnnTranslator(RnnTranslatorConfig config) {
        this.config = config;
        int e = config.embedding(), c = config.contextSize(), d = config.decoderHidden();
        sourceEmbedding = addParameter(Layers.weight("sourceEmbedding", new Shape(config.sourceVocab(), e), 0.1f));
        targetEmbedding = addParameter(Layers.weight("targetEmbedding", new Shape(config.targetVocab(), e), 0.1f));
        RecurrentLayer one = config.encoderCell() == RecurrentCell.LSTM ? RecurrentLayer.lstm(e, config.encoderHidden())
                : RecurrentLayer.gru(e, config.encoderHidden());
        encoder = addChildBlock("encoder", one.bidirectional());
        initWeight = addParameter(Layers.uniformWeight("initWeight", new Shape(d, c), c));
        initBias = addParameter(Layers.bias("initBias", d));
        attention = config.attention() ? addChildBlock("attention", new AdditiveAttention(d, c, d)) : null;
        decoderCell = addChildBlock("decoder", RecurrentLayer.gru(e + c, d));
        outputWeight = addParameter(Layers.uniformWeight("outputWeight", new Shape(config.targetVocab(), d + c + e), d + c + e));
        outputBias = addParameter(Layers.bias("outputBias", config.targetVocab()));
    }

    public RnnTranslatorConfig config() {
        return config;
    }

    /** Runs the encoder over (B, S) source ids with each row's real length. */
    public Encoded encode(ParameterStore ps, NDArray source, int[] lengths, boolean training) {
        NDManager scope = source.getManager();
        int b = Math.toIntExact(source.getShape().get(0)), s = Math.toIntExact(source.getShape().get(1));
        NDArray mask = Masks.padding(scope, lengths, s);                                           // (B, S); checks the lengths
        for (int length : lengths) {
            if (length < 1) {
                throw new IllegalArgumentException("an empty source sentence: give every sentence at least one token");
            }
        }
        NDArray x = Layers.dropout(Layers.embedding(source, Layers.value(ps, sourceEmbedding, source, training)), config.dropout(), training);
        NDArray states = encoder.forward(x, null, lengths, encoder.weights(ps, x, training)).output();   // (B, S, 2H)
        int h = config.encoderHidden();
        float[] last = new float[b * s];
        for (int r = 0; r < b; r++) last[r * s + lengths[r] - 1] = 1;
        NDArray atLast = NativeArrays.floats(scope, last, new Shape(b, s, 1));
        NDArray forwardLast = states.get(new NDIndex(":, :, :" + h)).mul(atLast).sum(new int[] {1});      // h→ at each row's last token
        NDArray backwardFirst = states.get(new NDIndex(":, 0, " + h + ":"));                             // h← at the first token
        NDArray summary = forwardLast.concat(backwardFirst, 1);                                          // (B, 2H)
        NDArray initial = Layers.linear(summary, Layers.value(ps, initWeight, summary, training), Layers.value(ps, initBias, summary, training)).tanh();
        NDArray keys = attention == null ? null : attention.projectKeys(ps, states, training);
        return new Encoded(states, mask, summary, initial, keys);
    }

    /** One decoder step from state (B, H_d) and the previous tokens (B): the new state and the logits (B, V_tgt). */
    public NDList step(ParameterStore ps, Encoded encoded, NDArray state, NDArray previousTokens, boolean training) {
        NDArray y = Layers.dropout(Layers.embedding(previousTokens, Layers.value(ps, targetEmbedding, previousTokens, training)),
                config.dropout(), training);                                                               // (B, E)
        NDArray context = attention == null ? encoded.summary()
                : attention.attend(ps, state, encoded.projectedKeys(), encoded.states(), encoded.mask(), training).context();   // (B, 2H)
        RecurrentWeights w = decoderCell.weights(ps, y, training, 0);
        NDArray next = Cells.gruStep(y.concat(context, 1), new RecurrentState(state.expandDims(0), null), w).hidden().squeeze(0);
        NDArray features = Layers.dropout(NDArrays.concat(new NDList(next, context, y), 1), config.dropout(), training);
        NDArray logits = Layers.linear(features, Layers.value(ps, outputWeight, features, training), Layers.value(ps, outputBias, features, training));
        return new NDList(next, logits);
    }

    /** Teacher forcing: every step reads the true previous token; (B, T) inputs → (B, T, V_tgt) logits. */
    public NDArray logits(ParameterStore ps, NDArray source, int[] sourceLengths, NDArray targetIn, boolean training) {
        Encoded encoded = encode(ps, source, sourceLengths, training);
        NDArray state = encoded.initial();
        NDList outputs = new NDList();
        long t = targetIn.getShape().get(1);
        for (long i = 0; i < t; i++) {
            NDList out = step(ps, encoded, state, targetIn.get(new NDIndex(":, " + i)), training);
            state = out.get(0);
            outputs.add(out.get(1));
        }
        return NDArrays.stack(outputs, 1);
    }

    /**
     * A {@link BeamSearch.Decoder} over {@code encoded}'s sentences: each call gathers the rows' sentences and parent
     * states and runs one step. Everything it makes belongs to {@code scope}.
     */
    public BeamSearch.Decoder decoder(ParameterStore ps, Encoded encoded, NDManager scope) {
        return new BeamSearch.Decoder() {
            private int[] sentences;         // the sentence of each of the previous call's rows
            private NDArray states;          // (rows, H_d)

            @Override
            public float[][] next(int[] parents, int[] lastTokens) {
                int[] rowsSentence = new int[parents.length];
                for (int r = 0; r < parents.length; r++) rowsSentence[r] = sentences == null ? parents[r] : sentences[parents[r]];
                NDArray pick = NativeArrays.ints(scope, parents, new Shape(parents.length));
                NDArray state = (states == null ? encoded.initial() : states).get(new NDIndex("{}", pick));
                Encoded rows = encoded.rows(NativeArrays.ints(scope, rowsSentence, new Shape(parents.length)));
                NDList out = step(ps, rows, state, NativeArrays.ints(scope, lastTokens, new Shape(lastTokens.length)), false);
                states = out.get(0);
                sentences = rowsSentence;
                return BeamSearch.logProbabilityRows(out.get(1));
            }
        };
    }

    /** Inputs: [(B, S) source, (B, T) target in], full-length rows; output: [(B, T, V_tgt)]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray source = inputs.get(0);
        int[] lengths = new int[(int) source.getShape().get(0)];
        java.util.Arrays.fill(lengths, (int) source.getShape().get(1));
        return new NDList(logits(ps, source, lengths, inputs.get(1), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape source = inputShapes[0];
        encoder.initialize(manager, dataType, new Shape(source.get(0), source.get(1), config.embedding()));
        if (attention != null) {
            attention.initialize(manager, dataType, new Shape(source.get(0), config.decoderHidden()),
                    new Shape(source.get(0), source.get(1), config.contextSize()), new Shape(source.get(0), source.get(1)));
        }
        decoderCell.initialize(manager, dataType, new Shape(source.get(0), 1, config.embedding() + config.contextSize()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape target = inputShapes.length > 1 ? inputShapes[1] : inputShapes[0];
        return new Shape[] {new Shape(target.get(0), target.get(1), config.targetVocab())};
    }
}
