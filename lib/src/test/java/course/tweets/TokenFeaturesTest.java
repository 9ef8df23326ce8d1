package course.tweets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import course.data.Tweets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenFeaturesTest {

    private static final Map<String, float[]> VECTORS = Map.of("a", new float[] {1, 10}, "b", new float[] {3, 10}, "c", new float[] {5, 40});

    private static TokenFeatures words(List<List<String>> tweets, int batchSize, NDManager m) {
        long[] ids = new long[tweets.size()];
        Tweets.Label[] labels = new Tweets.Label[tweets.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
            labels[i] = Tweets.Label.NEUTRAL;
        }
        return TokenFeatures.of(ids, labels, tweets, 10, batchSize, TokenFeatures.wordVectors(VECTORS::get, 2), m);
    }

    @Test
    void scalingUsesTheRealTokensOfTheTrainingSetOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            TokenFeatures train = words(List.of(List.of("a"), List.of("b", "c", "a")), 2, m);   // one batch, the first row padded
            TokenFeatures.Scaling s = TokenFeatures.Scaling.of(train);
            assertArrayEquals(new float[] {2.5f, 17.5f}, s.mean()[0], 1e-6f);                 // over a, b, c, a: the padding's zeros do not count
            assertEquals(Math.sqrt(((1.5 * 1.5) * 2 + 0.5 * 0.5 + 2.5 * 2.5) / 4), s.std()[0][0], 1e-6);
            TokenFeatures scaled = train.scaled(s, m);
            float[] v = scaled.batches().get(0).layers().get(0).toFloatArray();              // (2, 3, 2)
            assertEquals((1 - 2.5) / s.std()[0][0], v[0], 1e-5);                             // row 0, token "a"
            assertEquals((40 - 17.5) / s.std()[0][1], v[(3 + 1) * 2 + 1], 1e-4);             // row 1, token "c", dimension 1
            TokenFeatures other = words(List.of(List.of("c")), 1, m);
            assertEquals((5 - 2.5) / s.std()[0][0], other.scaled(s, m).batches().get(0).layers().get(0).toFloatArray()[0], 1e-5,
                    "another part of the split is scaled with the training set's numbers");
        }
    }

    @Test
    void wordVectorsGoInFrontOfEveryLayer() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<List<String>> tweets = List.of(List.of("a", "b"), List.of("c"));
            TokenFeatures w = words(tweets, 2, m);
            TokenFeatures two = TokenFeatures.of(new long[] {0, 1}, new Tweets.Label[] {Tweets.Label.NEUTRAL, Tweets.Label.NEUTRAL}, tweets, 10, 2,
                    (t, mm) -> List.of(mm.ones(new ai.djl.ndarray.types.Shape(2, 2, 3)), mm.zeros(new ai.djl.ndarray.types.Shape(2, 2, 3))), m);
            TokenFeatures joined = two.withWords(w);
            assertEquals(2, joined.layers());
            assertEquals(3, joined.width());
            assertEquals(2, joined.wordWidth());
            TokenFeatures.Batch b = joined.batches().get(0);
            assertArrayEquals(new float[] {5, 40, 0, 0, 1, 10, 3, 10}, b.words().toFloatArray());   // rows sorted: "c" first, padded
            assertEquals(two.batches().get(0).layers(), b.layers(), "the layers are shared, not copied");
            assertEquals(b.words(), joined.layer(1).batches().get(0).words(), "one layer keeps the words beside it");
            TokenFeatures split = words(tweets, 1, m);
            var e = assertThrows(IllegalArgumentException.class, () -> two.withWords(split));
            assertTrue(e.getMessage().contains("same batches"), e.getMessage());
        }
    }
}
