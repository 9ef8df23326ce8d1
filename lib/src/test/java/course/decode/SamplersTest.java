package course.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplersTest {

    private static float[] randomLogits(Random r, int v) {
        float[] logits = new float[v];
        for (int i = 0; i < v; i++) {
            logits[i] = (float) (3 * r.nextGaussian());
        }
        return logits;
    }

    /** Logits whose softmax (temperature 1) is exactly proportional to {@code p}. */
    private static float[] logitsOf(double... p) {
        float[] logits = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            logits[i] = (float) Math.log(p[i]);
        }
        return logits;
    }

    private static void assertDistribution(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6, "token " + i);
        }
    }

    @Test
    void greedyIsTheLargestLogitWithTiesToTheSmallerId() {
        assertEquals(2, Samplers.greedy(new float[] {1, -3, 7, 2}));
        assertEquals(1, Samplers.greedy(new float[] {0, 5, 5, 5}));
        assertEquals(1, Samplers.greedy(new float[] {Float.NEGATIVE_INFINITY, -1e30f, -1e30f}));
    }

    @Test
    void topKOfOneIsGreedyEvenWithTies() {
        Random r = new Random(1);
        for (int trial = 0; trial < 500; trial++) {
            float[] logits = randomLogits(r, 1 + r.nextInt(50));
            if (trial % 5 == 0) {
                logits[r.nextInt(logits.length)] = logits[Samplers.greedy(logits)]; // a tie for the maximum
            }
            int greedy = Samplers.greedy(logits);
            for (double t : new double[] {0.5, 1, 3}) {
                assertEquals(greedy, Samplers.sample(logits, t, 1, 1.0, r));
                assertEquals(greedy, Sampler.topK(1, t).next(logits, r));
            }
        }
    }

    @Test
    void temperatureTowardsZeroIsGreedy() {
        Random r = new Random(2);
        for (int trial = 0; trial < 1000; trial++) {
            float[] logits = randomLogits(r, 2 + r.nextInt(100));
            int greedy = Samplers.greedy(logits);
            assertEquals(greedy, Samplers.sample(logits, 1e-6, 0, 1.0, r));
            assertEquals(greedy, Samplers.sample(logits, 0, 0, 1.0, r));
            assertEquals(greedy, Sampler.greedy().next(logits, r));
            assertEquals(1.0, Samplers.probabilities(logits, 1e-6, 0, 1.0)[greedy], 1e-12);
        }
    }

    @Test
    void topKKeepsTheLargestLogitsAndRemovesTheRestCompletely() {
        // minGPT once set filtered logits to 1e-10 instead of -1e10 (karpathy/minGPT#10): with negative
        // logits the "removed" tokens became the likeliest. Here every logit is negative.
        float[] negative = {-5, -1, -8, -2, -3};
        double[] q = Samplers.probabilities(negative, 1, 2, 1.0);
        assertDistribution(new double[] {0, 1 / (1 + Math.exp(-1)), 0, 1 / (1 + Math.exp(1)), 0}, q);
        assertEquals(0, q[0] + q[2] + q[4]); // exactly
        float[] logits = {0, 10, -5, 3, 8};
        double[] p = Samplers.probabilities(logits, 1, 2, 1.0);
        assertTrue(p[1] > 0 && p[4] > 0);
        assertEquals(0, p[0] + p[2] + p[3]);
        assertEquals(1 / (1 + Math.exp(-2)), p[1], 1e-9); // softmax over {10, 8} only
        Random r = new Random(3);
        for (int i = 0; i < 2000; i++) {
            int id = Sampler.topK(2, 1.5).next(logits, r);
            assertTrue(id == 1 || id == 4, "drew " + id);
        }
        // Ties at the cut: exactly k kept, smaller ids first.
        double[] tied = Samplers.probabilities(new float[] {1, 2, 2, 2, 0}, 1, 2, 1.0);
        assertDistribution(new double[] {0, 0.5, 0.5, 0, 0}, tied);
    }

    @Test
    void topKAtLeastTheVocabularyIsANoOp() {
        Random r = new Random(4);
        for (int trial = 0; trial < 50; trial++) {
            float[] logits = randomLogits(r, 20);
            double[] all = Samplers.probabilities(logits, 0.9, 0, 1.0);
            assertArrayEquals(all, Samplers.probabilities(logits, 0.9, 20, 1.0), 1e-15);
            assertArrayEquals(all, Samplers.probabilities(logits, 0.9, 25, 1.0), 1e-15);
        }
    }

    @Test
    void topPKeepsTheSmallestSetWithMassAtLeastP() {
        float[] logits = logitsOf(0.5, 0.2, 0.2, 0.1);
        // p <= 0.5: the top token alone already has mass 0.5
        assertDistribution(new double[] {1, 0, 0, 0}, Samplers.probabilities(logits, 1, 0, 0.3));
        assertDistribution(new double[] {1, 0, 0, 0}, Samplers.probabilities(logits, 1, 0, 0.5));
        // 0.6: needs a second token; tokens 1 and 2 tie at 0.2 and the smaller id is taken
        assertDistribution(new double[] {5 / 7.0, 2 / 7.0, 0, 0}, Samplers.probabilities(logits, 1, 0, 0.6));
        // 0.7: 0.5 + 0.2 reaches it exactly (up to rounding): still two tokens, not three
        assertDistribution(new double[] {5 / 7.0, 2 / 7.0, 0, 0}, Samplers.probabilities(logits, 1, 0, 0.7));
        // 0.71 and 0.9: three tokens (mass 0.9)
        assertDistribution(new double[] {5 / 9.0, 2 / 9.0, 2 / 9.0, 0}, Samplers.probabilities(logits, 1, 0, 0.71));
        assertDistribution(new double[] {5 / 9.0, 2 / 9.0, 2 / 9.0, 0}, Samplers.probabilities(logits, 1, 0, 0.9));
        // beyond 0.9: everything
        assertDistribution(new double[] {0.5, 0.2, 0.2, 0.1}, Samplers.probabilities(logits, 1, 0, 0.95));
        assertDistribution(new double[] {0.5, 0.2, 0.2, 0.1}, Samplers.probabilities(logits, 1, 0, 1.0));
        // Rounding: from float logits, "0.4" comes out as 0.39999999838; it still counts as reaching p = 0.4.
        float[] tenths = logitsOf(0.4, 0.3, 0.2, 0.1);
        assertTrue(Samplers.probabilities(tenths, 1, 0, 1.0)[0] < 0.4);
        assertDistribution(new double[] {1, 0, 0, 0}, Samplers.probabilities(tenths, 1, 0, 0.4));
        assertDistribution(new double[] {4 / 7.0, 3 / 7.0, 0, 0}, Samplers.probabilities(tenths, 1, 0, 0.41));
        // The order of the ids does not matter, only the probabilities (and the id for ties).
        float[] shuffled = logitsOf(0.1, 0.2, 0.5, 0.2);
        assertDistribution(new double[] {0, 2 / 7.0, 5 / 7.0, 0}, Samplers.probabilities(shuffled, 1, 0, 0.6));
        // top-p acts on what top-k left, renormalised: top-2 gives {5/7, 2/7}; 0.8 of that needs both.
        assertDistribution(new double[] {5 / 7.0, 2 / 7.0, 0, 0}, Samplers.probabilities(logits, 1, 2, 0.8));
        assertDistribution(new double[] {1, 0, 0, 0}, Samplers.probabilities(logits, 1, 2, 0.7)); // 5/7 >= 0.7
    }

    @Test
    void topPOnAPeakedDistributionShrinksToOneToken() {
        float[] logits = logitsOf(0.97, 0.01, 0.01, 0.01);
        assertDistribution(new double[] {1, 0, 0, 0}, Samplers.probabilities(logits, 1, 0, 0.9));
        float[] flat = logitsOf(0.25, 0.25, 0.25, 0.25);
        assertDistribution(new double[] {0.25, 0.25, 0.25, 0.25}, Samplers.probabilities(flat, 1, 0, 0.9));
    }

    @Test
    void probabilitiesSumToOneForEverySetting() {
        Random r = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            float[] logits = randomLogits(r, 1 + r.nextInt(300));
            if (logits.length > 1) {
                logits[r.nextInt(logits.length)] = Float.NEGATIVE_INFINITY; // a banned token
            }
            double t = new double[] {0, 1e-3, 0.5, 1, 2, 100}[r.nextInt(6)];
            int k = r.nextInt(10);
            double p = new double[] {0.01, 0.5, 0.9, 1}[r.nextInt(4)];
            double[] probs = Samplers.probabilities(logits, t, k, p);
            double sum = 0;
            int positive = 0;
            for (double x : probs) {
                assertTrue(x >= 0 && x <= 1);
                sum += x;
                positive += x > 0 ? 1 : 0;
            }
            assertEquals(1.0, sum, 1e-9);
            assertTrue(k == 0 || positive <= k);
        }
    }

    @Test
    void drawFrequenciesMatchTheFilteredDistribution() {
        float[] logits = {2.0f, 1.5f, 0.3f, -1.0f, 1.0f, 0.0f, -3.0f, 0.8f};
        Sampler sampler = new Sampler(0.8, 6, 0.95);
        double[] p = sampler.probabilities(logits);
        int n = 200_000;
        int[] counts = new int[logits.length];
        Random r = new Random(6);
        for (int i = 0; i < n; i++) {
            counts[sampler.next(logits, r)]++;
        }
        double chiSquare = 0;
        int cells = 0;
        for (int i = 0; i < logits.length; i++) {
            if (p[i] == 0) {
                assertEquals(0, counts[i], "filtered token " + i + " was drawn");
            } else {
                double expected = n * p[i];
                chiSquare += (counts[i] - expected) * (counts[i] - expected) / expected;
                cells++;
            }
        }
        // cells - 1 degrees of freedom; 25 is beyond the 0.1% point for up to 7 of them (24.3).
        assertTrue(cells >= 4, "kept " + cells);
        assertTrue(chiSquare < 25, "chi-square " + chiSquare + " over " + cells + " cells");
    }

    @Test
    void samplingIsReproducibleWithTheSameSeed() {
        float[] logits = randomLogits(new Random(7), 100);
        Sampler sampler = Sampler.topP(0.9, 1.2);
        Random a = new Random(42);
        Random b = new Random(42);
        for (int i = 0; i < 100; i++) {
            assertEquals(sampler.next(logits, a), sampler.next(logits, b));
        }
    }

    @Test
    void badSettingsAndBrokenLogitsAreRefusedWithTheValue() {
        float[] logits = {1, 2, 3};
        Random r = new Random(8);
        var e = assertThrows(IllegalArgumentException.class, () -> Samplers.sample(logits, -0.5, 0, 1, r));
        assertTrue(e.getMessage().contains("temperature must be a finite number >= 0 (0 means greedy), got -0.5"));
        e = assertThrows(IllegalArgumentException.class, () -> Samplers.sample(logits, Double.NaN, 0, 1, r));
        assertTrue(e.getMessage().contains("got NaN"));
        e = assertThrows(IllegalArgumentException.class, () -> Samplers.sample(logits, 1, -1, 1, r));
        assertTrue(e.getMessage().contains("topK must be >= 0 (0 means no top-k filter), got -1"));
        for (double p : new double[] {0, -0.1, 1.5, Double.NaN}) {
            e = assertThrows(IllegalArgumentException.class, () -> Samplers.sample(logits, 1, 0, p, r));
            assertTrue(e.getMessage().contains("topP must be in (0, 1]"), e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class, () -> Samplers.greedy(new float[] {1, Float.NaN, 2}));
        assertTrue(e.getMessage().contains("logit 1 is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Samplers.sample(new float[] {1, Float.POSITIVE_INFINITY}, 1, 0, 1, r));
        assertTrue(e.getMessage().contains("logit 1 is Infinity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Samplers.probabilities(new float[] {Float.NEGATIVE_INFINITY}, 1, 0, 1));
        assertTrue(e.getMessage().contains("all 1 logits are -Infinity"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Samplers.greedy(new float[0]));
        assertTrue(e.getMessage().contains("logits are empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sampler.topK(0, 1));
        assertTrue(e.getMessage().contains("top-k needs k >= 1, got 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sampler.topP(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(1, 0, 2));
    }

    @Test
    void bannedTokensAreNeverDrawn() {
        float[] logits = {Float.NEGATIVE_INFINITY, 0, Float.NEGATIVE_INFINITY, 0};
        Random r = new Random(9);
        for (int i = 0; i < 1000; i++) {
            int id = Sampler.temperature(5).next(logits, r);
            assertTrue(id == 1 || id == 3);
        }
        assertDistribution(new double[] {0, 0.5, 0, 0.5}, Samplers.probabilities(logits, 1, 0, 1));
    }

    @Test
    void samplersDescribeThemselves() {
        assertEquals("greedy", Sampler.greedy().describe());
        assertEquals("temperature 0.8", Sampler.temperature(0.8).describe());
        assertEquals("top-k 40, temperature 1", Sampler.topK(40, 1.0).describe());
        assertEquals("top-p 0.9, temperature 0.7", Sampler.topP(0.9, 0.7).describe());
        assertEquals("top-k 50, top-p 0.95, temperature 1", new Sampler(1, 50, 0.95).describe());
        assertEquals("greedy", new Sampler(0, 50, 0.5).describe());
    }
}
