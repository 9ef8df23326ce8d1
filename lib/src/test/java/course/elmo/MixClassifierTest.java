package course.elmo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import course.data.Tweets;
import course.train.Seeds;
import course.tweets.TweetFeatures;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MixClassifierTest {

    /** Layer 0 is noise, layer 1 carries the label in its first three units. */
    private static TweetFeatures synthetic(int n, long seed) {
        Random r = new Random(seed);
        long[] ids = new long[n];
        Tweets.Label[] labels = new Tweets.Label[n];
        float[][][] f = new float[n][2][6];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            labels[i] = Tweets.Label.values()[r.nextInt(3)];
            for (int d = 0; d < 6; d++) {
                f[i][0][d] = (float) r.nextGaussian();
                f[i][1][d] = (float) r.nextGaussian() * 0.3f + (d == labels[i].ordinal() ? 2f : 0f);
            }
        }
        return new TweetFeatures(ids, labels, f);
    }

    @Test
    void learnsTheLabelsAndPutsTheWeightOnTheLayerThatCarriesThem() {
        Seeds.seedAll(3);
        TweetFeatures train = synthetic(600, 1);
        TweetFeatures test = synthetic(300, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            MixClassifier.Fitted fitted = MixClassifier.fit(train, new MixClassifier.Settings(8, 32, 0.02, 0, 0f), 5, m);
            double accuracy = fitted.predict(test, m).classification().accuracy();
            assertTrue(accuracy > 0.95, "accuracy " + accuracy);
            double[] shares = fitted.model().mix().sharesNow();
            assertTrue(shares[1] > shares[0], "shares " + java.util.Arrays.toString(shares));
            assertEquals(1, shares[0] + shares[1], 1e-9);
            assertEquals(300, fitted.predict(test, m).rows().size());
        }
    }

    @Test
    void topLayerOnlyKeepsTheSameTweets() {
        TweetFeatures all = synthetic(10, 3);
        TweetFeatures top = all.layer(1);
        assertEquals(1, top.layers());
        assertArrayEquals(all.features()[4][1], top.features()[4][0]);
        assertArrayEquals(all.tweetIds(), top.tweetIds());
    }

    @Test
    void pooledWordVectorsAreMeanAndMaxOverTheWordsThatHaveOne() {
        float[][][] pooled = TweetFeatures.pooledWordVectors(List.of(List.of("a", "b", "zzz"), List.of("zzz")),
                w -> switch (w) {
                    case "a" -> new float[] {1, 4};
                    case "b" -> new float[] {3, 0};
                    default -> null;
                }, 2);
        assertArrayEquals(new float[] {2, 2, 3, 4}, pooled[0][0]);
        assertArrayEquals(new float[] {0, 0, 0, 0}, pooled[1][0]);
    }
}
