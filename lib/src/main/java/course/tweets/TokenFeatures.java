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
 * @param batches the tweets, shortest first
 * @param layers  vectors per token
 * @param width   the width of each vector
 */
public record TokenFeatures(List<Batch> batches, int layers, int width) {

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
     */
    public record Batch(int[] positions, long[] tweetIds, Tweets.Label[] labels, int[] lengths, List<NDArray> layers) {
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
            batches.add(new Batch(positions, ids, y, lengths, kept));
        }
        return new TokenFeatures(batches, layers, width);
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
            one.add(new Batch(b.positions(), b.tweetIds(), b.labels(), b.lengths(), List.of(b.layers().get(layer))));
        }
        return new TokenFeatures(one, 1, width);
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
