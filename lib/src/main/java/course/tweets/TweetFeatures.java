package course.tweets;

import course.data.TweetSplit;
import course.data.Tweets;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One part of the tweet split as fixed feature vectors — the input of a classifier that does not touch the model the
 * features came from (frozen features: ELMo's layers in 02, CoVe in 04, word2vec averages as a baseline). Each tweet
 * has one vector per layer, all of the same width.
 *
 * @param tweetIds the tweets, in the split's order
 * @param labels   their labels
 * @param features {@code features[tweet][layer][d]}
 */
public record TweetFeatures(long[] tweetIds, Tweets.Label[] labels, float[][][] features) {

    public TweetFeatures {
        Objects.requireNonNull(features, "features");
        if (tweetIds.length != labels.length || labels.length != features.length || features.length == 0) {
            throw new IllegalArgumentException("need as many ids, labels and feature rows, at least one: got " + tweetIds.length + ", "
                    + labels.length + ", " + features.length);
        }
        int layers = features[0].length;
        int width = features[0][0].length;
        for (float[][] f : features) {
            if (f.length != layers || f[0].length != width) {
                throw new IllegalArgumentException("every tweet needs " + layers + " layers of width " + width);
            }
        }
    }

    /**
     * The features of one part of {@code task}'s split: each tweet's text → its words ({@code words}) → its vectors
     * per layer ({@code featuresOf}, called once with all the part's tweets so it can batch them).
     *
     * @param limit the first this many tweets of the part only (a quick run), or 0 for all of them
     */
    public static TweetFeatures of(TweetTask task, TweetSplit.Split part, int limit, Function<String, List<String>> words,
                                   Function<List<List<String>>, float[][][]> featuresOf) {
        Table rows = task.rows(part);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0: every tweet), got " + limit);
        }
        if (limit > 0 && limit < rows.rowCount()) {
            rows = rows.first(limit);
        }
        LongColumn ids = rows.longColumn("tweet_id");
        StringColumn texts = rows.stringColumn("text");
        List<Tweets.Label> labels = Tweets.labels(rows);
        long[] tweetIds = new long[rows.rowCount()];
        List<List<String>> tokens = new java.util.ArrayList<>(rows.rowCount());
        for (int r = 0; r < rows.rowCount(); r++) {
            tweetIds[r] = ids.getLong(r);
            List<String> w = words.apply(texts.get(r));
            tokens.add(w.isEmpty() ? List.of("</s>") : w);      // a tweet of emoji only still gets a row
        }
        return new TweetFeatures(tweetIds, labels.toArray(new Tweets.Label[0]), featuresOf.apply(tokens));
    }

    public int size() {
        return features.length;
    }

    public int layers() {
        return features[0].length;
    }

    public int width() {
        return features[0][0].length;
    }

    /** The same tweets with only layer {@code layer}: a one-layer set (the top layer alone, for a comparison). */
    public TweetFeatures layer(int layer) {
        float[][][] one = new float[features.length][1][];
        for (int i = 0; i < features.length; i++) {
            one[i][0] = features[i][layer];
        }
        return new TweetFeatures(tweetIds, labels, one);
    }

    /**
     * [mean; max] over a tweet's word vectors, one layer: how a bag of word2vec (or random) vectors becomes one
     * tweet vector of width 2d. Words without a vector are skipped; a tweet with none gets zeros.
     */
    public static float[][][] pooledWordVectors(List<List<String>> tweets, Function<String, float[]> vectorOrNull, int dimensions) {
        float[][][] out = new float[tweets.size()][1][2 * dimensions];
        for (int t = 0; t < tweets.size(); t++) {
            float[] row = out[t][0];
            java.util.Arrays.fill(row, dimensions, 2 * dimensions, Float.NEGATIVE_INFINITY);
            int n = 0;
            for (String w : tweets.get(t)) {
                float[] v = vectorOrNull.apply(w);
                if (v == null) {
                    continue;
                }
                n++;
                for (int d = 0; d < dimensions; d++) {
                    row[d] += v[d];
                    row[dimensions + d] = Math.max(row[dimensions + d], v[d]);
                }
            }
            for (int d = 0; d < dimensions; d++) {
                row[d] = n == 0 ? 0 : row[d] / n;
                if (n == 0) {
                    row[dimensions + d] = 0;
                }
            }
        }
        return out;
    }
}
