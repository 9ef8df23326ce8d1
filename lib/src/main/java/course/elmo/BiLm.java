package course.elmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import course.nn.Layers;
import course.rnn.RecurrentLayer;
import course.rnn.RecurrentState;
import course.rnn.Sequences;
import java.util.ArrayList;
import java.util.List;

/**
 * ELMo's bidirectional language model (Peters et al. 2018, §3.1): two language models, one reading left to right
 * and one right to left, that share the character encoder and the softmax but not their LSTMs.
 *
 * <pre>
 *   x_t      = CharCnn(characters of token t)                          layer 0, (B, T, H)
 *   →h_{t,1} = LSTM→₁(x_1 … x_t)        ←h_{t,1} = LSTM←₁(x_t … x_T)     layer 1
 *   →h_{t,j} = LSTM→ⱼ(→h_{·,j−1}) + →h_{t,j−1}   (residual, j ≥ 2)         layer j
 *   p(t_{k+1} | t_1 … t_k) = softmax(W →h_{k,L} + b)     forward LM
 *   p(t_{k−1} | t_k … t_T) = softmax(W ←h_{k,L} + b)     backward LM, the same W and b
 * </pre>
 *
 * Why two one-directional models rather than one BiLSTM trained on a task: each direction is a language model, so
 * it can learn from raw text with no labels, and neither may see the word it predicts — a BiLSTM layer that read
 * both ways would see the answer through its other half. The directions are joined only afterwards, in the features
 * ({@link #layers}): token k's layer j is [→h_{k,j}; ←h_{k,j}], and layer 0 is [x_k; x_k].
 *
 * <p>Training reads each direction from its own stream of text (the backward stream is the corpus reversed), so
 * {@link #forwardLm} and {@link #backwardLm} each take one window and the states carried from the last one.
 */
public final class BiLm extends AbstractBlock {

    /** A language model's top layer over one window and the states to carry into the next. */
    public record LmOutput(NDArray top, List<RecurrentState> states) {}

    private final BiLmConfig config;
    private final CharCnn encoder;
    private final List<RecurrentLayer> forward = new ArrayList<>();
    private final List<RecurrentLayer> backward = new ArrayList<>();
    private final Parameter softmaxWeight;   // W (V, H)
    private final Parameter softmaxBias;     // b (V)

    public BiLm(BiLmConfig config) {
        this.config = config;
        encoder = addChildBlock("encoder", new CharCnn(config.encoder()));
        for (int j = 0; j < config.layers(); j++) {
            forward.add(addChildBlock("forward" + j, RecurrentLayer.lstm(config.hidden(), config.hidden())));
        }
        for (int j = 0; j < config.layers(); j++) {
            backward.add(addChildBlock("backward" + j, RecurrentLayer.lstm(config.hidden(), config.hidden())));
        }
        softmaxWeight = addParameter(Layers.uniformWeight("softmaxWeight", new Shape(config.vocabSize(), config.hidden()), config.hidden()));
        softmaxBias = addParameter(Layers.bias("softmaxBias", config.vocabSize()));
    }

    public BiLmConfig config() {
        return config;
    }

    public CharCnn encoder() {
        return encoder;
    }

    /**
     * The forward LM over one window: character ids (B, T, L) → its top layer (B, T, H) and the final states.
     *
     * @param states each layer's state from the previous window (detached), or null to start from zeros
     */
    public LmOutput forwardLm(ParameterStore ps, NDArray ids, List<RecurrentState> states, boolean training) {
        return run(forward, ps, encoder.forward(ps, ids, training), states, training);
    }

    /** The backward LM over one window of the reversed text: the window's ids are already in reverse order. */
    public LmOutput backwardLm(ParameterStore ps, NDArray reversedIds, List<RecurrentState> states, boolean training) {
        return run(backward, ps, encoder.forward(ps, reversedIds, training), states, training);
    }

    /** Scores over the vocabulary from a top layer: (B, T, H) → (B, T, V). */
    public NDArray logits(ParameterStore ps, NDArray top, boolean training) {
        return Layers.linear(top, Layers.value(ps, softmaxWeight, top, training), Layers.value(ps, softmaxBias, top, training));
    }

    /** The softmax's W (V, H) and b (V) for one pass, e.g. for a sampled softmax over a subset of the rows. */
    public NDArray[] softmaxParameters(ParameterStore ps, NDArray like, boolean training) {
        return new NDArray[] {Layers.value(ps, softmaxWeight, like, training), Layers.value(ps, softmaxBias, like, training)};
    }

    private LmOutput run(List<RecurrentLayer> stack, ParameterStore ps, NDArray x, List<RecurrentState> states, boolean training) {
        if (states != null && states.size() != stack.size()) {
            throw new IllegalArgumentException("need one state per layer (" + stack.size() + "), got " + states.size());
        }
        List<RecurrentState> next = new ArrayList<>(stack.size());
        NDArray h = Layers.dropout(x, config.dropout(), training);
        for (int j = 0; j < stack.size(); j++) {
            RecurrentLayer layer = stack.get(j);
            RecurrentLayer.Output out = layer.forward(h, states == null ? null : states.get(j), null, layer.weights(ps, h, training));
            NDArray y = j == 0 ? out.output() : out.output().add(h);                    // residual from layer 2 on
            h = Layers.dropout(y, config.dropout(), training);
            next.add(out.state());
        }
        return new LmOutput(h, next);
    }

    /**
     * The representations ELMo mixes, for right-padded sentences (no dropout, no carried state): L + 1 arrays of
     * (B, T, 2H) — layer 0 [x; x], then each LSTM layer [→h; ←h] with the backward direction aligned to the same
     * positions (it read each row backwards from its last real token).
     *
     * @param lengths each row's real length, or null when every row fills T
     */
    public List<NDArray> layers(ParameterStore ps, NDArray ids, int[] lengths) {
        NDArray x = encoder.forward(ps, ids, false);                                    // (B, T, H)
        List<NDArray> result = new ArrayList<>(config.layers() + 1);
        result.add(x.concat(x, 2));
        NDArray f = x;
        NDArray b = Sequences.reverse(x, lengths);
        for (int j = 0; j < config.layers(); j++) {
            RecurrentLayer fl = forward.get(j);
            RecurrentLayer bl = backward.get(j);
            NDArray fo = fl.forward(f, null, null, fl.weights(ps, f, false)).output();
            NDArray bo = bl.forward(b, null, null, bl.weights(ps, b, false)).output();
            f = j == 0 ? fo : fo.add(f);
            b = j == 0 ? bo : bo.add(b);
            result.add(f.concat(Sequences.reverse(b, lengths), 2));
        }
        return result;
    }

    /** Input: [(B, T, L) character ids]; output: [(B, T, V) forward-LM logits]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(logits(ps, forwardLm(ps, inputs.singletonOrThrow(), null, training).top(), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        encoder.initialize(manager, dataType, ids);
        Shape stream = new Shape(ids.get(0), ids.get(1), config.hidden());
        for (RecurrentLayer l : forward) {
            l.initialize(manager, dataType, stream);
        }
        for (RecurrentLayer l : backward) {
            l.initialize(manager, dataType, stream);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), config.vocabSize())};
    }
}
