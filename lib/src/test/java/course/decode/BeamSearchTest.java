package course.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BeamSearchTest {

    private static final int END = 0, A = 1, B = 2, START = 3;

    private static float[] log(double... p) {
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) out[i] = (float) Math.log(p[i]);
        return out;
    }

    /** First token a (0.6) or b (0.4); after a the best is to end (0.4), after b to end (0.9); then always end. */
    private static final BeamSearch.PrefixModel TRAP = (sentences, prefixes) -> {
        float[][] out = new float[prefixes.length][];
        for (int r = 0; r < prefixes.length; r++) {
            int[] p = prefixes[r];
            if (p.length == 1) out[r] = log(1e-9, 0.6, 0.4, 1e-9);
            else if (p.length == 2 && p[1] == A) out[r] = log(0.4, 0.3, 0.3, 1e-9);
            else if (p.length == 2 && p[1] == B) out[r] = log(0.9, 0.05, 0.05, 1e-9);
            else out[r] = log(0.98, 0.01, 0.01, 1e-9);
        }
        return out;
    };

    /** Random but fixed next-token distributions over V = 3, a function of (sentence, prefix). */
    private static final BeamSearch.PrefixModel RANDOM = (sentences, prefixes) -> {
        float[][] out = new float[prefixes.length][];
        for (int r = 0; r < prefixes.length; r++) {
            Random random = new Random(31L * Arrays.hashCode(prefixes[r]) + sentences[r]);
            double[] logits = {random.nextGaussian() - 0.5, random.nextGaussian(), random.nextGaussian()};
            double z = Math.log(Arrays.stream(logits).map(Math::exp).sum());
            out[r] = new float[3];
            for (int v = 0; v < 3; v++) out[r][v] = (float) (logits[v] - z);
        }
        return out;
    };

    /** RANDOM as sentence {@code s} sees it, whatever sentence index the search passes. */
    private static BeamSearch.PrefixModel onlySentence(int s) {
        return (sentences, prefixes) -> {
            int[] same = new int[prefixes.length];
            Arrays.fill(same, s);
            return RANDOM.nextLogProbabilities(same, prefixes);
        };
    }

    private static BeamSearch.Hypothesis best(int beam, double alpha, int maxLength, BeamSearch.PrefixModel model) {
        return BeamSearch.search(1, START, new BeamSearch.Settings(beam, maxLength, alpha, END), BeamSearch.recomputing(model)).get(0).get(0);
    }

    @Test
    void beamFindsTheSequenceGreedyMisses() {
        BeamSearch.Hypothesis greedy = best(1, 0, 10, TRAP);
        BeamSearch.Hypothesis beam = best(2, 0, 10, TRAP);
        assertArrayEquals(new int[] {A, END}, greedy.tokens());
        assertEquals(Math.log(0.24), greedy.logProbability(), 1e-6);
        assertArrayEquals(new int[] {B, END}, beam.tokens());
        assertEquals(Math.log(0.36), beam.logProbability(), 1e-6);
        assertTrue(beam.ended());
    }

    @Test
    void beamOfOneIsGreedyDecoding() {
        for (int sentence = 0; sentence < 20; sentence++) {
            int s = sentence;
            BeamSearch.PrefixModel one = onlySentence(s);
            List<Integer> greedy = new ArrayList<>(List.of(START));
            while (greedy.size() <= 8) {
                float[] logP = one.nextLogProbabilities(new int[] {0}, new int[][] {greedy.stream().mapToInt(Integer::intValue).toArray()})[0];
                int argmax = 0;
                for (int v = 1; v < logP.length; v++) if (logP[v] > logP[argmax]) argmax = v;
                greedy.add(argmax);
                if (argmax == END) break;
            }
            int[] expected = greedy.subList(1, greedy.size()).stream().mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, best(1, 0, 8, one).tokens(), "sentence " + s);
        }
    }

    @Test
    void aBeamAsWideAsAllPrefixesFindsTheExhaustiveBest() {
        int maxLength = 4;
        for (double alpha : new double[] {0, 0.6, 1.5}) {
            for (int sentence = 0; sentence < 10; sentence++) {
                int s = sentence;
                BeamSearch.PrefixModel one = onlySentence(s);
                BeamSearch.Settings settings = new BeamSearch.Settings(8, maxLength, alpha, END);   // 2³ open prefixes at most
                double bestScore = exhaustive(one, settings, new int[] {START}, 0);
                assertEquals(bestScore, best(8, alpha, maxLength, one).score(), 1e-5, "alpha " + alpha + ", sentence " + s);
            }
        }
    }

    /** The best score over every sequence that ends, or is cut at maxLength, after {@code prefix}. */
    private static double exhaustive(BeamSearch.PrefixModel model, BeamSearch.Settings settings, int[] prefix, double logP) {
        float[] next = model.nextLogProbabilities(new int[] {0}, new int[][] {prefix})[0];
        int length = prefix.length;                          // tokens generated after this one
        double best = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < next.length; v++) {
            double total = logP + next[v];
            if (v == settings.endToken() || length == settings.maxLength()) {
                best = Math.max(best, total / settings.lengthPenalty(length));
            } else {
                int[] longer = Arrays.copyOf(prefix, prefix.length + 1);
                longer[prefix.length] = v;
                best = Math.max(best, exhaustive(model, settings, longer, total));
            }
        }
        return best;
    }

    @Test
    void batchedSentencesGiveWhatEachGivesAlone() {
        BeamSearch.Settings settings = new BeamSearch.Settings(3, 7, 0.6, END);
        List<List<BeamSearch.Hypothesis>> batched = BeamSearch.search(12, START, settings, BeamSearch.recomputing(RANDOM));
        for (int s = 0; s < 12; s++) {
            int sentence = s;
            BeamSearch.PrefixModel one = onlySentence(sentence);
            List<BeamSearch.Hypothesis> alone = BeamSearch.search(1, START, settings, BeamSearch.recomputing(one)).get(0);
            assertEquals(alone.size(), batched.get(s).size());
            for (int i = 0; i < alone.size(); i++) {
                assertArrayEquals(alone.get(i).tokens(), batched.get(s).get(i).tokens(), "sentence " + s + ", hypothesis " + i);
            }
        }
    }

    @Test
    void theNBestListIsSortedAndHoldsBeamSizeHypotheses() {
        List<BeamSearch.Hypothesis> nBest = BeamSearch.search(1, START, new BeamSearch.Settings(4, 6, 0.6, END),
                BeamSearch.recomputing(RANDOM)).get(0);
        assertEquals(4, nBest.size());
        for (int i = 1; i < nBest.size(); i++) {
            assertTrue(nBest.get(i - 1).score() >= nBest.get(i).score(), nBest.toString());
            assertTrue(!Arrays.equals(nBest.get(i - 1).tokens(), nBest.get(i).tokens()), nBest.toString());
        }
        for (BeamSearch.Hypothesis h : nBest) {
            assertEquals(h.logProbability() / Math.pow((5.0 + h.tokens().length) / 6, 0.6), h.score(), 1e-9);
        }
    }

    @Test
    void aCachedDecoderSeesParentsThatItCanGatherBy() {
        // The Decoder contract: rebuild each row's prefix from (parent, last token) alone, as a KV cache would.
        List<int[][]> calls = new ArrayList<>();
        BeamSearch.Decoder recording = new BeamSearch.Decoder() {
            int[][] prefixes;
            @Override
            public float[][] next(int[] parents, int[] lastTokens) {
                int[][] now = new int[parents.length][];
                for (int r = 0; r < parents.length; r++) {
                    int[] before = prefixes == null ? new int[0] : prefixes[parents[r]];
                    now[r] = Arrays.copyOf(before, before.length + 1);
                    now[r][before.length] = lastTokens[r];
                }
                prefixes = now;
                calls.add(now);
                return TRAP.nextLogProbabilities(new int[now.length], now);
            }
        };
        BeamSearch.Hypothesis h = BeamSearch.search(1, START, new BeamSearch.Settings(2, 10, 0, END), recording).get(0).get(0);
        assertArrayEquals(new int[] {B, END}, h.tokens());
        assertArrayEquals(new int[][] {{START}}, calls.get(0));
        assertArrayEquals(new int[][] {{START, A}, {START, B}}, calls.get(1));
    }

    @Test
    void badSettingsAndDecodersAreReported() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BeamSearch.Settings(0, 5, 0, END))
                .getMessage().contains("beamSize >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BeamSearch.search(0, START, new BeamSearch.Settings(2, 5, 0, END),
                BeamSearch.recomputing(TRAP))).getMessage().contains("at least one sentence"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BeamSearch.search(2, START,
                new BeamSearch.Settings(2, 5, 0, END), (parents, last) -> new float[1][4]));
        assertTrue(e.getMessage().contains("1 rows for 2 prefixes"), e.getMessage());
    }
}
