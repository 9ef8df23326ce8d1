package course.ulmfit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.batch.ClassificationBatch;
import course.data.Tweets;
import course.nn.Losses;
import course.nn.NativeArrays;
import course.train.AdamW;
import course.train.LearningRate;
import course.train.ParameterGroup;
import course.train.ParameterGroups;
import course.train.TrainLoop;
import course.tweets.EncodedTweet;
import course.tweets.EncodedTweets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class UlmfitClassifierTest {

    private static UlmfitClassifier classifier(NDManager m, long seed) {
        AwdLstm lm = TinyAwd.model(TinyAwd.config(TinyAwd.vocabulary().size()), m, seed);
        UlmfitClassifier c = new UlmfitClassifier(lm, new PoolingHead.Settings(5, 3, 0.2f, 0.1f));
        c.initialize(m, DataType.FLOAT32, new Shape(1, 2), new Shape(1, 2));
        return c;
    }

    private static ClassificationBatch batch(NDManager m, List<int[]> texts, int maxLength) {
        List<ClassificationBatch.Example> examples = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            examples.add(new ClassificationBatch.Example(texts.get(i), i % 3));
        }
        return ClassificationBatch.of(m, examples, maxLength, LmVocabulary.PADDING_ID);
    }

    private static List<int[]> tweets(LmVocabulary v) {
        return List.of(v.encodeText(List.of("the", "cat", "sat")), v.encodeText(List.of("a", "dog", "ate", "the", "bone", "song")),
                v.encodeText(List.of("bird")));
    }

    @Test
    void concatPoolingIsLastMaxAndMeanOfTheRealTokens() {
        try (NDManager m = NDManager.newBaseManager()) {
            // h (B = 2, T = 3, C = 2): row 0 has 3 real tokens, row 1 only 1 (then two padding positions holding 100s).
            float[] h = {1, -2, 3, 0, -1, 5,
                         4, -3, 100, 100, 100, 100};
            NDArray hidden = NativeArrays.floats(m, h, new Shape(2, 3, 2));
            NDArray real = NativeArrays.booleans(m, new boolean[] {true, true, true, true, false, false}, new Shape(2, 3));
            float[] pooled = ConcatPooling.pool(hidden, real).toFloatArray();
            float[] expected = {
                    -1, 5, 3, 5, 1f, 1f,        // row 0: h_T = position 2; max; mean (1+3−1)/3, (−2+0+5)/3
                    4, -3, 4, -3, 4, -3};       // row 1: its only real token, three times; the 100s are padding
            assertArrayEquals(expected, pooled, 1e-6f);
            NDArray none = NativeArrays.booleans(m, new boolean[] {true, false, false, false, false, false}, new Shape(2, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConcatPooling.pool(hidden, none));
            assertTrue(e.getMessage().contains("no real token"), e.getMessage());
        }
    }

    @Test
    void appendingPaddingChangesNothing() {
        LmVocabulary v = TinyAwd.vocabulary();
        try (NDManager m = NDManager.newBaseManager()) {
            UlmfitClassifier c = classifier(m, 1);
            ParameterStore ps = new ParameterStore(m, false);
            UlmfitClassifier.Output tight = c.forward(ps, batch(m, tweets(v), 8), false);
            UlmfitClassifier.Output padded = c.forward(ps, batch(m, tweets(v), 30), false);
            assertArrayEquals(tight.pooled().toFloatArray(), padded.pooled().toFloatArray(), 1e-6f);
            assertArrayEquals(tight.logits().toFloatArray(), padded.logits().toFloatArray(), 1e-6f);
            // And a tweet's logits do not depend on its batch.
            float[] alone = c.forward(ps, batch(m, List.of(tweets(v).get(2)), 8), false).logits().toFloatArray();
            assertArrayEquals(alone, Arrays.copyOfRange(tight.logits().toFloatArray(), 6, 9), 1e-6f);
        }
    }

    @Test
    void badTweetsHaveDefinedBehaviour() {
        LmVocabulary v = TinyAwd.vocabulary();
        int[] empty = v.encodeText(List.of());
        int[] unknown = v.encodeText(List.of("qwerty", "zxcvb"));
        assertArrayEquals(new int[] {LmVocabulary.BOUNDARY_ID}, empty, "a tweet of no words is the boundary token alone");
        assertArrayEquals(new int[] {LmVocabulary.BOUNDARY_ID, LmVocabulary.UNKNOWN_ID, LmVocabulary.UNKNOWN_ID}, unknown);
        List<String> longWords = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            longWords.add(i % 2 == 0 ? "the" : "cat");
        }
        int[] veryLong = v.encodeText(longWords);
        try (NDManager m = NDManager.newBaseManager()) {
            UlmfitClassifier c = classifier(m, 2);
            ParameterStore ps = new ParameterStore(m, false);
            List<int[]> rows = List.of(empty, unknown, tweets(v).get(0));
            List<int[]> withLong = List.of(empty, unknown, tweets(v).get(0), veryLong);
            ClassificationBatch b = batch(m, withLong, 64);
            assertArrayEquals(new int[] {1, 3, 4, 64}, b.lengths().toIntArray(), "the long tweet is cut at maxLength");
            float[] logits = c.forward(ps, b, false).logits().toFloatArray();
            for (float x : logits) {
                assertTrue(Float.isFinite(x), Arrays.toString(logits));
            }
            float[] without = c.forward(ps, batch(m, rows, 8), false).logits().toFloatArray();
            assertArrayEquals(without, Arrays.copyOfRange(logits, 0, 9), 1e-6f, "the long tweet leaves the others' logits alone");
            // Training on such a batch gives finite gradients too.
            try (var tape = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                c.groups().entries().forEach(e -> e.parameter().freeze(false));
                NDArray loss = Losses.crossEntropy(c.forward(ps, b, true).logits(), b.labels());
                tape.backward(loss);
                assertTrue(Float.isFinite(loss.getFloat()));
            }
            for (ParameterGroups.Entry e : c.groups().entries()) {
                for (float g : e.parameter().getArray().getGradient().toFloatArray()) {
                    assertTrue(Float.isFinite(g), e.id());
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClassificationBatch.Example(new int[0], 0));
        assertTrue(e.getMessage().contains("at least one token"), e.getMessage());
    }

    private static List<float[]> values(ParameterGroup g) {
        List<float[]> result = new ArrayList<>();
        g.parameters().forEach(p -> result.add(p.getValue().getArray().toFloatArray()));
        return result;
    }

    private static boolean same(List<float[]> a, List<float[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Gradual unfreezing: frozen groups are bit-identical after AdamW steps with weight decay; unfreezing moves them. */
    @Test
    void frozenLayersStayBitIdenticalAndUnfreezingTrainsThem() {
        LmVocabulary v = TinyAwd.vocabulary();
        try (NDManager m = NDManager.newBaseManager()) {
            UlmfitClassifier c = classifier(m, 3);
            ParameterGroups groups = c.groups().discriminative(2.6);
            assertEquals(List.of("embedding", "lstm1", "lstm2", "lstm3", "head"), groups.names());
            TrainLoop.Step step = (scope, s, random) -> {
                ClassificationBatch b = batch(scope, tweets(v), 8);
                return Losses.crossEntropy(c.forward(new ParameterStore(scope, false), b, true).logits(), b.labels());
            };
            List<List<float[]>> start = new ArrayList<>();
            groups.groups().forEach(g -> start.add(values(g)));
            for (int top = 1; top <= groups.groups().size(); top++) {
                ParameterGroups phase = groups.trainingTop(top);
                List<List<float[]>> before = new ArrayList<>();
                phase.groups().forEach(g -> before.add(values(g)));
                new TrainLoop(phase, AdamW.withWeightDecay(0.1), LearningRate.slantedTriangular(0.01, 10), TrainLoop.Options.of(10, top))
                        .run(m, step);
                for (int g = 0; g < phase.groups().size(); g++) {
                    ParameterGroup group = phase.groups().get(g);
                    boolean unchanged = same(before.get(g), values(group));
                    if (group.trainable()) {
                        assertFalse(unchanged, "phase " + top + ": " + group.name() + " trains");
                    } else {
                        assertTrue(unchanged, "phase " + top + ": " + group.name() + " is frozen, so bit-identical");
                        assertTrue(same(start.get(g), values(group)), group.name() + " never moved before its phase");
                    }
                }
            }
        }
    }

    @Test
    void theClassifierReusesTheLanguageModelsWeightsAndSavesAndLoads() throws Exception {
        LmVocabulary v = TinyAwd.vocabulary();
        try (NDManager m = NDManager.newBaseManager()) {
            AwdLstm lm = TinyAwd.model(TinyAwd.config(v.size()), m, 4);
            float[] embedding = lm.embedding().matrix(new ParameterStore(m, false), m.zeros(new Shape(1)), false).toFloatArray();
            UlmfitClassifier c = new UlmfitClassifier(lm, PoolingHead.Settings.ulmfit(3));
            c.initialize(m, DataType.FLOAT32, new Shape(1, 2), new Shape(1, 2));
            assertArrayEquals(embedding, lm.embedding().matrix(new ParameterStore(m, false), m.zeros(new Shape(1)), false).toFloatArray(), 0f,
                    "initialising the classifier keeps the trained encoder");
            ParameterStore ps = new ParameterStore(m, false);
            float[] before = c.forward(ps, batch(m, tweets(v), 8), false).logits().toFloatArray();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            c.saveParameters(new DataOutputStream(bytes));
            UlmfitClassifier same = new UlmfitClassifier(TinyAwd.model(TinyAwd.config(v.size()), m, 78), PoolingHead.Settings.ulmfit(3));
            same.initialize(m, DataType.FLOAT32, new Shape(1, 2), new Shape(1, 2));
            assertFalse(Arrays.equals(before, same.forward(ps, batch(m, tweets(v), 8), false).logits().toFloatArray()), "other weights at first");
            same.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertArrayEquals(before, same.forward(ps, batch(m, tweets(v), 8), false).logits().toFloatArray(), 0f);
        }
    }

    @Test
    void standardizingTheHeadGivesEachFeatureMeanZeroAndDeviationOneOnTheTrainingTexts() {
        LmVocabulary v = TinyAwd.vocabulary();
        try (NDManager m = NDManager.newBaseManager()) {
            UlmfitClassifier c = classifier(m, 11);
            List<EncodedTweet> list = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                List<String> words = List.of("the", "cat", "sat", "a", "dog", "ate", "bone", "song", "bird");
                list.add(new EncodedTweet(i, Tweets.Label.values()[i % 3], v.encodeText(words.subList(i % 5, 5 + i % 4))));
            }
            TweetBatches training = new TweetBatches(new EncodedTweets(list, 12, LmVocabulary.PADDING_ID), 8, 1);
            NDArray pooled = training.pooledFeatures(c, m);                                         // (30, 3C)
            assertEquals(new Shape(30, 3L * c.encoder().config().embedding()), pooled.getShape());
            NDArray scale = c.head().getParameters().get("scale").getArray();
            NDArray shift = c.head().getParameters().get("shift").getArray();
            assertEquals(1f, scale.min().getFloat(), 0f, "a = 1 before standardising");
            assertEquals(0f, shift.abs().max().getFloat(), 0f, "b = 0 before standardising");
            float[] logitsBefore = c.forward(new ParameterStore(m, false), training.of(m, new int[] {0, 1, 2}), false).logits().toFloatArray();

            c.standardizeHead(training, m);
            NDArray standardized = pooled.mul(scale).add(shift);                                    // what the head's first layer reads
            float[] mean = standardized.mean(new int[] {0}).toFloatArray();
            float[] sd = standardized.sub(standardized.mean(new int[] {0})).square().mean(new int[] {0}).sqrt().toFloatArray();
            float[] sigma = pooled.sub(pooled.mean(new int[] {0})).square().mean(new int[] {0}).sqrt().toFloatArray();
            for (int f = 0; f < mean.length; f++) {
                assertEquals(0, mean[f], 1e-4, "feature " + f + "'s mean");
                double expected = sigma[f] / Math.sqrt(sigma[f] * sigma[f] + 1e-5);    // 1, but for ε = 1e-5 beside a tiny σ²
                assertEquals(expected, sd[f], 1e-3, "feature " + f + "'s deviation (σ = " + sigma[f] + ")");
            }
            float[] logitsAfter = c.forward(new ParameterStore(m, false), training.of(m, new int[] {0, 1, 2}), false).logits().toFloatArray();
            assertFalse(Arrays.equals(logitsBefore, logitsAfter), "the head reads the standardised features");
            float[] alone = c.forward(new ParameterStore(m, false), training.of(m, new int[] {1}), false).logits().toFloatArray();
            assertArrayEquals(Arrays.copyOfRange(logitsAfter, 3, 6), alone, 1e-5f, "a tweet's logits do not depend on its batch");

            IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> c.head().standardize(pooled.get("0:1, :")));
            assertTrue(one.getMessage().contains("at least 2 texts"), one.getMessage());
        }
    }
}
