package course.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import course.text.TranslationVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TranslationBatchesTest {

    private static List<int[]> sentences(Random random, int n, int maxLength) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] s = new int[1 + random.nextInt(maxLength)];
            for (int j = 0; j < s.length; j++) s[j] = 4 + random.nextInt(50);
            out.add(s);
        }
        return out;
    }

    @Test
    void everyPairOncePerPassWithinTheTokenBudget() {
        Random random = new Random(1);
        List<int[]> src = sentences(random, 300, 25), tgt = sentences(random, 300, 25);
        src.add(new int[40]);                                   // longer than maxLength 30: left out
        tgt.add(new int[] {5});
        TranslationBatches batches = new TranslationBatches(src, tgt, 200, 30, 7);
        assertEquals(1, batches.dropped());
        int n = batches.batchesPerEpoch();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int pass = 0; pass < 2; pass++) {
                int[] seen = new int[src.size()];
                for (int step = pass * n; step < (pass + 1) * n; step++) {
                    try (NDManager scope = m.newSubManager()) {
                        TranslationBatch b = batches.batch(scope, step);
                        long[] s = b.source().getShape().getShape(), t = b.targetIn().getShape().getShape();
                        assertTrue(s[0] * s[1] <= 200 && t[0] * t[1] <= 200, "budget: " + Arrays.toString(s) + " " + Arrays.toString(t));
                        for (int p : b.pairs()) seen[p]++;
                    }
                }
                for (int p = 0; p < 300; p++) assertEquals(1, seen[p], "pair " + p + " in pass " + pass);
                assertEquals(0, seen[300]);
            }
            assertArrayEquals(batches.batch(m, 3).pairs(), batches.batch(m, 3).pairs(), "a step always gets the same batch");
            boolean sameOrder = true;
            for (int i = 0; i < n; i++) sameOrder &= Arrays.equals(batches.batch(m, i).pairs(), batches.batch(m, n + i).pairs());
            assertTrue(!sameOrder, "each pass visits the batches in its own order");
        }
    }

    @Test
    void theDecoderInputIsTheTargetShiftedRightBehindTheStartToken() {
        List<int[]> src = List.of(new int[] {10, 11, 12}, new int[] {13});
        List<int[]> tgt = List.of(new int[] {20, 21}, new int[] {22, 23, 24});
        TranslationBatches batches = new TranslationBatches(src, tgt, 100, 10, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            TranslationBatch b = batches.of(m, new int[] {0, 1});
            int S = TranslationVocabulary.START, E = TranslationVocabulary.END, P = TranslationVocabulary.PAD;
            assertArrayEquals(new int[] {10, 11, 12, 13, P, P}, b.source().toIntArray());
            assertArrayEquals(new int[] {3, 1}, b.sourceLengths());
            assertArrayEquals(new int[] {S, 20, 21, P, S, 22, 23, 24}, b.targetIn().toIntArray());
            assertArrayEquals(new int[] {20, 21, E, P, 22, 23, 24, E}, b.targetOut().toIntArray());
            assertArrayEquals(new boolean[] {true, true, true, false, true, true, true, true}, b.targetMask().toBooleanArray());
            assertArrayEquals(new int[] {3, 4}, b.targetLengths());
            assertEquals(7, b.targetTokens());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TranslationBatches(src, List.of(new int[] {1}), 100, 10, 0))
                .getMessage().contains("as many sources as targets"));
    }

    @Test
    void theVocabularyReservesFourIdsAndMapsRareWordsToUnknown() {
        List<List<String>> text = List.of(List.of("a", "man", "runs"), List.of("a", "dog", "runs"), List.of("a", "cat"));
        TranslationVocabulary v = TranslationVocabulary.build(text, 2);
        assertEquals(4 + 2, v.size());                          // "a" (3) and "runs" (2)
        assertEquals("<pad>", v.token(0));
        assertEquals("a", v.token(4));
        assertArrayEquals(new int[] {4, TranslationVocabulary.UNKNOWN, 5}, v.encode(List.of("a", "dog", "runs")));
        assertEquals(List.of("a", "<unk>"), v.decode(new int[] {TranslationVocabulary.START, 4, 3, TranslationVocabulary.END, 5}));
        assertEquals(2.0 / 3, v.unknownRate(List.of(List.of("a", "dog", "cat"))), 1e-12);
        assertNotEquals(-1, v.id("zebra"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TranslationVocabulary.build(List.of(List.of("<s>", "<s>")), 1))
                .getMessage().contains("special token <s>"));
    }
}
