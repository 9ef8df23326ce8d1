package course.elmo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.data.Tweets;
import course.nn.NativeArrays;
import course.train.Seeds;
import course.tweets.TokenFeatures;
import course.tweets.TweetPredictions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MixClassifierTest {

    /** Words "neg", "neu", "pos" (one per tweet, at a random place) among filler words "w0".."w9". */
    private record Synthetic(long[] ids, Tweets.Label[] labels, List<List<String>> tokens) {}

    private static Synthetic synthetic(int n, long seed) {
        Random r = new Random(seed);
        long[] ids = new long[n];
        Tweets.Label[] labels = new Tweets.Label[n];
        List<List<String>> tokens = new ArrayList<>();
        String[] cue = {"neg", "neu", "pos"};
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i;
            labels[i] = Tweets.Label.values()[r.nextInt(3)];
            int length = 1 + r.nextInt(9);
            List<String> words = new ArrayList<>();
            for (int k = 0; k < length; k++) {
                words.add("w" + r.nextInt(10));
            }
            words.set(r.nextInt(length), cue[labels[i].ordinal()]);
            tokens.add(words);
        }
        return new Synthetic(ids, labels, tokens);
    }

    /** Layer 0: noise from the word's hash; layer 1: the cue word's label in its first three units, filler at 0. */
    private static final TokenFeatures.Encoder TWO_LAYERS = (tweets, m) -> {
        int t = tweets.stream().mapToInt(List::size).max().orElse(0);
        int d = 6;
        float[] noise = new float[tweets.size() * t * d];
        float[] signal = new float[tweets.size() * t * d];
        for (int b = 0; b < tweets.size(); b++) {
            for (int i = 0; i < tweets.get(b).size(); i++) {
                String w = tweets.get(b).get(i);
                Random r = new Random(w.hashCode());
                for (int k = 0; k < d; k++) {
                    noise[(b * t + i) * d + k] = (float) r.nextGaussian();
                }
                int slot = switch (w) {
                    case "neg" -> 0;
                    case "neu" -> 1;
                    case "pos" -> 2;
                    default -> -1;
                };
                if (slot >= 0) {
                    signal[(b * t + i) * d + slot] = 2f;
                }
            }
        }
        Shape s = new Shape(tweets.size(), t, d);
        return List.of(NativeArrays.floats(m, noise, s), NativeArrays.floats(m, signal, s));
    };

    private static TokenFeatures features(Synthetic s, int batchSize, NDManager m) {
        return TokenFeatures.of(s.ids(), s.labels(), s.tokens(), 50, batchSize, TWO_LAYERS, m);
    }

    @Test
    void learnsTheLabelsAndPutsTheWeightOnTheLayerThatCarriesThem() {
        Seeds.seedAll(3);
        try (NDManager m = NDManager.newBaseManager()) {
            TokenFeatures train = features(synthetic(600, 1), 32, m);
            TokenFeatures valid = features(synthetic(200, 2), 32, m);
            TokenFeatures test = features(synthetic(300, 3), 32, m);
            MixClassifier.Fitted fitted = MixClassifier.fit(train, valid, new MixClassifier.Settings(6, 8, 0.02, 0, 0f), 5, m);
            TweetPredictions predictions = fitted.predict(test, m);
            double accuracy = predictions.classification().accuracy();
            assertTrue(accuracy > 0.95, "accuracy " + accuracy);
            double[] shares = fitted.model().mix().sharesNow();
            assertTrue(shares[1] > shares[0], "shares " + java.util.Arrays.toString(shares));
            assertEquals(1, shares[0] + shares[1], 1e-9);
            assertEquals(6, fitted.validAccuracy().size());
            assertEquals(fitted.validAccuracy().stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                    fitted.validAccuracy().get(fitted.bestEpoch() - 1), 0.0, "the kept epoch is the best one");
            assertEquals(300, predictions.rows().size());
            assertEquals(1000, predictions.rows().get(0).tweetId(), "predictions come back in the split's order");
            assertEquals(1299, predictions.rows().get(299).tweetId());
        }
    }

    @Test
    void readsWordVectorsBesideTheMix() {
        Seeds.seedAll(6);
        try (NDManager m = NDManager.newBaseManager()) {
            Synthetic s = synthetic(600, 1);
            Synthetic v = synthetic(200, 2);
            TokenFeatures.Encoder cues = TokenFeatures.wordVectors(w -> switch (w) {     // the label only in the word vectors
                case "neg" -> new float[] {2, 0, 0};
                case "neu" -> new float[] {0, 2, 0};
                case "pos" -> new float[] {0, 0, 2};
                default -> null;
            }, 3);
            TokenFeatures train = features(s, 32, m).layer(0).withWords(TokenFeatures.of(s.ids(), s.labels(), s.tokens(), 50, 32, cues, m));
            TokenFeatures valid = features(v, 32, m).layer(0).withWords(TokenFeatures.of(v.ids(), v.labels(), v.tokens(), 50, 32, cues, m));
            MixClassifier.Fitted fitted = MixClassifier.fit(train, valid, new MixClassifier.Settings(4, 8, 0.02, 0, 0f), 5, m);
            assertTrue(fitted.predict(valid, m).classification().accuracy() > 0.95);
            var e = assertThrows(IllegalArgumentException.class, () -> fitted.predict(features(v, 32, m).layer(0), m));
            assertTrue(e.getMessage().contains("beside word vectors"), e.getMessage());
        }
    }

    @Test
    void paddingDoesNotChangeATweetsPrediction() {
        Seeds.seedAll(4);
        Synthetic s = synthetic(40, 7);
        try (NDManager m = NDManager.newBaseManager()) {
            TokenFeatures alone = features(s, 1, m);            // every batch is one tweet: no padding at all
            TokenFeatures together = features(s, 40, m);        // one batch, padded to the longest tweet
            MixClassifier.Fitted fitted = MixClassifier.fit(together, together, new MixClassifier.Settings(1, 4, 0.01, 0, 0.1f), 9, m);
            List<TweetPredictions.Prediction> a = fitted.predict(alone, m).rows();
            List<TweetPredictions.Prediction> b = fitted.predict(together, m).rows();
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).tweetId(), b.get(i).tweetId());
                assertArrayEquals(a.get(i).probabilities(), b.get(i).probabilities(), 1e-5f, "tweet " + i);
            }
        }
    }

    @Test
    void batchesHoldTweetsOfSimilarLengthAndEveryTweetOnce() {
        Synthetic s = synthetic(50, 11);
        List<List<String>> tokens = new ArrayList<>(s.tokens());
        tokens.set(3, List.of());                                             // an emoji-only tweet
        tokens.set(4, java.util.Collections.nCopies(80, "w1"));                // far longer than maxTokens
        try (NDManager m = NDManager.newBaseManager()) {
            TokenFeatures f = TokenFeatures.of(s.ids(), s.labels(), tokens, 12, 8, TWO_LAYERS, m);
            assertEquals(50, f.size());
            assertEquals(7, f.batches().size());
            boolean[] seen = new boolean[50];
            int previousLongest = 0;
            for (TokenFeatures.Batch b : f.batches()) {
                int longest = java.util.Arrays.stream(b.lengths()).max().orElseThrow();
                assertTrue(java.util.Arrays.stream(b.lengths()).min().orElseThrow() >= previousLongest, "sorted by length");
                previousLongest = longest;
                assertEquals(new Shape(b.size(), longest, 6), b.layers().get(1).getShape());
                for (int i = 0; i < b.size(); i++) {
                    assertTrue(!seen[b.positions()[i]], "tweet " + b.positions()[i] + " twice");
                    seen[b.positions()[i]] = true;
                    assertEquals(s.ids()[b.positions()[i]], b.tweetIds()[i]);
                    if (b.positions()[i] == 3) {
                        assertEquals(1, b.lengths()[i], "an empty tweet reads as one token");
                    }
                    if (b.positions()[i] == 4) {
                        assertEquals(12, b.lengths()[i], "a long tweet is cut to maxTokens");
                    }
                }
            }
            TokenFeatures top = f.layer(1);
            assertEquals(1, top.layers());
            assertSame(f.batches().get(2).layers().get(1), top.batches().get(2).layers().get(0));
            var e = assertThrows(IllegalArgumentException.class, () -> f.layer(2));
            assertTrue(e.getMessage().contains("0..1"), e.getMessage());
        }
    }

    @Test
    void wordVectorsGiveZerosForWordsWithoutOneAndBadEncodersAreNamed() {
        TokenFeatures.Encoder vectors = TokenFeatures.wordVectors(w -> switch (w) {
            case "a" -> new float[] {1, 4};
            case "b" -> new float[] {3, 0};
            default -> null;
        }, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = vectors.layers(List.of(List.of("a", "zzz", "b"), List.of("b")), m).get(0);
            assertEquals(new Shape(2, 3, 2), x.getShape());
            assertArrayEquals(new float[] {1, 4, 0, 0, 3, 0, 3, 0, 0, 0, 0, 0}, x.toFloatArray());
            TokenFeatures.Encoder wrong = (tweets, mm) -> List.of(mm.zeros(new Shape(tweets.size(), 99, 2)));
            var e = assertThrows(IllegalArgumentException.class, () -> TokenFeatures.of(new long[] {1}, new Tweets.Label[] {Tweets.Label.NEGATIVE},
                    List.of(List.of("a")), 5, 1, wrong, m));
            assertTrue(e.getMessage().contains("(1, 1, width)") && e.getMessage().contains("(1, 99, 2)"), e.getMessage());
        }
    }
}
