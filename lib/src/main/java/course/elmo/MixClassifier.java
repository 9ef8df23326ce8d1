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
import course.rnn.RecurrentLayer;
import course.train.AdamW;
import course.train.History;
import course.train.LearningRate;
import course.train.TrainLoop;
import course.tweets.TokenFeatures;
import course.tweets.TweetPredictions;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The small task model on frozen token features, as ELMo's paper uses its vectors: each token's layers mixed by a
 * {@link ScalarMix} (ELMo eq. 1), dropout, a one-layer BiLSTM over the tweet, max- and mean-pooling over the real
 * tokens, dropout, and a linear layer to the three labels. With one layer the mix is a learned scale, so the same
 * model serves the top-layer-only, word2vec and random-vector comparisons.
 */
public final class MixClassifier extends AbstractBlock {

    /**
     * How the classifier trains: {@code epochs} passes over the training batches in a seeded shuffled order, a BiLSTM
     * of {@code hidden} units per direction, AdamW at {@code learningRate} with {@code weightDecay}, {@code dropout}
     * on the mixed vectors and on the pooled one. The epoch with the best validation accuracy is kept.
     */
    public record Settings(int epochs, int hidden, double learningRate, double weightDecay, float dropout) {
        public Settings {
            if (epochs < 1 || hidden < 1 || !(learningRate > 0) || weightDecay < 0) {
                throw new IllegalArgumentException("need epochs >= 1, hidden >= 1, learningRate > 0, weightDecay >= 0, got epochs=" + epochs
                        + ", hidden=" + hidden + ", learningRate=" + learningRate + ", weightDecay=" + weightDecay);
            }
            Layers.checkDropout(dropout);
        }

        public Settings withEpochs(int e) {
            return new Settings(e, hidden, learningRate, weightDecay, dropout);
        }

        public Settings withHidden(int h) {
            return new Settings(epochs, h, learningRate, weightDecay, dropout);
        }
    }

    private final ScalarMix mix;
    private final RecurrentLayer rnn;
    private final Parameter weight;   // (3, 4·hidden)
    private final Parameter bias;     // (3)
    private final int layers;
    private final int width;
    private final int wordWidth;
    private final float dropout;

    /**
     * @param layers    layers per token to mix
     * @param width     their width
     * @param wordWidth the width of word vectors read beside the mix ({@link TokenFeatures#withWords}), or 0
     */
    public MixClassifier(int layers, int width, int wordWidth, int hidden, float dropout) {
        this.layers = layers;
        this.width = width;
        this.wordWidth = wordWidth;
        this.dropout = dropout;
        mix = addChildBlock("mix", new ScalarMix(layers));
        rnn = addChildBlock("bilstm", RecurrentLayer.lstm(wordWidth + width, hidden).bidirectional());
        weight = addParameter(Layers.uniformWeight("outputWeight", new Shape(3, 4L * hidden), 4L * hidden));
        bias = addParameter(Layers.bias("outputBias", 3));
    }

    public ScalarMix mix() {
        return mix;
    }

    /**
     * (B, 3) logits for one batch, computed in {@code scope}: the batch's layers (B, T, width) are copied into it first,
     * so nothing of the step lands in the features' own manager.
     */
    public NDArray logits(ParameterStore ps, TokenFeatures.Batch batch, NDManager scope, boolean training) {
        if (batch.layers().size() != layers || (batch.words() == null) != (wordWidth == 0)) {
            throw new IllegalArgumentException("this classifier mixes " + layers + " layers" + (wordWidth > 0 ? " beside word vectors" : "")
                    + " but the batch has " + batch.layers().size() + (batch.words() != null ? " beside word vectors" : ""));
        }
        List<NDArray> local = new ArrayList<>(layers);
        for (NDArray a : batch.layers()) {
            NDArray copy = a.duplicate();
            copy.attach(scope);
            local.add(copy);
        }
        int b = batch.size();
        int t = (int) local.get(0).getShape().get(1);
        float[] real = new float[b * t];
        float[] counts = new float[b];
        for (int r = 0; r < b; r++) {
            java.util.Arrays.fill(real, r * t, r * t + batch.lengths()[r], 1f);
            counts[r] = batch.lengths()[r];
        }
        NDArray mask = NativeArrays.floats(scope, real, new Shape(b, t, 1));                // 1 on real tokens
        NDArray count = NativeArrays.floats(scope, counts, new Shape(b, 1));
        NDArray mixed = mix.forward(ps, local, training);                                       // (B, T, width)
        if (batch.words() != null) {
            NDArray words = batch.words().duplicate();
            words.attach(scope);
            mixed = words.concat(mixed, 2);                                                     // [x_k; mix], (B, T, wordWidth + width)
        }
        mixed = Layers.dropout(mixed, dropout, training);
        NDArray h = rnn.forward(mixed, null, batch.lengths(), rnn.weights(ps, mixed, training)).output();   // (B, T, 2H)
        NDArray max = h.add(mask.sub(1).mul(1e9f)).max(new int[] {1});                   // padding never wins
        NDArray mean = h.mul(mask).sum(new int[] {1}).div(count);
        NDArray pooled = Layers.dropout(max.concat(mean, 1), dropout, training);         // (B, 4H)
        return Layers.linear(pooled, Layers.value(ps, weight, pooled, training), Layers.value(ps, bias, pooled, training));
    }

