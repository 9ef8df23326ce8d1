package course.tweets;

import course.data.Tweets;

/**
 * One tweet as a model sees it: its id (to write predictions that notebook 07 can join), its gold label and its
 * token ids from whichever tokenizer the chapter uses, not yet truncated or padded.
 *
 * @param tweetId the tweet's {@code tweet_id}
 * @param label   the gold label
 * @param tokens  token ids of the text, at least one
 */
public record EncodedTweet(long tweetId, Tweets.Label label, int[] tokens) {

    public EncodedTweet {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("tweet " + tweetId + " encodes to no tokens; a classifier needs at least one"
                    + " (check the tokenizer, or add a start token)");
        }
        tokens = tokens.clone();
    }

    /** The number of tokens left after truncating to {@code maxLength}. */
    public int length(int maxLength) {
        return Math.min(tokens.length, maxLength);
    }
}
