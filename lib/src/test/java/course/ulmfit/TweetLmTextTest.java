package course.ulmfit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.batch.DocumentStreams;
import course.data.TestData;
import course.data.TweetSplit;
import course.text.WordTokenizer;
import course.tweets.TweetTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TweetLmTextTest {

    /** Seven tweets: 1, 3, 5, 6, 7 train (6 has no words), 2 valid, 4 test; each valid/test tweet has a word of its own. */
    private static TweetTask handMade() {
        Table tweets = Table.create("tweets",
                LongColumn.create("tweet_id", new long[] {5, 1, 4, 2, 3, 6, 7}),
                StringColumn.create("airline_sentiment", "positive", "negative", "neutral", "negative", "neutral", "neutral", "positive"),
                StringColumn.create("text", "great flight", "late again", "testword only here", "validword lost my bag", "fine i guess",
                        "🙂 !!!", "great great crew"));
        return new TweetTask(tweets, new TweetSplit(List.of(1L, 3L, 5L, 6L, 7L), List.of(2L), List.of(4L)));
    }

    /** A vocabulary that knows every word of every split, so a leak would show up as the leaked word's id. */
    private static LmVocabulary everyWord(TweetTask task) {
        List<List<String>> all = new ArrayList<>();
        for (String text : task.tweets().stringColumn("text")) {
            all.add(WordTokenizer.tokens(text));
        }
        return LmVocabulary.fromTraining(all, 1000, 1);
    }

    @Test
    void theStage2TextHoldsTrainingTweetsOnly() {
        TweetTask task = handMade();
        LmVocabulary v = everyWord(task);
        TweetLmText text = TweetLmText.fromTrainingSplit(task, v, WordTokenizer::tokens, 2);
        assertEquals(List.of(5L, 1L, 3L, 7L), text.tweetIds(), "the training tweets in table order, the empty one left out");
        assertEquals(1, text.emptyTweets());
        Set<Integer> forbidden = new HashSet<>();
        for (String w : List.of("testword", "validword", "only", "here", "lost", "my", "bag")) {
            forbidden.add(v.id(w));
        }
        for (int[] d : text.documents()) {
            for (int id : d) {
                assertFalse(forbidden.contains(id), "word '" + v.word(id) + "' of a validation or test tweet reached the LM text");
            }
        }
        // Two tweets per document: </s> great flight </s> late again </s>, then </s> fine i guess </s> great great crew </s>.
        assertEquals(2, text.documents().size());
        assertEquals(List.of("</s>", "great", "flight", "</s>", "late", "again", "</s>"), words(v, text.documents().get(0)));
        assertEquals(text.documents().get(0).length - 1 + text.documents().get(1).length - 1, text.targetCount());
        DocumentStreams streams = DocumentStreams.of(text.documents(), 2, 4, LmVocabulary.PADDING_ID);
        assertEquals(text.targetCount(), streams.targetCount(), "the text feeds DocumentStreams as it is");
    }

    private static List<String> words(LmVocabulary v, int[] ids) {
        List<String> w = new ArrayList<>();
        for (int id : ids) {
            w.add(v.word(id));
        }
        return w;
    }

    @Test
    void aTextWithAValidationOrTestTweetIsRefusedByName() {
        TweetTask task = handMade();
        TweetLmText forged = new TweetLmText(List.of(5L, 4L), List.of(new int[] {2, 3, 2}), 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> forged.checkAgainst(task.split()));
        assertEquals("tweet 4 in the stage-2 LM text belongs to the TEST split: the language model may read training tweets only."
                + " Build the text with TweetLmText.fromTrainingSplit.", e.getMessage());
        TweetLmText valid = new TweetLmText(List.of(2L), List.of(new int[] {2, 3, 2}), 0);
        assertTrue(assertThrows(IllegalStateException.class, () -> valid.checkAgainst(task.split())).getMessage().contains("the VALID split"));
        assertThrows(IllegalArgumentException.class, () -> TweetLmText.fromTrainingSplit(task, everyWord(task), WordTokenizer::tokens, 0));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> TweetLmText.fromTrainingSplit(task, everyWord(task), text -> List.of(), 4));
        assertTrue(none.getMessage().contains("every training tweet was empty"), none.getMessage());
    }

    @Test
    void onTheRealSplitNoValidationOrTestTweetReachesStage2() {
        TweetTask task = TweetTask.load(TestData.realStore());
        List<List<String>> trainText = new ArrayList<>();
        for (String t : task.rows(TweetSplit.Split.TRAIN).stringColumn("text")) {
            trainText.add(WordTokenizer.tokens(t));
        }
        LmVocabulary v = LmVocabulary.fromTraining(trainText, 5000, 2);
        TweetLmText text = TweetLmText.fromTrainingSplit(task, v, WordTokenizer::tokens, 16);
        Set<Long> train = new HashSet<>(task.split().train());
        assertTrue(train.containsAll(text.tweetIds()));
        Set<Long> held = new HashSet<>(task.split().valid());
        held.addAll(task.split().test());
        assertTrue(text.tweetIds().stream().noneMatch(held::contains));
        assertEquals(task.split().train().size(), text.tweetIds().size() + text.emptyTweets(), "every training tweet is in the text or counted as empty");
        assertEquals(text.tweetIds().size(), new HashSet<>(text.tweetIds()).size(), "no tweet twice");
        assertTrue(LmVocabulary.unknownRate(text.documents()) < 0.15, "unknown rate " + LmVocabulary.unknownRate(text.documents()));
    }

    @Test
    void theVocabularyPutsItsSpecialsFirstAndEncodesTextsAndStreams() {
        LmVocabulary v = LmVocabulary.fromTraining(List.of(List.of("b", "a", "b"), List.of("c", "b", "a")), 5, 1);
        assertEquals(5, v.size(), "3 specials + the 2 most frequent words (b 3×, a 2×); c does not fit");
        assertEquals(List.of("<pad>", "<unk>", "</s>", "b", "a"), words(v, new int[] {0, 1, 2, 3, 4}));
        assertEquals(LmVocabulary.UNKNOWN_ID, v.id("c"));
        assertEquals(List.of("</s>", "b", "<unk>", "</s>", "a", "</s>"), words(v, v.encodeStream(List.of(List.of("b", "c"), List.of("a")))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LmVocabulary.fromTraining(List.of(List.of("a", "</s>")), 10, 1));
        assertTrue(e.getMessage().contains("special token '</s>'"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> v.word(5));
    }
}
