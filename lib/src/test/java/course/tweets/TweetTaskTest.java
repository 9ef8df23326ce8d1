package course.tweets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import course.batch.ClassificationBatch;
import course.data.TweetSplit;
import course.data.Tweets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TweetTaskTest {

    /** Five tweets; ids 1, 3, 5 in train, 2 in valid, 4 in test. */
    static TweetTask handMade() {
        Table tweets = Table.create("tweets",
                LongColumn.create("tweet_id", new long[] {5, 1, 4, 2, 3}),
                StringColumn.create("airline_sentiment", "positive", "negative", "neutral", "negative", "neutral"),
                StringColumn.create("text", "great flight", "late again", "ok", "lost my bag", "fine i guess"));
        return new TweetTask(tweets, new TweetSplit(List.of(1L, 3L, 5L), List.of(2L), List.of(4L)));
    }

    /** One token per character: the character's code. */
    static int[] chars(String text) {
        return text.chars().toArray();
    }

    @Test
    void encodesOnePartInTableOrderWithIdsAndLabels() {
        EncodedTweets train = handMade().encode(TweetSplit.Split.TRAIN, TweetTaskTest::chars, 6, 0);
        assertEquals(3, train.size());
        assertEquals(List.of(5L, 1L, 3L), train.tweets().stream().map(EncodedTweet::tweetId).toList());
        assertEquals(List.of(Tweets.Label.POSITIVE, Tweets.Label.NEGATIVE, Tweets.Label.NEUTRAL),
                train.tweets().stream().map(EncodedTweet::label).toList());
        assertArrayEquals(chars("great flight"), train.get(0).tokens());
        assertEquals(6.0, train.meanLength(), 1e-12, "every train tweet is truncated to 6 tokens");
        EncodedTweets test = handMade().encode(TweetSplit.Split.TEST, TweetTaskTest::chars, 6, 0);
        assertEquals(2.0, test.meanLength(), 1e-12);
        assertEquals(List.of("negative", "neutral", "positive"), TweetTask.LABELS);
    }

    @Test
    void batchesWrapAroundAndCarryLabelsAsClassIndices() {
        EncodedTweets train = handMade().encode(TweetSplit.Split.TRAIN, TweetTaskTest::chars, 4, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            ClassificationBatch b = train.batch(m, 2, 3);   // tweets 3, 5, 1
            assertArrayEquals(new int[] {1, 2, 0}, b.labels().toIntArray());
            int[] tokens = b.tokens().toIntArray();
            assertArrayEquals(new int[] {'f', 'i', 'n', 'e'}, java.util.Arrays.copyOfRange(tokens, 0, 4));
            assertArrayEquals(new int[] {'g', 'r', 'e', 'a'}, java.util.Arrays.copyOfRange(tokens, 4, 8));
            assertArrayEquals(new int[] {4, 4, 4}, b.lengths().toIntArray());
        }
    }

    @Test
    void shuffledIsCollectionsShuffleWithTheSameRandom() {
        EncodedTweets train = handMade().encode(TweetSplit.Split.TRAIN, TweetTaskTest::chars, 4, 0);
        List<EncodedTweet> expected = new ArrayList<>(train.tweets());
        Collections.shuffle(expected, new Random(7));
        assertEquals(expected, train.shuffled(new Random(7)).tweets());
    }

    @Test
    void aTweetWithoutTokensIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> handMade().encode(TweetSplit.Split.TEST, text -> new int[0], 4, 0));
        assertEquals(true, e.getMessage().contains("tweet 4"), e.getMessage());
    }
}
