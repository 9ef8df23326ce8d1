package course.ulmfit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import course.rnn.RecurrentLayer;
import course.rnn.RecurrentState;
import course.rnn.RecurrentWeights;
import course.train.ParameterGroup;
import course.train.ParameterGroups;
import java.util.ArrayList;
import java.util.List;

/**
 * AWD-LSTM (Merity, Keskar &amp; Socher 2017, "Regularizing and Optimizing LSTM Language Models"): a plain stack of
 * LSTM layers made hard to overfit by five regularisers, each its own class, and the language model ULMFiT starts
 * from (Howard &amp; Ruder 2018, §3.1). Forward direction, word level:
 *
 * <pre>
 *   x₀ = LockedDropout_in(EmbeddingDropout(E)[w])       (B, T, C)   whole words, then one mask per sequence
 *   xₗ = LSTMₗ(xₗ₋₁; W_h ⊙ M_l)                          (B, T, H)   weight drop: one mask M_l on W_h per batch
 *        then LockedDropout_hidden between layers                     (not after the last)
 *   h  = x_L                                            (B, T, C)   the last layer is C wide, for the tied output
 *   logits = LockedDropout_out(h) Eᵀ + b                (B, T, V)   TiedDecoder: the same E as the input
 *   loss = CE + α·mean(LockedDropout_out(h)²) + β·mean((h_t − h_{t−1})²)      ActivationRegularization
 * </pre>
 *
 * The pieces are separate blocks — {@link WordEmbedding} ("embedding"), one {@link RecurrentLayer} per layer
 * ("lstm1" … "lstmL"), {@link TiedDecoder} ("decoder") — so {@link #layerGroups} can give each its own learning
 * rate and freeze or unfreeze it (ULMFiT §3.2, §3.3). The tied E is the embedding group's: freezing "embedding"
 * freezes the output layer's weight too.
 *
 * <p>Truncated BPTT: {@link #forward} takes each layer's state from the previous window (detached, and reset where a
 * document starts — {@link LanguageModelTraining} does both) and returns the states to carry on. Everything a forward
 * pass creates, dropout masks included, belongs to the ids' manager.
 */
public final class AwdLstm extends AbstractBlock {

    /** The group and child-block names: "embedding", "lstm1" … "lstmL", "decoder". */
    public static final String EMBEDDING = "embedding";
    public static final String DECODER = "decoder";

    /**
     * What one window produced.
     *
     * @param top     (B, T, C) the last LSTM layer's output, before output dropout: what TAR reads and what a
     *                classifier pools
     * @param dropped (B, T, C) the same after output dropout (equal to {@code top} outside training): what the
     *                decoder and AR read
     * @param states  each layer's state after the window's last position, to carry into the next window
     */
    public record Output(NDArray top, NDArray dropped, List<RecurrentState> states) {}

    private final AwdLstmConfig config;
    private final WordEmbedding embedding;
    private final List<RecurrentLayer> layers = new ArrayList<>();
    private final TiedDecoder decoder;
    private final EmbeddingDropout embeddingDropout;
    private final LockedDropout inputDropout;
    private final LockedDropout hiddenDropout;
    private final LockedDropout outputDropout;
    private final WeightDrop weightDrop;

    public AwdLstm(AwdLstmConfig config) {
        this.config = config;
        embedding = addChildBlock(EMBEDDING, new WordEmbedding(config.vocabSize(), config.embedding()));
        for (int l = 0; l < config.layers(); l++) {
            layers.add(addChildBlock(layerName(l), RecurrentLayer.lstm(config.layerInput(l), config.layerOutput(l))));
        }
        decoder = addChildBlock(DECODER, new TiedDecoder(embedding));
        embeddingDropout = new EmbeddingDropout(config.embeddingDropout());
        inputDropout = new LockedDropout(config.inputDropout());
        hiddenDropout = new LockedDropout(config.hiddenDropout());
        outputDropout = new LockedDropout(config.outputDropout());
        weightDrop = new WeightDrop(config.weightDrop());
    }

    /** "lstm1" for layer 0, "lstm2" for layer 1, …: the name of layer l's block and parameter group. */
    public static String layerName(int layer) {
        return "lstm" + (layer + 1);
    }

