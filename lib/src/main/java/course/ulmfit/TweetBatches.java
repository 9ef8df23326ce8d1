package course.ulmfit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import course.batch.ClassificationBatch;
import course.nn.Losses;
import course.tweets.EncodedTweet;
import course.tweets.EncodedTweets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Tweets in batches of similar length for an LSTM classifier, each batch padded only to its own longest tweet. An
 * LSTM pays for every position, padding included, and a fixed length of 65 for tweets of 19 words on average would
 * triple the work. fastai's {@code SortishSampler} does the same: shuffle, sort by length within chunks of
 * {@code 50 · B} tweets, cut into batches, shuffle the batches.
 *
 * <p>The order of epoch e is a function of (seed, e) alone, so step s of a training loop always sees the same batch —
 * a run resumed from a checkpoint continues exactly where the interrupted one stopped.
 *
 * @param tweets    the tweets (their {@code maxLength} truncates, their {@code padId} pads)
 * @param batchSize B
 * @param seed      the order's seed
 */
public record TweetBatches(EncodedTweets tweets, int batchSize, long seed) {

    /** How many batches of 50 B tweets sorted together: large enough to group lengths, small enough to stay random. */
    public static final int SORT_CHUNK = 50;

    public TweetBatches {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (tweets.size() == 0) {
            throw new IllegalArgumentException("no tweets to batch");
        }
    }

    /** Batches per epoch: ⌈N / B⌉ (the last may be smaller). */
    public int batchesPerEpoch() {
        return (tweets.size() + batchSize - 1) / batchSize;
    }

    /** The tweet indices of every batch of epoch {@code epoch}, in training order. */
    public List<int[]> epoch(int epoch) {
        Random random = new Random(seed * 1_000_003L + epoch);
        List<Integer> order = new ArrayList<>(tweets.size());
        for (int i = 0; i < tweets.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        int chunk = SORT_CHUNK * batchSize;
        List<int[]> batches = new ArrayList<>(batchesPerEpoch());
        for (int from = 0; from < order.size(); from += chunk) {
            List<Integer> part = new ArrayList<>(order.subList(from, Math.min(order.size(), from + chunk)));
            part.sort(Comparator.comparingInt((Integer i) -> -length(i)));
            for (int b = 0; b < part.size(); b += batchSize) {
                batches.add(part.subList(b, Math.min(part.size(), b + batchSize)).stream().mapToInt(Integer::intValue).toArray());
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    /** Training step {@code step}'s batch: batch {@code step mod batchesPerEpoch} of epoch {@code step / batchesPerEpoch}. */
    public ClassificationBatch batch(NDManager manager, int step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        int per = batchesPerEpoch();
        return of(manager, epoch(step / per).get(step % per));
    }

    /** The tweets at {@code indices}, padded to the longest of them. */
    public ClassificationBatch of(NDManager manager, int[] indices) {
        List<ClassificationBatch.Example> examples = new ArrayList<>(indices.length);
        int longest = 2;   // ClassificationBatch needs T >= 2
        for (int i : indices) {
            EncodedTweet t = tweets.get(i);
            examples.add(new ClassificationBatch.Example(t.tokens(), t.label().ordinal()));
            longest = Math.max(longest, length(i));
        }
        return ClassificationBatch.of(manager, examples, longest, tweets.padId());
    }

    /** Every tweet once, in batches of similar length (longest first): for evaluation, where the order does not matter. */
    public List<int[]> inLengthOrder() {
        Integer[] order = new Integer[tweets.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -length(i)));
        List<int[]> batches = new ArrayList<>();
        for (int b = 0; b < order.length; b += batchSize) {
            batches.add(Arrays.stream(order, b, Math.min(order.length, b + batchSize)).mapToInt(Integer::intValue).toArray());
        }
        return batches;
    }

    /**
     * A classifier's mean cross-entropy and accuracy over every tweet, no dropout, each batch in its own sub-manager.
     *
     * @param loss     mean cross-entropy per tweet (nats)
     * @param accuracy share of tweets whose arg-max is the gold label
     */
    public record Score(double loss, double accuracy) {}

    public Score score(UlmfitClassifier classifier, NDManager scope) {
        double nats = 0;
        long correct = 0;
        for (int[] indices : inLengthOrder()) {
            try (NDManager m = scope.newSubManager()) {
                ClassificationBatch b = of(m, indices);
                NDArray logits = classifier.forward(new ParameterStore(m, false), b, false).logits();      // (B, 3)
                nats += Losses.crossEntropy(logits, b.labels()).getFloat() * (double) indices.length;
                correct += logits.argMax(1).toType(DataType.INT32, false).eq(b.labels()).sum().getLong();
            }
        }
        return new Score(nats / tweets.size(), (double) correct / tweets.size());
    }

    /**
     * The concat-pooled features of every tweet (no dropout), (N, 3C) in {@code scope}, tweets in length order: what
     * {@link PoolingHead#standardize} reads.
     */
    public NDArray pooledFeatures(UlmfitClassifier classifier, NDManager scope) {
        List<NDArray> parts = new ArrayList<>();
        for (int[] indices : inLengthOrder()) {
            try (NDManager m = scope.newSubManager()) {
                NDArray pooled = classifier.forward(new ParameterStore(m, false), of(m, indices), false).pooled();   // (B, 3C)
                pooled.attach(scope);
                parts.add(pooled);
            }
        }
        return NDArrays.concat(new NDList(parts), 0);
    }

    private int length(int index) {
        return tweets.get(index).length(tweets.maxLength());
    }
}
