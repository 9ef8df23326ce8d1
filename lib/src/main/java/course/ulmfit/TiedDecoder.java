package course.ulmfit;

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

/**
 * The language model's output layer with its weight tied to the input embedding (Inan et al. 2017; Press &amp; Wolf
 * 2017; AWD-LSTM §4.5): the scores of the next word are h Eᵀ + b, with E (V, C) the {@link WordEmbedding}'s matrix,
 * so a word's input vector is also the direction that predicts it. It saves V·C parameters (the largest matrix of a
 * small LM) and lets every occurrence of a word as a target train its input vector too. Only the bias b (V) is this
 * block's own parameter; E stays the embedding's (one parameter, one gradient, summed from both uses by autograd).
 *
 * <p>The last LSTM layer must therefore output C numbers, which is why an AWD-LSTM's last layer is narrower than the
 * others ({@link AwdLstmConfig#layerOutput}).
 */
public final class TiedDecoder extends AbstractBlock {

    private final WordEmbedding embedding;
    private final Parameter bias;   // b (V)

    public TiedDecoder(WordEmbedding embedding) {
        this.embedding = embedding;
        bias = addParameter(Layers.bias("bias", embedding.vocabSize()));
    }

    /** Scores over the vocabulary: h (B, T, C) → (B, T, V) = h Eᵀ + b. */
    public NDArray logits(ParameterStore ps, NDArray h, boolean training) {
        Layers.checkLastDimension(h, embedding.size(), "the decoder's input");
        return Layers.linear(h, embedding.matrix(ps, h, training), Layers.value(ps, bias, h, training));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(logits(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape h = inputShapes[0];
        return new Shape[] {h.slice(0, h.dimension() - 1).addAll(new Shape(embedding.vocabSize()))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {}
}