    public AwdLstmConfig config() {
        return config;
    }

    public WordEmbedding embedding() {
        return embedding;
    }

    /** LSTM layer l (0-based, bottom first). */
    public RecurrentLayer layer(int layer) {
        return layers.get(layer);
    }

    public TiedDecoder decoder() {
        return decoder;
    }

    /**
     * The language model as L + 2 parameter groups, bottom first: "embedding" (E, also the output weight), "lstm1" …
     * "lstmL", "decoder" (the output bias). Discriminative rates ({@code .discriminative(2.6)}) and gradual unfreezing
     * ({@code .trainingTop(n)}) work on these. The model must be initialised.
     */
    public ParameterGroups layerGroups() {
        List<ParameterGroup> groups = new ArrayList<>(encoderGroups());
        groups.add(ParameterGroup.of(DECODER, decoder));
        return new ParameterGroups(groups);
    }

    /** The encoder's groups, bottom first: "embedding", "lstm1" … "lstmL" (a classifier adds its head on top). */
    public List<ParameterGroup> encoderGroups() {
        List<ParameterGroup> groups = new ArrayList<>();
        groups.add(ParameterGroup.of(EMBEDDING, embedding));
        for (int l = 0; l < layers.size(); l++) {
            groups.add(ParameterGroup.of(layerName(l), layers.get(l)));
        }
        return groups;
    }

    /**
     * One window through the encoder: word ids (B, T) → the last layer's output and every layer's final state.
     *
     * @param ids      (B, T) int32 or int64 word ids in [0, V)
     * @param initial  one state per layer from the previous window (detached), or null to start from zeros
     * @param training true: every dropout of the config is applied (masks drawn afresh for this batch)
     */
    public Output forward(ParameterStore ps, NDArray ids, List<RecurrentState> initial, boolean training) {
        Shape shape = ids.getShape();
        if (shape.dimension() != 2 || shape.get(0) < 1 || shape.get(1) < 1) {
            throw new IllegalArgumentException("word ids must be (B, T) with B, T >= 1, got shape " + shape);
        }
        if (initial != null && initial.size() != layers.size()) {
            throw new IllegalArgumentException("need one state per layer (" + layers.size() + "), got " + initial.size());
        }
        NDManager scope = ids.getManager();
        NDArray x = inputDropout.apply(embedding.lookup(ps, ids, embeddingDropout, training), training);   // (B, T, C)
        List<RecurrentState> states = new ArrayList<>(layers.size());
        NDArray top = null;
        for (int l = 0; l < layers.size(); l++) {
            RecurrentLayer layer = layers.get(l);
            RecurrentWeights w = weightDrop.apply(layer.weights(ps, x, training, 0), scope, training);
            RecurrentLayer.Output out = layer.forward(x, initial == null ? null : initial.get(l), null, List.of(w));
            states.add(out.state());
            top = out.output();                                                                              // (B, T, H or C)
            x = l < layers.size() - 1 ? hiddenDropout.apply(top, training) : top;
        }
        return new Output(top, outputDropout.apply(top, training), states);
    }

    /** Next-word scores from a window's output: its dropped top layer through the tied decoder, (B, T, V). */
    public NDArray logits(ParameterStore ps, Output output, boolean training) {
        return decoder.logits(ps, output.dropped(), training);
    }

    /** AR + TAR of a window's output, padding left out ({@code realOrNull}: (B, T) boolean, true at real positions). */
    public NDArray regularization(Output output, NDArray realOrNull) {
        return config.regularization().penalty(output.dropped(), output.top(), realOrNull);
    }

    /** Input: [(B, T) word ids]; output: [(B, T, V) logits] from zero states. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(logits(ps, forward(ps, inputs.singletonOrThrow(), null, training), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        embedding.initialize(manager, dataType, ids);
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).initialize(manager, dataType, new Shape(ids.get(0), ids.get(1), config.layerInput(l)));
        }
        decoder.initialize(manager, dataType, new Shape(ids.get(0), ids.get(1), config.embedding()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), config.vocabSize())};
    }
}
