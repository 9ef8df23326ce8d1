package course.tweets;

import ai.djl.ndarray.NDManager;
import course.batch.ClassificationBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The encoded tweets of one split, in a fixed order, with the length and pad id every batch of them is padded to.
 * {@link #batch} cuts them into {@link ClassificationBatch}es; {@link #shuffled} gives a training order.
 *
 * @param tweets    the tweets, in this order
 * @param maxLength batches truncate every tweet to this many tokens and pad to it
 * @param padId     the id padding positions hold
 */
public record EncodedTweets(List<EncodedTweet> tweets, int maxLength, int padId) {

    public EncodedTweets {
        if (tweets.isEmpty()) {
            throw new IllegalArgumentException("no tweets to encode");
        }
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2; got " + maxLength);
        }
        tweets = List.copyOf(tweets);
    }

    public int size() {
        return tweets.size();
    }

    public EncodedTweet get(int index) {
        return tweets.get(index);
    }

    /** The mean number of tokens per tweet after truncation to {@link #maxLength()}. */
    public double meanLength() {
        return tweets.stream().mapToInt(t -> t.length(maxLength)).average().orElse(0);
    }

    /** The same tweets in the order {@code Collections.shuffle(list, random)} gives. */
    public EncodedTweets shuffled(Random random) {
        List<EncodedTweet> order = new ArrayList<>(tweets);
        Collections.shuffle(order, random);
        return new EncodedTweets(order, maxLength, padId);
    }

    /**
     * The {@code size} tweets starting at {@code from}, wrapping around to the start after the last one (so a training
     * loop can ask for step · B without counting epochs), as a batch padded to {@link #maxLength()}.
     */
    public ClassificationBatch batch(NDManager manager, int from, int size) {
        if (from < 0 || size < 1) {
            throw new IllegalArgumentException("from must be ≥ 0 and size ≥ 1; got " + from + " and " + size);
        }
        List<ClassificationBatch.Example> examples = new ArrayList<>(size);
        for (int b = 0; b < size; b++) {
            EncodedTweet t = tweets.get((from + b) % tweets.size());
            examples.add(new ClassificationBatch.Example(t.tokens(), t.label().ordinal()));
        }
        return ClassificationBatch.of(manager, examples, maxLength, padId);
    }
}
