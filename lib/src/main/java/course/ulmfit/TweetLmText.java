package course.ulmfit;

import course.data.TweetSplit;
import course.tweets.TweetTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The text of ULMFiT's stage 2, language-model fine-tuning on the target task's own text (Howard &amp; Ruder 2018,
 * §3.2) — from the <em>training</em> tweets only. The paper fine-tunes on all the task's text, labels ignored; here the
 * validation and test tweets stay unseen by every stage, or the classifier's scores on them would not measure
 * transfer. {@link #fromTrainingSplit} reads nothing but {@code TweetSplit.Split.TRAIN}'s rows and checks its result
 * against the split before returning it ({@link #checkAgainst}).
 *
 * <p>Tweets are short (≈ 18 words), so they are grouped {@code tweetsPerDocument} at a time, in the table's order,
 * into documents {@code </s> t₁ </s> t₂ … </s>} ({@link LmVocabulary#encodeStream}): a {@link
 * course.batch.DocumentStreams} document starts a window and its last window is padded, so one tweet per document
 * would waste about half of every window. The state is carried within a document and reset between documents.
 * A tweet with no words (only emoji or punctuation) adds nothing to the text and is counted in {@link #emptyTweets}.
 *
 * @param tweetIds    the ids of the tweets the text holds, in order
 * @param documents   the streams of word ids, one per group of tweets
 * @param emptyTweets training tweets left out because they have no words
 */
public record TweetLmText(List<Long> tweetIds, List<int[]> documents, int emptyTweets) {

    public TweetLmText {
        tweetIds = List.copyOf(tweetIds);
        documents = List.copyOf(documents);
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("the tweet LM text has no documents: every training tweet was empty");
        }
    }

    /**
     * The training split's tweets, tokenised by {@code words} and encoded with {@code vocabulary}, grouped
     * {@code tweetsPerDocument} to a document; checked against {@code task.split()} before it is returned.
     */
    public static TweetLmText fromTrainingSplit(TweetTask task, LmVocabulary vocabulary, Function<String, List<String>> words,
                                                int tweetsPerDocument) {
        if (tweetsPerDocument < 1) {
            throw new IllegalArgumentException("tweetsPerDocument must be >= 1, got " + tweetsPerDocument);
        }
        Table rows = task.rows(TweetSplit.Split.TRAIN);
        LongColumn ids = rows.longColumn("tweet_id");
        StringColumn texts = rows.stringColumn("text");
        List<Long> kept = new ArrayList<>(rows.rowCount());
        List<int[]> documents = new ArrayList<>();
        List<List<String>> group = new ArrayList<>(tweetsPerDocument);
        int empty = 0;
        for (int r = 0; r < rows.rowCount(); r++) {
            List<String> w = words.apply(texts.get(r));
            if (w.isEmpty()) {
                empty++;
                continue;
            }
            kept.add(ids.getLong(r));
            group.add(w);
            if (group.size() == tweetsPerDocument) {
                documents.add(vocabulary.encodeStream(group));
                group.clear();
            }
        }
        if (!group.isEmpty()) {
            documents.add(vocabulary.encodeStream(group));
        }
        TweetLmText text = new TweetLmText(kept, documents, empty);
        text.checkAgainst(task.split());
        return text;
    }

    /**
     * Fails unless every tweet of this text belongs to the split's training part — so no validation or test tweet can
     * reach the language model. The message names the first offending tweet and its part.
     */
    public void checkAgainst(TweetSplit split) {
        Set<Long> train = new HashSet<>(split.train());
        Set<Long> valid = new HashSet<>(split.valid());
        Set<Long> test = new HashSet<>(split.test());
        for (long id : tweetIds) {
            if (!train.contains(id)) {
                String part = valid.contains(id) ? "the VALID split" : test.contains(id) ? "the TEST split" : "no part of the split";
                throw new IllegalStateException("tweet " + id + " in the stage-2 LM text belongs to " + part
                        + ": the language model may read training tweets only. Build the text with TweetLmText.fromTrainingSplit.");
            }
        }
    }

    /** Words predicted in one pass: each document's length − 1. */
    public long targetCount() {
        long n = 0;
        for (int[] d : documents) {
            n += d.length - 1;
        }
        return n;
    }
}
