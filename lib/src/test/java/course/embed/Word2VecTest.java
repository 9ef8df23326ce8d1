package course.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Word2VecTest {

    @Test
    void keepProbabilityFollowsTheReleasedFormula() {
        // f = 0.01, t = 1e-3: (sqrt(10) + 1) · 0.1 = 0.41623
        assertEquals(0.416228, Subsampling.keepProbability(0.01, 1e-3), 1e-6);
        assertEquals(1.0, Subsampling.keepProbability(1e-4, 1e-3), 0); // rare words are always kept
        assertEquals(Math.sqrt(0.1), Subsampling.paperKeepProbability(0.01, 1e-3), 1e-12);
        assertEquals(1.0, Subsampling.keepProbability(0.5, 0), 0); // sample = 0 turns it off
        Vocabulary v = Vocabulary.of(List.of("the", "cat"), new long[] {99_900, 100});
        float[] keep = Subsampling.keepProbabilities(v, 1e-3);
        assertEquals((Math.sqrt(0.999 / 1e-3) + 1) * 1e-3 / 0.999, keep[0], 1e-6);
        assertEquals(1.0f, keep[1]);
    }

    @Test
    void noiseTableSamplesUnigramToTheThreeQuarters() {
        Vocabulary v = Vocabulary.of(List.of("a", "b", "c", "d"), new long[] {1000, 100, 10, 1});
        NoiseTable table = NoiseTable.of(v, 1_000_000);
        double[] expected = NoiseTable.weights(v);
        double[] actual = table.shares(4);
        double sum = Math.pow(1000, .75) + Math.pow(100, .75) + Math.pow(10, .75) + 1;
        assertEquals(Math.pow(100, .75) / sum, expected[1], 1e-12);
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], actual[i], 1e-4, "word " + i);
        }
        // Raised to 3/4, the rarest word gets more than its raw share of 1/1111.
        assertTrue(actual[3] > 1.0 / 1111);
    }

    @Test
    void oneNegativeSamplingStepMatchesTheHandComputedUpdate() {
        int dim = 2;
        float[] input = {0.5f, -1f};                     // the input word's vector
        float[] output = {0.2f, 0.4f, /* neg */ -0.3f, 0.1f, /* unused */ 9f, 9f};
        float[] gradient = new float[dim];
        float alpha = 0.1f;
        Word2Vec.negativeSamplingStep(new ScalarOps(), input, 0, output, new int[] {0, 1}, 2, alpha, dim, gradient);
        // positive: f = 0.5·0.2 − 1·0.4 = −0.3, g = (1 − σ(−0.3))·0.1; negative: f = −0.15 − 0.1 = −0.25, g = −σ(−0.25)·0.1
        double gPos = (1 - sigma(-0.3)) * alpha;
        double gNeg = (0 - sigma(-0.25)) * alpha;
        double tol = 1.6e-3 * alpha; // half a step of the sigmoid table
        assertEquals(gPos * 0.2 + gNeg * -0.3, gradient[0], tol);
        assertEquals(gPos * 0.4 + gNeg * 0.1, gradient[1], tol);
        assertEquals(0.2 + gPos * 0.5, output[0], tol);
        assertEquals(0.4 + gPos * -1, output[1], tol);
        assertEquals(-0.3 + gNeg * 0.5, output[2], tol);
        assertEquals(0.1 + gNeg * -1, output[3], tol);
        assertArrayEquals(new float[] {9f, 9f}, new float[] {output[4], output[5]});
        assertArrayEquals(new float[] {0.5f, -1f}, input, "the input row is updated by the caller");
    }

    @Test
    void aSkipGramUpdateReturnsTheExactLossAndMovesRowsAsTheTrainerDoes() {
        int dim = 2;
        float[] input = {0.5f, -1f, /* word 1 */ 0.3f, 0.3f};
        float[] output = {0.2f, 0.4f, /* word 1 */ -0.3f, 0.1f};
        float alpha = 0.1f;
        // input word 0 against target 0 (true) and noise word 1: the pair of the hand-computed test above
        double loss = Word2Vec.skipGramUpdate(input, output, dim, new int[] {0}, new int[] {0}, new int[] {1}, alpha);
        assertEquals(-Math.log(sigma(-0.3)) - Math.log(sigma(0.25)), loss, 1e-6);
        double gPos = (1 - sigma(-0.3)) * alpha;
        double gNeg = (0 - sigma(-0.25)) * alpha;
        double tol = 1.6e-3 * alpha;
        assertEquals(0.5 + gPos * 0.2 + gNeg * -0.3, input[0], tol, "the input row moves too");
        assertEquals(-1 + gPos * 0.4 + gNeg * 0.1, input[1], tol);
        assertEquals(0.2 + gPos * 0.5, output[0], tol);
        assertEquals(0.1 + gNeg * -1, output[3], tol);
        assertArrayEquals(new float[] {0.3f, 0.3f}, new float[] {input[2], input[3]}, "rows not in the batch stay");
    }

    @Test
    void aBatchOfUpdatesIsItsPairsOneAfterTheOther() {
        Random r = new Random(5);
        int v = 6;
        int dim = 4;
        float[] input = new float[v * dim];
        float[] output = new float[v * dim];
        for (int i = 0; i < input.length; i++) {
            input[i] = r.nextFloat() - 0.5f;
            output[i] = r.nextFloat() - 0.5f;
        }
        int[] centres = {0, 0, 3};     // word 0 twice: the second pair sees the first one's update
        int[] contexts = {1, 2, 1};
        int[] noise = {4, 5, 5, 1, 2, 4};  // K = 2
        float[] batchInput = input.clone();
        float[] batchOutput = output.clone();
        Word2Vec.skipGramUpdate(batchInput, batchOutput, dim, centres, contexts, noise, 0.05f);
        for (int i = 0; i < 3; i++) {
            Word2Vec.skipGramUpdate(input, output, dim, new int[] {centres[i]}, new int[] {contexts[i]},
                    new int[] {noise[2 * i], noise[2 * i + 1]}, 0.05f);
        }
        assertArrayEquals(input, batchInput);
        assertArrayEquals(output, batchOutput);
    }

    @Test
    void aSkipGramUpdateNamesBadIdsAndShapes() {
        float[] m = new float[6];
        var id = assertThrows(IllegalArgumentException.class,
                () -> Word2Vec.skipGramUpdate(m, m.clone(), 2, new int[] {0}, new int[] {3}, new int[] {1}, 0.1f));
        assertTrue(id.getMessage().contains("outside [0, 3)"), id.getMessage());
        var noise = assertThrows(IllegalArgumentException.class,
                () -> Word2Vec.skipGramUpdate(m, m.clone(), 2, new int[] {0, 1}, new int[] {1, 2}, new int[] {1, 2, 0}, 0.1f));
        assertTrue(noise.getMessage().contains("B·K noise words, got 2, 2 and 3"), noise.getMessage());
        var shape = assertThrows(IllegalArgumentException.class,
                () -> Word2Vec.skipGramUpdate(m, new float[4], 2, new int[] {0}, new int[] {1}, new int[] {1}, 0.1f));
        assertTrue(shape.getMessage().contains("V × 2, got 6 and 4"), shape.getMessage());
    }

    private static double sigma(double f) {
        return 1 / (1 + Math.exp(-f));
    }

    @Test
    void simdAndScalarLoopsAgree() {
        Random r = new Random(3);
        float[] a = new float[203];
        float[] b = new float[203];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
            b[i] = r.nextFloat() - 0.5f;
        }
        FloatOps best = FloatOps.best();
        assertTrue(best instanceof SimdOps, "tests run with --add-modules jdk.incubator.vector");
        assertEquals(new ScalarOps().dot(a, 3, b, 1, 100), best.dot(a, 3, b, 1, 100), 1e-5);
        float[] y1 = b.clone();
        float[] y2 = b.clone();
        new ScalarOps().axpy(0.3f, a, 2, y1, 5, 101);
        best.axpy(0.3f, a, 2, y2, 5, 101);
        assertArrayEquals(y1, y2, 1e-6f);
    }

    /** Two "topics" whose words only ever appear with each other. */
    private static List<List<String>> twoTopics(int sentences) {
        Random r = new Random(1);
        String[][] topics = {{"cat", "dog", "pet", "fur", "paw", "tail"}, {"stock", "bond", "bank", "loan", "fund", "rate"}};
        List<List<String>> corpus = new ArrayList<>();
        for (int i = 0; i < sentences; i++) {
            String[] topic = topics[i % 2];
            List<String> s = new ArrayList<>();
            for (int j = 0; j < 12; j++) {
                s.add(topic[r.nextInt(topic.length)]);
            }
            corpus.add(s);
        }
        return corpus;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static WordVectors train(Word2Vec.Architecture architecture, int threads, long seed) {
        List<List<String>> corpus = twoTopics(2000);
        Vocabulary v = Vocabulary.build(corpus, 1);
        Word2Vec.Config c = Word2Vec.Config.gensimSkipGram().withArchitecture(architecture).withDimensions(20).withWindow(3)
                .withNegatives(3).withSample(0).withMinCount(1).withEpochs(3).withLearningRate(0.05).withThreads(threads).withSeed(seed);
        return Word2Vec.train(v.encode(corpus), v, c, line -> { }).vectors();
    }

    @Test
    void bothArchitecturesPutWordsOfOneTopicTogether() {
        for (Word2Vec.Architecture a : Word2Vec.Architecture.values()) {
            WordVectors w = train(a, 2, 7);
            double same = cosine(w.vector("cat"), w.vector("dog"));
            double across = cosine(w.vector("cat"), w.vector("bank"));
            assertTrue(same > 0.5 && same > across + 0.5, a + ": cat~dog " + same + ", cat~bank " + across);
        }
    }

    @Test
    void oneThreadAndAFixedSeedGiveIdenticalVectors() {
        for (Word2Vec.Architecture a : Word2Vec.Architecture.values()) {
            WordVectors first = train(a, 1, 42);
            WordVectors second = train(a, 1, 42);
            for (int id = 0; id < first.size(); id++) {
                assertArrayEquals(first.vector(id), second.vector(id), a + " word " + id);
            }
        }
    }

    @Test
    void theGensimPresetHoldsGensimsSkipGramDefaults() {
        Word2Vec.Config g = Word2Vec.Config.gensimSkipGram();
        assertEquals(new Word2Vec.Config(Word2Vec.Architecture.SKIP_GRAM, 100, 5, 5, 1e-3, 5, 5, 0.025, 0.0001, 3, 1), g);
    }

    @Test
    void eachWithChangesOneSetting() {
        Word2Vec.Config g = Word2Vec.Config.gensimSkipGram();
        assertEquals(new Word2Vec.Config(Word2Vec.Architecture.CBOW, 50, 4, 10, 1e-4, 3, 2, 0.05, 0.001, 2, 7),
                g.withArchitecture(Word2Vec.Architecture.CBOW).withDimensions(50).withWindow(4).withNegatives(10).withSample(1e-4)
                        .withMinCount(3).withEpochs(2).withLearningRate(0.05).withMinLearningRate(0.001).withThreads(2).withSeed(7));
        assertEquals(g, g.withThreads(2).withThreads(3), "a copy, the preset itself unchanged");
    }

    @Test
    void badSettingsAreNamed() {
        Word2Vec.Config cbow = Word2Vec.Config.gensimSkipGram().withArchitecture(Word2Vec.Architecture.CBOW).withLearningRate(0.05)
                .withThreads(2);
        var e = assertThrows(IllegalArgumentException.class, () -> cbow.withWindow(0));
        assertTrue(e.getMessage().contains("100, 0, 5, 5, 2, 5"), e.getMessage());
        var lr = assertThrows(IllegalArgumentException.class, () -> cbow.withLearningRate(0.01).withMinLearningRate(0.1));
        assertTrue(lr.getMessage().contains("minLearningRate=0.1"), lr.getMessage());
    }
}
