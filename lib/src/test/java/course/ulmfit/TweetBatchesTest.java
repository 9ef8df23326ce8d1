package course.ulmfit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import course.batch.ClassificationBatch;
import course.data.Tweets;
import course.tweets.EncodedTweet;
import course.tweets.EncodedTweets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TweetBatchesTest {

    private static EncodedTweets tweets(int n, int maxLength) {
        Random r = new Random(3);
        List<EncodedTweet> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] ids = new int[1 + r.nextInt(30)];
            Arrays.fill(ids, 5);
            list.add(new EncodedTweet(i, Tweets.Label.values()[i % 3], ids));
        }
        return new EncodedTweets(list, maxLength, 0);
    }

    @Test
    void everyTweetOncePerEpochInTheSameOrderForTheSameSeed() {
        TweetBatches b = new TweetBatches(tweets(1000, 20), 16, 7);
        assertEquals(63, b.batchesPerEpoch());
        for (int epoch = 0; epoch < 2; epoch++) {
            int[] seen = new int[1000];
            b.epoch(epoch).forEach(batch -> Arrays.stream(batch).forEach(i -> seen[i]++));
            assertTrue(Arrays.stream(seen).allMatch(c -> c == 1), "each tweet once in epoch " + epoch);
        }
        assertArrayEquals(b.epoch(1).get(5), new TweetBatches(tweets(1000, 20), 16, 7).epoch(1).get(5), "a function of (seed, epoch)");
        assertNotEquals(Arrays.toString(b.epoch(0).get(0)), Arrays.toString(b.epoch(1).get(0)), "epochs differ");
        assertEquals(b.inLengthOrder().stream().mapToInt(x -> x.length).sum(), 1000);
    }

    @Test
    void aBatchIsPaddedToItsLongestTweetOnly() {
        EncodedTweets t = tweets(200, 20);
        TweetBatches b = new TweetBatches(t, 8, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            int[] idx = b.epoch(0).get(3);
            ClassificationBatch batch = b.of(m, idx);
            int longest = Math.max(2, Arrays.stream(idx).map(i -> t.get(i).length(20)).max().getAsInt());
            assertEquals(longest, batch.length());
            int[] lengths = batch.lengths().toIntArray();
            for (int k = 0; k < idx.length; k++) {
                assertEquals(t.get(idx[k]).length(20), lengths[k]);
            }
            int spread = Arrays.stream(idx).map(i -> t.get(i).length(20)).max().getAsInt() - Arrays.stream(idx).map(i -> t.get(i).length(20)).min().getAsInt();
            assertTrue(spread <= 3, "sorted within chunks: lengths in one batch are close, spread " + spread);
        }
    }
}
