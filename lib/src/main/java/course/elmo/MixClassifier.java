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
import course.data.Tweets;
import course.nn.Layers;
import course.nn.Losses;
import course.nn.NativeArrays;
import course.train.AdamW;
import course.train.History;
import course.train.LearningRate;
import course.train.TrainLoop;
import course.tweets.TweetFeatures;
import course.tweets.TweetPredictions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The small task model on frozen features: the layers mixed by a {@link ScalarMix} (ELMo eq. 1), dropout, and one
 * linear layer to the three labels. With one layer the mix is just a learned scale, so the same model serves the
 * top-layer-only, word2vec and random-embedding comparisons.
 */
public final class MixClassifier extends AbstractBlock {

    /**
     * How the classifier trains: {@code epochs} passes over the training tweets in a seeded shuffled order,
     * {@code batchSize} at a time, AdamW at {@code learningRate} with {@code weightDecay}, {@code dropout} on the mixed
     * vector.
     */
    public record Settings(int epochs, int batchSize, double learningRate, double weightDecay, float dropout) {
        public Settings {
            if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || weightDecay < 0) {
                throw new IllegalArgumentException("need epochs >= 1, batchSize >= 1, learningRate > 0, weightDecay >= 0, got epochs=" + epochs
                        + ", batchSize=" + batchSize + ", learningRate=" + learningRate + ", weightDecay=" + weightDecay);
            }
            Layers.checkDropout(dropout);
        }

        public Settings withEpochs(int e) {
            return new Settings(e, batchSize, learningRate, weightDecay, dropout);
        }
    }

    private final ScalarMix mix;
    private final Parameter weight;   // (3, d)
    private final Parameter bias;     // (3)
    private final int layers;
    private final int width;
    private final float dropout;

    public MixClassifier(int layers, int width, float dropout) {
        this.layers = layers;
        this.width = width;
        this.dropout = dropout;
        mix = addChildBlock("mix", new ScalarMix(layers));
        weight = addParameter(Layers.uniformWeight("outputWeight", new Shape(3, width), width));
        bias = addParameter(Layers.bias("outputBias", 3));
    }

    public ScalarMix mix() {
        return mix;
    }

    /** (B, layers, d) features → (B, 3) logits. */
    public NDArray logits(ParameterStore ps, NDArray features, boolean training) {
        List<NDArray> perLayer = new ArrayList<>(layers);
        for (int j = 0; j < layers; j++) {
            perLayer.add(features.get(":, " + j + ", :"));                                      // (B, d)
        }
        NDArray mixed = Layers.dropout(mix.forward(ps, perLayer, training), dropout, training);
        return Layers.linear(mixed, Layers.value(ps, weight, features, training), Layers.value(ps, bias, features, training));
    }

    /** Trains a new classifier on {@code train}; the history has one training loss per step. */
    public static Fitted fit(TweetFeatures train, Settings settings, long seed, NDManager manager, TrainLoop.Listener... listeners) {
        MixClassifier model = new MixClassifier(train.layers(), train.width(), settings.dropout());
        model.initialize(manager, DataType.FLOAT32, new Shape(1, train.layers(), train.width()));
        ParameterStore ps = new ParameterStore(manager, false);
        int perEpoch = (train.size() + settings.batchSize() - 1) / settings.batchSize();
        int[] order = new int[train.size()];
        History history = new TrainLoop(model, AdamW.withWeightDecay(settings.weightDecay()), LearningRate.constant(settings.learningRate()),
                new TrainLoop.Options(settings.epochs() * perEpoch, seed, Integer.MAX_VALUE, 0)).with(listeners)
                .run(manager, (scope, step, random) -> {
                    int inEpoch = step % perEpoch;
                    if (inEpoch == 0) {
                        shuffle(order, new Random(seed + step / perEpoch));
                    }
                    int from = inEpoch * settings.batchSize();
                    int size = Math.min(settings.batchSize(), train.size() - from);
                    int[] rows = java.util.Arrays.copyOfRange(order, from, from + size);
                    return Losses.crossEntropy(model.logits(ps, features(scope, train, rows), true), labels(scope, train, rows));
                });
        return new Fitted(model, ps, history);
    }

    /** A trained classifier and how its loss went. */
    public record Fitted(MixClassifier model, ParameterStore parameters, History history) {

        /** Predictions for every tweet of {@code tweets}, in their order. */
        public TweetPredictions predict(TweetFeatures tweets, NDManager manager) {
            List<TweetPredictions.Prediction> rows = new ArrayList<>(tweets.size());
            Tweets.Label[] labels = Tweets.Label.values();
            for (int from = 0; from < tweets.size(); from += 256) {
                int size = Math.min(256, tweets.size() - from);
                int[] index = java.util.stream.IntStream.range(from, from + size).toArray();
                try (NDManager m = manager.newSubManager()) {
                    NDArray logits = model.logits(parameters, features(m, tweets, index), false);
                    int[] guess = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
                    float[] p = logits.softmax(1).toFloatArray();
                    for (int i = 0; i < size; i++) {
                        float[] row = java.util.Arrays.copyOfRange(p, i * 3, i * 3 + 3);
                        rows.add(new TweetPredictions.Prediction(tweets.tweetIds()[from + i], tweets.labels()[from + i], labels[guess[i]], row));
                    }
                }
            }
            return new TweetPredictions(rows);
        }
    }

    private static NDArray features(NDManager m, TweetFeatures data, int[] rows) {
        int l = data.layers();
        int d = data.width();
        float[] flat = new float[rows.length * l * d];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < l; j++) {
                System.arraycopy(data.features()[rows[i]][j], 0, flat, (i * l + j) * d, d);
            }
        }
        return NativeArrays.floats(m, flat, new Shape(rows.length, l, d));
    }

    private static NDArray labels(NDManager m, TweetFeatures data, int[] rows) {
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = data.labels()[rows[i]].ordinal();
        }
        return NativeArrays.ints(m, y, new Shape(rows.length));
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(logits(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        mix.initialize(manager, dataType, new Shape(1, width));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 3)};
    }
}
