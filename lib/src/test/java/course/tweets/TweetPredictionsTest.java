package course.tweets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import course.data.DataException;
import course.data.TweetSplit;
import course.data.Tweets;
import course.eval.Classification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TweetPredictionsTest {

    @TempDir
    Path tmp;

    /**
     * A fixed classifier: logits 2·one-hot(first token mod 3). The train tweets start with 'g' (103 → 1), 'l' (108 → 0)
     * and 'f' (102 → 0): truth positive, negative, neutral; predicted neutral, negative, negative.
     */
    private static final TweetClassifier FIRST_CHARACTER = batch -> {
        int[] tokens = batch.tokens().toIntArray();
        int b = batch.batchSize();
        float[] logits = new float[b * 3];
        for (int i = 0; i < b; i++) {
            logits[i * 3 + tokens[i * batch.length()] % 3] = 2;
        }
        return batch.tokens().getManager().create(logits, new Shape(b, 3));
    };

    private static TweetPredictions predictTrain(NDManager m, int batchSize) {
        EncodedTweets train = TweetTaskTest.handMade().encode(TweetSplit.Split.TRAIN, TweetTaskTest::chars, 8, 0);
        return TweetPredictions.predict(m, train, batchSize, FIRST_CHARACTER);
    }

    @Test
    void evaluatesAFixedClassifierIntoTheExpectedClassification() {
        try (NDManager m = NDManager.newBaseManager()) {
            TweetPredictions p = predictTrain(m, 2);   // batches of 2 and 1
            assertEquals(List.of(5L, 1L, 3L), p.rows().stream().map(TweetPredictions.Prediction::tweetId).toList());
            assertEquals(List.of(Tweets.Label.POSITIVE, Tweets.Label.NEGATIVE, Tweets.Label.NEUTRAL),
                    p.rows().stream().map(TweetPredictions.Prediction::truth).toList());
            assertEquals(List.of(Tweets.Label.NEUTRAL, Tweets.Label.NEGATIVE, Tweets.Label.NEGATIVE),
                    p.rows().stream().map(TweetPredictions.Prediction::predicted).toList());
            float high = (float) (Math.exp(2) / (Math.exp(2) + 2));
            float low = (float) (1 / (Math.exp(2) + 2));
            assertArrayEquals(new float[] {low, high, low}, p.rows().get(0).probabilities(), 1e-6f);
            assertArrayEquals(new float[] {high, low, low}, p.rows().get(1).probabilities(), 1e-6f);
            Classification c = p.classification();
            assertArrayEquals(new int[][] {{1, 0, 0}, {1, 0, 0}, {0, 1, 0}}, c.confusion());
            assertEquals(1.0 / 3, c.accuracy(), 1e-12);
            assertEquals(List.of("negative", "neutral", "positive"), c.classes());
            // negative: P 1/2, R 1 → F1 2/3; neutral and positive: 0
            assertEquals((2.0 / 3) / 3, c.macroF1(), 1e-12);
        }
    }

    @Test
    void aClassifierWithTheWrongShapeIsNamed() {
        EncodedTweets train = TweetTaskTest.handMade().encode(TweetSplit.Split.TRAIN, TweetTaskTest::chars, 8, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TweetPredictions.predict(m, train, 2, b -> b.tokens().toType(DataType.FLOAT32, false)));
            assertTrue(e.getMessage().contains("(2, 8)") && e.getMessage().contains("expected (2, 3)"), e.getMessage());
        }
    }

    @Test
    void theCsvRoundTripsExactly() throws IOException {
        TweetPredictions p;
        try (NDManager m = NDManager.newBaseManager()) {
            p = predictTrain(m, 64);
        }
        Path file = p.write(tmp.resolve("06_gpt").resolve(TweetPredictions.FILE_NAME));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals("tweet_id,true_label,predicted_label,p_negative,p_neutral,p_positive", lines.get(0));
        assertTrue(lines.get(1).startsWith("5,positive,neutral,"), lines.get(1));
        assertEquals(4, lines.size());
        assertEquals(p, TweetPredictions.read(file));
        assertEquals(p.classification().accuracy(), TweetPredictions.read(file).classification().accuracy());
        try (var left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.toList(), "no temporary file left beside it");
        }
    }

    private DataException readBad(String text) throws IOException {
        Path file = tmp.resolve("bad.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return assertThrows(DataException.class, () -> TweetPredictions.read(file));
    }

    @Test
    void aMalformedFileIsRefusedWithItsLineAndTheProblem() throws IOException {
        String header = TweetPredictions.HEADER + "\n";
        DataException e = readBad("tweet_id,label,prediction\n1,negative,negative\n");
        assertTrue(e.getMessage().contains("bad.csv line 1") && e.getMessage().contains("expected the header"), e.getMessage());
        e = readBad("");
        assertTrue(e.getMessage().contains("an empty file"), e.getMessage());
        e = readBad(header + "1,negative,negative,0.5,0.25,0.25\n2,negative,neutral,0.5,0.5\n");
        assertTrue(e.getMessage().contains("bad.csv line 3") && e.getMessage().contains("expected 6 comma-separated fields"), e.getMessage());
        e = readBad(header + "1,angry,negative,0.5,0.25,0.25\n");
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("true_label") && e.getMessage().contains("'angry'"), e.getMessage());
        e = readBad(header + "5.70306E+17,negative,negative,0.5,0.25,0.25\n");
        assertTrue(e.getMessage().contains("tweet_id '5.70306E+17' is not an integer"), e.getMessage());
        e = readBad(header + "1,negative,negative,1.5,0.25,0.25\n");
        assertTrue(e.getMessage().contains("outside [0, 1]"), e.getMessage());
        e = readBad(header + "1,negative,negative,half,0.25,0.25\n");
        assertTrue(e.getMessage().contains("'half' is not a number"), e.getMessage());
    }

    @Test
    void aMissingFileSaysWhatToRun() {
        Exception e = assertThrows(java.io.UncheckedIOException.class, () -> TweetPredictions.read(tmp.resolve("none.csv")));
        assertTrue(e.getMessage().contains("Run the notebook"), e.getMessage());
    }
}
