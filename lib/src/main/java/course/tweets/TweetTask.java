package course.tweets;

import course.data.DataStore;
import course.data.TweetSplit;
import course.data.Tweets;
import course.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The downstream task every chapter ends on: the de-duplicated airline tweets ({@link Tweets}) and the course's one
 * fixed split ({@link TweetSplit}), encoded by whatever tokenizer the chapter uses.
 *
 * @param tweets the de-duplicated tweets of {@link Tweets#load}
 * @param split  the split whose parts {@link #rows} and {@link #encode} select
 */
public record TweetTask(Table tweets, TweetSplit split) {

    /** Class names by class index ({@link Tweets.Label#ordinal()}): negative, neutral, positive. */
    public static final List<String> LABELS = Arrays.stream(Tweets.Label.values()).map(Tweets.Label::csvName).toList();

    /** The tweets from {@code store} and the committed split of this process's course folder. */
    public static TweetTask load(DataStore store) {
        return new TweetTask(Tweets.load(store), TweetSplit.load(store.paths()));
    }

    /** The rows of one part of the split, in the table's order. */
    public Table rows(TweetSplit.Split part) {
        return split.rows(tweets, part);
    }

    /** One part encoded by {@code tokenizer}, to be padded to {@code maxLength} with {@code padId}. */
    public EncodedTweets encode(TweetSplit.Split part, Tokenizer tokenizer, int maxLength, int padId) {
        return encode(part, tokenizer::encode, maxLength, padId);
    }

    /** One part encoded by any text → ids function (a word vocabulary, WordPiece, ...), in the table's order. */
    public EncodedTweets encode(TweetSplit.Split part, Function<String, int[]> encoder, int maxLength, int padId) {
        Table rows = rows(part);
        LongColumn ids = rows.longColumn("tweet_id");
        StringColumn texts = rows.stringColumn("text");
        List<Tweets.Label> labels = Tweets.labels(rows);
        List<EncodedTweet> out = new ArrayList<>(rows.rowCount());
        for (int r = 0; r < rows.rowCount(); r++) {
            out.add(new EncodedTweet(ids.getLong(r), labels.get(r), encoder.apply(texts.get(r))));
        }
        return new EncodedTweets(out, maxLength, padId);
    }
}
