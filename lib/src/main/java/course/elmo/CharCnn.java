package course.elmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import course.nn.Highway;
import course.nn.Layers;
import course.nn.NativeArrays;
import java.util.ArrayList;
import java.util.List;

/**
 * A token's vector computed from its characters (Kim et al. 2016; ELMo's layer 0, Peters et al. 2018 §3.1), so
 * there is no out-of-vocabulary word: any string has characters.
 *
 * <pre>
 *   ids    (B, T, L)          L = maxChars character ids per token ({@link CharacterIds})
 *   E[ids] (B·T, e, L)        a learned e-dimensional vector per character
 *   conv_w (B·T, C_w, L−w+1)  for each filter width w: C_w detectors of w-character patterns ("ing", "un", "'s")
 *   max    (B·T, C_w)         the strongest match anywhere in the word, then ReLU; all widths concatenated: (B·T, ΣC)
 *   highway × k               gated mixing of the pattern features (Highway)
 *   project (B, T, D)         a linear map to the model's width
 * </pre>
 */
public final class CharCnn extends AbstractBlock {

    private final CharCnnConfig config;
    private final Parameter characterEmbedding;          // (261, e)
    private final List<Parameter> filterWeights = new ArrayList<>();   // (C_w, e, w) each
    private final List<Parameter> filterBiases = new ArrayList<>();
    private final List<Highway> highways = new ArrayList<>();
    private final Parameter projectionWeight;            // (D, ΣC)
    private final Parameter projectionBias;

    public CharCnn(CharCnnConfig config) {
        this.config = config;
        characterEmbedding = addParameter(Layers.weight("characterEmbedding", new Shape(CharacterIds.SIZE, config.charEmbedding()), 1f));
        for (CharCnnConfig.Filter f : config.filters()) {
            String name = "filter" + f.width();
            filterWeights.add(addParameter(Layers.uniformWeight(name + "Weight", new Shape(f.channels(), config.charEmbedding(), f.width()),
                    (long) config.charEmbedding() * f.width())));
            filterBiases.add(addParameter(Layers.bias(name + "Bias", f.channels())));
        }
        for (int i = 0; i < config.highways(); i++) {
            highways.add(addChildBlock("highway" + i, new Highway(config.channels())));
        }
        projectionWeight = addParameter(Layers.uniformWeight("projectionWeight", new Shape(config.output(), config.channels()), config.channels()));
        projectionBias = addParameter(Layers.bias("projectionBias", config.output()));
    }

    public CharCnnConfig config() {
        return config;
    }

    /** The highway layers, bottom first (notebook 02 §4 reads their weights to write the encoder out by hand). */
    public List<Highway> highways() {
        return List.copyOf(highways);
    }

    /** (B, T, L) character ids → (B, T, D) token vectors. */
    public NDArray forward(ParameterStore ps, NDArray ids, boolean training) {
        Shape shape = ids.getShape();
        if (shape.dimension() != 3 || shape.get(2) != config.maxChars()) {
            throw new IllegalArgumentException("character ids must be (B, T, maxChars = " + config.maxChars() + "), got shape " + shape
                    + "; make them with new CharacterIds(" + config.maxChars() + ")");
        }
        long b = shape.get(0);
        long t = shape.get(1);
        NDArray native64 = NativeArrays.indexCopy(ids).reshape(b * t, config.maxChars());                  // (B·T, L)
        checkRange(native64);
        NDArray e = Layers.value(ps, characterEmbedding, ids, training);
        NDArray chars = native64.getNDArrayInternal().embedding(native64, e, SparseFormat.DENSE).singletonOrThrow()
                .transpose(0, 2, 1);                                                                     // (B·T, e, L)
        NDList pooled = new NDList(filterWeights.size());
        for (int i = 0; i < filterWeights.size(); i++) {
            NDArray conv = chars.getNDArrayInternal().convolution(chars, Layers.value(ps, filterWeights.get(i), ids, training),
                    Layers.value(ps, filterBiases.get(i), ids, training), new Shape(1), new Shape(0), new Shape(1), 1)
                    .singletonOrThrow();                                                                 // (B·T, C_w, L − w + 1)
            pooled.add(conv.max(new int[] {2}).getNDArrayInternal().relu());                             // (B·T, C_w)
        }
        NDArray features = NDArrays.concat(pooled, 1);                                                   // (B·T, ΣC)
        for (Highway h : highways) {
            features = h.forward(ps, features, training);
        }
        NDArray tokens = Layers.linear(features, Layers.value(ps, projectionWeight, ids, training),
                Layers.value(ps, projectionBias, ids, training));                                         // (B·T, D)
        return tokens.reshape(b, t, config.output());
    }

    private static void checkRange(NDArray ids) {
        long[] range = NativeArrays.idRange(ids);
        long min = range[0];
        long max = range[1];
        if (min < 0 || max >= CharacterIds.SIZE) {
            throw new IllegalArgumentException("character ids must be in [0, " + CharacterIds.SIZE + "), got ids from " + min + " to " + max
                    + "; make them with CharacterIds");
        }
    }

    /** Input: [(B, T, L) character ids]; output: [(B, T, D)]. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape features = new Shape(1, config.channels());
        for (Highway h : highways) {
            h.initialize(manager, dataType, features);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {new Shape(ids.get(0), ids.get(1), config.output())};
    }
}