    /**
     * Trains a new classifier on {@code train}, measuring accuracy on {@code valid} after every epoch and keeping the
     * parameters of the best epoch (the first, on a tie).
     */
    public static Fitted fit(TokenFeatures train, TokenFeatures valid, Settings settings, long seed, NDManager manager,
                             TrainLoop.Listener... listeners) {
        MixClassifier model = new MixClassifier(train.layers(), train.width(), train.wordWidth(), settings.hidden(), settings.dropout());
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 1, train.width()));
        ParameterStore ps = new ParameterStore(manager, false);
        int perEpoch = train.batches().size();
        int[] order = new int[perEpoch];
        List<Double> validAccuracy = new ArrayList<>();
        float[][][] best = {null};
        double[] bestAccuracy = {Double.NEGATIVE_INFINITY};
        History history = new TrainLoop(model, AdamW.withWeightDecay(settings.weightDecay()), LearningRate.constant(settings.learningRate()),
                new TrainLoop.Options(settings.epochs() * perEpoch, seed, perEpoch, 0))
                .validatedBy(scope -> {
                    Fitted now = new Fitted(model, ps, null, 0, List.of());
                    Scores s = now.scores(valid, scope);
                    validAccuracy.add(s.accuracy());
                    if (s.accuracy() > bestAccuracy[0]) {
                        bestAccuracy[0] = s.accuracy();
                        best[0] = snapshot(model);
                    }
                    return s.loss();
                })
                .with(listeners)
                .run(manager, (scope, step, random) -> {
                    int inEpoch = step % perEpoch;
                    if (inEpoch == 0) {
                        shuffle(order, new Random(seed + step / perEpoch));
                    }
                    TokenFeatures.Batch batch = train.batches().get(order[inEpoch]);
                    return Losses.crossEntropy(model.logits(ps, batch, scope, true), labels(scope, batch));
                });
        restore(model, best[0]);
        int bestEpoch = validAccuracy.indexOf(bestAccuracy[0]) + 1;
        return new Fitted(model, ps, history, bestEpoch, List.copyOf(validAccuracy));
    }

    /** Mean cross-entropy and accuracy over a set of tweets. */
    public record Scores(double loss, double accuracy) {}

    /**
     * A trained classifier and how its training went.
     *
     * @param bestEpoch     the epoch (from 1) whose parameters were kept
     * @param validAccuracy the validation accuracy after each epoch
     */
    public record Fitted(MixClassifier model, ParameterStore parameters, History history, int bestEpoch, List<Double> validAccuracy) {

        /** Predictions for every tweet of {@code tweets}, in the split's order. */
        public TweetPredictions predict(TokenFeatures tweets, NDManager manager) {
            TweetPredictions.Prediction[] rows = new TweetPredictions.Prediction[tweets.size()];
            Tweets.Label[] labels = Tweets.Label.values();
            for (TokenFeatures.Batch batch : tweets.batches()) {
                try (NDManager m = manager.newSubManager()) {
                    NDArray logits = model.logits(parameters, batch, m, false);
                    int[] guess = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
                    float[] p = logits.softmax(1).toFloatArray();
                    for (int i = 0; i < batch.size(); i++) {
                        float[] row = java.util.Arrays.copyOfRange(p, i * 3, i * 3 + 3);
                        rows[batch.positions()[i]] = new TweetPredictions.Prediction(batch.tweetIds()[i], batch.labels()[i], labels[guess[i]], row);
                    }
                }
            }
            return new TweetPredictions(List.of(rows));
        }

        Scores scores(TokenFeatures tweets, NDManager manager) {
            double nats = 0;
            long right = 0;
            for (TokenFeatures.Batch batch : tweets.batches()) {
                try (NDManager m = manager.newSubManager()) {
                    NDArray logits = model.logits(parameters, batch, m, false);
                    nats += Losses.crossEntropy(logits, labels(m, batch)).getFloat() * batch.size();
                    int[] guess = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
                    for (int i = 0; i < batch.size(); i++) {
                        right += guess[i] == batch.labels()[i].ordinal() ? 1 : 0;
                    }
                }
            }
            return new Scores(nats / tweets.size(), (double) right / tweets.size());
        }
    }

    private static float[][] snapshot(MixClassifier model) {
        List<Parameter> ps = model.getParameters().values();
        float[][] out = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            out[i] = ps.get(i).getArray().toFloatArray();
        }
        return out;
    }

    private static void restore(MixClassifier model, float[][] snapshot) {
        if (snapshot == null) {
            return;
        }
        List<Parameter> ps = model.getParameters().values();
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).getArray().set(FloatBuffer.wrap(snapshot[i]));
        }
    }

    private static NDArray labels(NDManager m, TokenFeatures.Batch batch) {
        int[] y = new int[batch.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = batch.labels()[i].ordinal();
        }
        return NativeArrays.ints(m, y, new Shape(y.length));
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

    /** Not used: the classifier reads {@link TokenFeatures.Batch}es through {@link #logits}. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException("call logits(ps, batch, scope, training) with a TokenFeatures.Batch");
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        mix.initialize(manager, dataType, new Shape(1, width));
        rnn.initialize(manager, dataType, new Shape(1, 1, wordWidth + width));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 3)};
    }
}
