package course.tweets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.data.TweetSplit;
import course.data.Tweets;
import course.nn.NativeArrays;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One part of the tweet split as frozen vectors per token — the input of a task model that does not change the
 * model the vectors came from (ELMo's layers in 02, CoVe in 04, word2vec or random vectors as baselines). Every
 * token has {@code layers} vectors of {@code width}. The tweets come in fixed batches of similar length (sorted by
 * length, so there is little padding), computed once: a task model then reads them every epoch without running the
 * feature model again.
 *
 * <p>The arrays belong to the manager given to {@link #of}; close it when the features are no longer needed.
 *
 * @param batches   the tweets, shortest first
 * @param layers    vectors per token
 * @param width     the width of each vector
 * @param wordWidth the width of the word vectors set beside the layers ({@link #withWords}), or 0
 */
public record TokenFeatures(List<Batch> batches, int layers, int width, int wordWidth) {

    /** A tweet's words → its vectors: for a batch of right-padded word lists, {@code layers} arrays (B, T, width). */
    @FunctionalInterface
    public interface Encoder {
        List<NDArray> layers(List<List<String>> tweets, NDManager manager);
    }

    /**
     * Tweets of similar length with their vectors.
     *
     * @param positions each row's place in the part of the split (predictions are put back in that order)
     * @param lengths   each row's real token count; positions after it are padding
     * @param layers    {@code layers} arrays (B, T, width), T the longest row
     * @param words     (B, T, wordWidth) word vectors set beside the layers, or null
     */
    public record Batch(int[] positions, long[] tweetIds, Tweets.Label[] labels, int[] lengths, List<NDArray> layers, NDArray words) {
        public Batch {
            layers = List.copyOf(layers);
        }

        public int size() {
            return lengths.length;
        }
    }

    public TokenFeatures {
        batches = List.copyOf(batches);
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("need at least one batch of tweets");
        }
    }

    /** Every tweet of the split's {@code part} (the first {@code limit}; 0 = all), cut to {@code maxTokens} words. */
    public static TokenFeatures of(TweetTask task, TweetSplit.Split part, int limit, Function<String, List<String>> words, int maxTokens,
                                   int batchSize, Encoder encoder, NDManager manager) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0: every tweet), got " + limit);
        }
        Table rows = task.rows(part);
        if (limit > 0 && limit < rows.rowCount()) {
            rows = rows.first(limit);
        }
        LongColumn ids = rows.longColumn("tweet_id");
        StringColumn texts = rows.stringColumn("text");
        long[] tweetIds = new long[rows.rowCount()];
        List<List<String>> tokens = new ArrayList<>(rows.rowCount());
        for (int r = 0; r < rows.rowCount(); r++) {
            tweetIds[r] = ids.getLong(r);
            tokens.add(words.apply(texts.get(r)));
        }
        return of(tweetIds, Tweets.labels(rows).toArray(new Tweets.Label[0]), tokens, maxTokens, batchSize, encoder, manager);
    }

    /**
     * Tweets given as word lists. An empty tweet (emoji only, say) reads as the one token {@code </s>}, so every
     * row has a vector; a tweet longer than {@code maxTokens} keeps its first {@code maxTokens} words.
     */
    public static TokenFeatures of(long[] tweetIds, Tweets.Label[] labels, List<List<String>> tokens, int maxTokens, int batchSize,
                                   Encoder encoder, NDManager manager) {
        if (tweetIds.length != labels.length || labels.length != tokens.size() || tokens.isEmpty()) {
            throw new IllegalArgumentException("need as many ids, labels and token lists, at least one: got " + tweetIds.length + ", "
                    + labels.length + ", " + tokens.size());
        }
        if (maxTokens < 1 || batchSize < 1) {
            throw new IllegalArgumentException("need maxTokens >= 1 and batchSize >= 1, got " + maxTokens + " and " + batchSize);
        }
        List<List<String>> cut = new ArrayList<>(tokens.size());
        for (List<String> t : tokens) {
            cut.add(t.isEmpty() ? List.of("</s>") : t.size() > maxTokens ? List.copyOf(t.subList(0, maxTokens)) : t);
        }
        int[] order = IntStream.range(0, cut.size()).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> cut.get(i).size()).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        List<Batch> batches = new ArrayList<>();
        int layers = -1;
        int width = -1;
        for (int from = 0; from < order.length; from += batchSize) {
            int[] positions = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
            List<List<String>> texts = new ArrayList<>(positions.length);
            long[] ids = new long[positions.length];
            Tweets.Label[] y = new Tweets.Label[positions.length];
            int[] lengths = new int[positions.length];
            for (int i = 0; i < positions.length; i++) {
                texts.add(cut.get(positions[i]));
                ids[i] = tweetIds[positions[i]];
                y[i] = labels[positions[i]];
                lengths[i] = cut.get(positions[i]).size();
            }
            int t = lengths[lengths.length - 1];
            List<NDArray> kept = new ArrayList<>();
            try (NDManager scope = manager.newSubManager()) {
                List<NDArray> computed = encoder.layers(texts, scope);
                if (computed.isEmpty()) {
                    throw new IllegalArgumentException("the encoder gave no layer");
                }
                for (NDArray a : computed) {
                    Shape s = a.getShape();
                    if (s.dimension() != 3 || s.get(0) != positions.length || s.get(1) != t
                            || (width >= 0 && s.get(2) != width) || s.get(2) != computed.get(0).getShape().get(2)) {
                        throw new IllegalArgumentException("the encoder must give arrays (B, T, width) = (" + positions.length + ", " + t
                                + ", " + (width >= 0 ? width : "width") + ") for this batch, the same width for every layer; got " + s);
                    }
                    NDArray copy = a.stopGradient();          // frozen: no graph back into the feature model
                    copy.attach(manager);
                    kept.add(copy);
                }
                if (layers >= 0 && computed.size() != layers) {
                    throw new IllegalArgumentException("the encoder gave " + computed.size() + " layers for one batch and " + layers + " for another");
                }
                layers = computed.size();
                width = (int) computed.get(0).getShape().get(2);
            }
            batches.add(new Batch(positions, ids, y, lengths, kept, null));
        }
        return new TokenFeatures(batches, layers, width, 0);
    }

    /** How many tweets. */
    public int size() {
        return batches.stream().mapToInt(Batch::size).sum();
    }

    /** The same tweets with only layer {@code layer} (the top layer alone, for a comparison); the arrays are shared. */
    public TokenFeatures layer(int layer) {
        if (layer < 0 || layer >= layers) {
            throw new IllegalArgumentException("layer must be in 0.." + (layers - 1) + ", got " + layer);
        }
        List<Batch> one = new ArrayList<>(batches.size());
        for (Batch b : batches) {
            one.add(new Batch(b.positions(), b.tweetIds(), b.labels(), b.lengths(), List.of(b.layers().get(layer)), b.words()));
        }
        return new TokenFeatures(one, 1, width, wordWidth);
    }

    /**
     * These tweets with {@code words}' one vector per token set beside their layers: a task model reads
     * [x_k; mix of h_{k,j}], the context-independent word vector x_k next to the mixed layers — how the ELMo paper feeds
     * its vectors to a task model (§3.3). The arrays are shared, not copied.
     */
    public TokenFeatures withWords(TokenFeatures words) {
        if (words.layers() != 1 || words.batches().size() != batches.size()) {
            throw new IllegalArgumentException("need one layer of word vectors in the same batches: got " + words.layers() + " layer(s) in "
                    + words.batches().size() + " batches, these features have " + batches.size());
        }
        List<Batch> out = new ArrayList<>(batches.size());
        for (int i = 0; i < batches.size(); i++) {
            Batch b = batches.get(i);
            Batch w = words.batches().get(i);
            if (!java.util.Arrays.equals(b.positions(), w.positions())) {
                throw new IllegalArgumentException("batch " + i + " holds other tweets in the word vectors: build both from the same tweets,"
                        + " words and batch size");
            }
            out.add(new Batch(b.positions(), b.tweetIds(), b.labels(), b.lengths(), b.layers(), w.layers().get(0)));
        }
        return new TokenFeatures(out, layers, width, words.width());
    }

    /**
     * Per layer and dimension, the mean and standard deviation of the vectors over the real tokens of a training set:
     * frozen features can sit far from zero and share one large direction (vectors of different words then have cosines
     * near 1), which a small task model learns from slowly. Scaling each dimension to mean 0 and deviation 1, with
     * the training set's numbers for every part of the split, puts them on the footing a freshly initialised layer
     * expects.
     *
     * @param mean {@code mean[layer][d]}
     * @param std  {@code std[layer][d]}, at least 1e-6
     */
    public record Scaling(float[][] mean, float[][] std) {

        /** The statistics of {@code train}'s real tokens (padding positions are not counted). */
        public static Scaling of(TokenFeatures train) {
            int l = train.layers();
            int w = train.width();
            double[][] sum = new double[l][w];
            double[][] squares = new double[l][w];
            long tokens = 0;
            for (Batch b : train.batches()) {
                int t = (int) b.layers().get(0).getShape().get(1);
                for (int j = 0; j < l; j++) {
                    float[] v = b.layers().get(j).toFloatArray();
                    for (int r = 0; r < b.size(); r++) {
                        for (int i = 0; i < b.lengths()[r]; i++) {
                            int at = (r * t + i) * w;
                            for (int d = 0; d < w; d++) {
                                sum[j][d] += v[at + d];
                                squares[j][d] += (double) v[at + d] * v[at + d];
                            }
                        }
                    }
                }
                tokens += java.util.Arrays.stream(b.lengths()).sum();
            }
            float[][] mean = new float[l][w];
            float[][] std = new float[l][w];
            for (int j = 0; j < l; j++) {
                for (int d = 0; d < w; d++) {
                    double m = sum[j][d] / tokens;
                    mean[j][d] = (float) m;
                    std[j][d] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, squares[j][d] / tokens - m * m)));
                }
            }
            return new Scaling(mean, std);
        }
    }

    /** These tweets with every vector scaled by {@code scaling}: (v − mean) / std per layer and dimension. */
    public TokenFeatures scaled(Scaling scaling, NDManager manager) {
        if (scaling.mean().length != layers || scaling.mean()[0].length != width) {
            throw new IllegalArgumentException("the scaling is for " + scaling.mean().length + " layers of " + scaling.mean()[0].length
                    + ", these features have " + layers + " of " + width);
        }
        List<Batch> out = new ArrayList<>(batches.size());
        try (NDManager constants = manager.newSubManager()) {
            List<NDArray> means = new ArrayList<>();
            List<NDArray> stds = new ArrayList<>();
            for (int j = 0; j < layers; j++) {
                means.add(NativeArrays.floats(constants, scaling.mean()[j], new Shape(1, 1, width)));
                stds.add(NativeArrays.floats(constants, scaling.std()[j], new Shape(1, 1, width)));
            }
            for (Batch b : batches) {
                List<NDArray> kept = new ArrayList<>(layers);
                for (int j = 0; j < layers; j++) {
                    NDArray v = b.layers().get(j).sub(means.get(j)).divi(stds.get(j));
                    v.attach(manager);
                    kept.add(v);
                }
                out.add(new Batch(b.positions(), b.tweetIds(), b.labels(), b.lengths(), kept, b.words()));
            }
        }
        return new TokenFeatures(out, layers, width, wordWidth);
    }

    /**
     * An encoder from one vector per word (word2vec's, or a fixed random one): one layer (B, T, dimensions), zeros
     * for a word without a vector and for padding.
     */
    public static Encoder wordVectors(Function<String, float[]> vectorOrNull, int dimensions) {
        return (tweets, manager) -> {
            int t = tweets.stream().mapToInt(List::size).max().orElse(0);
            float[] flat = new float[tweets.size() * t * dimensions];
            for (int b = 0; b < tweets.size(); b++) {
                List<String> words = tweets.get(b);
                for (int i = 0; i < words.size(); i++) {
                    float[] v = vectorOrNull.apply(words.get(i));
                    if (v != null) {
                        if (v.length != dimensions) {
                            throw new IllegalArgumentException("the vector of '" + words.get(i) + "' has " + v.length + " dimensions, expected " + dimensions);
                        }
                        System.arraycopy(v, 0, flat, (b * t + i) * dimensions, dimensions);
                    }
                }
            }
            return List.of(NativeArrays.floats(manager, flat, new Shape(tweets.size(), t, dimensions)));
        };
    }
}
