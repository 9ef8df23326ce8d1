package course.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairSamplerTest {

    static final SpecialIds SPECIAL = SpecialIds.wordPiece();

    /** 6 documents of 5 sentences; sentence s of document d is [100·d + 10·s + 5, … + 1 …] of length 2 + s. */
    static List<List<int[]>> documents() {
        List<List<int[]>> docs = new ArrayList<>();
        for (int d = 1; d <= 6; d++) {
            List<int[]> sentences = new ArrayList<>();
            for (int s = 0; s < 5; s++) {
                int[] ids = new int[2 + s];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = 100 * d + 10 * s + i + 5;
                }
                sentences.add(ids);
            }
            docs.add(sentences);
        }
        return docs;
    }

    /** The sentence A or B came from: (document, sentence) from its first id. */
    static int[] origin(int firstId) {
        int v = firstId - 5;
        return new int[] {v / 100, (v % 100) / 10};
    }

    @Test
    void labelsAreBalancedAndTruePairsReallyAdjacent() {
        PairSampler sampler = new PairSampler(documents(), 64, SPECIAL);
        assertEquals(6 * 4, sampler.firstSentenceCount());
        Random random = new Random(7);
        int next = 0;
        int n = 4000;
        for (int k = 0; k < n; k++) {
            SentencePair p = sampler.sample(random);
            int firstSep = firstSep(p);
            int[] a = origin(p.token(1));
            int[] b = origin(p.token(firstSep + 1));
            if (p.isNext()) {
                next++;
                assertEquals(a[0], b[0], "an IsNext pair stays in its document: " + p);
                assertEquals(a[1] + 1, b[1], "an IsNext pair's B is A's successor: " + p);
            } else {
                assertTrue(a[0] != b[0], "a NotNext pair's B comes from another document: " + p);
            }
        }
        assertEquals(0.5, next / (double) n, 0.03, "IsNext share");
    }

    @Test
    void segmentsSwitchExactlyAfterTheFirstSep() {
        PairSampler sampler = new PairSampler(documents(), 64, SPECIAL);
        Random random = new Random(3);
        for (int k = 0; k < 200; k++) {
            SentencePair p = sampler.sample(random);
            int firstSep = firstSep(p);
            assertEquals(SPECIAL.cls(), p.token(0));
            assertEquals(SPECIAL.sep(), p.token(p.length() - 1));
            for (int t = 0; t < p.length(); t++) {
                assertEquals(t <= firstSep ? 0 : 1, p.segment(t), "segment at " + t + " of " + p);
            }
        }
    }

    @Test
    void aLongPairLosesAsFirstAndBsLastTokens() {
        PairSampler sampler = new PairSampler(documents(), 10, SPECIAL);
        int[] a = {11, 12, 13, 14, 15, 16};
        int[] b = {21, 22, 23, 24};
        SentencePair p = sampler.truncated(a, b, true);
        assertEquals(10, p.length());
        // 6 + 4 + 3 = 13 > 10: A (longer) loses 11, then 12 (5 vs 4 still longer), then A=4, B=4: A loses 13
        assertArrayEquals(new int[] {SPECIAL.cls(), 14, 15, 16, SPECIAL.sep(), 21, 22, 23, 24, SPECIAL.sep()}, p.tokens());
        SentencePair q = sampler.truncated(new int[] {11}, new int[] {21, 22, 23, 24, 25, 26, 27, 28, 29}, false);
        assertArrayEquals(new int[] {SPECIAL.cls(), 11, SPECIAL.sep(), 21, 22, 23, 24, 25, 26, SPECIAL.sep()}, q.tokens());
        Random random = new Random(1);
        for (int k = 0; k < 300; k++) {
            assertTrue(sampler.sample(random).length() <= 10);
        }
    }

    @Test
    void samplingIsDeterministicGivenTheRandom() {
        PairSampler sampler = new PairSampler(documents(), 64, SPECIAL);
        assertEquals(sampler.sample(new Random(5), 30), sampler.sample(new Random(5), 30));
    }

    @Test
    void badCorporaAreRefusedWithReasons() {
        List<List<int[]>> one = List.of(List.of(new int[] {5}, new int[] {6}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PairSampler(one, 64, SPECIAL));
        assertTrue(e.getMessage().contains("two non-empty documents"), e.getMessage());
        List<List<int[]>> singles = List.of(List.of(new int[] {5}), List.of(new int[] {6}, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> new PairSampler(singles, 64, SPECIAL));
        e = assertThrows(IllegalArgumentException.class, () -> new PairSampler(documents(), 4, SPECIAL));
        assertTrue(e.getMessage().contains("maxLength"), e.getMessage());
    }

    @Test
    void emptySentencesAreDropped() {
        List<List<int[]>> docs = new ArrayList<>(documents());
        docs.add(List.of(new int[0], new int[0]));
        PairSampler sampler = new PairSampler(docs, 64, SPECIAL);
        assertEquals(6, sampler.documentCount());
        Map<Integer, Integer> lengths = new HashMap<>();
        Random random = new Random(2);
        for (int k = 0; k < 500; k++) {
            SentencePair p = sampler.sample(random);
            int sep = firstSep(p);
            assertTrue(sep >= 2 && p.length() - sep >= 3, "both sentences non-empty: " + Arrays.toString(p.tokens()));
            lengths.merge(p.length(), 1, Integer::sum);
        }
        assertTrue(lengths.size() > 3);
    }

    static int firstSep(SentencePair p) {
        for (int t = 0; t < p.length(); t++) {
            if (p.token(t) == SPECIAL.sep()) {
                return t;
            }
        }
        throw new AssertionError("no [SEP] in " + p);
    }
}
