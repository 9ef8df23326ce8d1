package course.bert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskingTest {

    static final SpecialIds SPECIAL = SpecialIds.wordPiece();

    @Test
    void manyBatchesShowFifteenPercentAndEightyTenTen() {
        PairSampler sampler = new PairSampler(PairSamplerTest.documents(), 64, SPECIAL);
        Masking masking = Masking.bert(20);
        Random random = new Random(11);
        long maskable = 0, chosen = 0, masked = 0, randomised = 0, kept = 0;
        for (int k = 0; k < 20_000; k++) {
            SentencePair pair = sampler.sample(random);
            Masking.MaskedPair m = masking.apply(pair, random, SPECIAL, 1000);
            int[] input = m.input();
            for (int t = 0; t < pair.length(); t++) {
                if (SPECIAL.maskable(pair.token(t))) {
                    maskable++;
                }
            }
            int previous = -1;
            for (int j = 0; j < m.predictions(); j++) {
                int t = m.position(j);
                assertTrue(t > previous, "positions increase");
                previous = t;
                assertTrue(SPECIAL.maskable(pair.token(t)), "a special token was chosen at " + t + " of " + pair);
                assertEquals(pair.token(t), m.target(j), "the target is the original id");
                switch (m.replacement(j)) {
                    case MASK -> { masked++; assertEquals(SPECIAL.mask(), input[t]); }
                    case RANDOM -> { randomised++; assertTrue(input[t] >= SPECIAL.firstOrdinary() && input[t] < 1000); }
                    case KEPT -> { kept++; assertEquals(pair.token(t), input[t]); }
                }
            }
            chosen += m.predictions();
            for (int t = 0; t < pair.length(); t++) {
                if (!SPECIAL.maskable(pair.token(t))) {
                    assertEquals(pair.token(t), input[t], "special tokens stay");
                }
            }
        }
        // The pairs here are short (5-15 maskable tokens), so round(0.15 n) >= 1 lifts the rate a little above 15%.
        assertEquals(0.15, chosen / (double) maskable, 0.03, "chosen share");
        assertEquals(0.8, masked / (double) chosen, 0.01, "[MASK] share");
        assertEquals(0.1, randomised / (double) chosen, 0.01, "random share");
        assertEquals(0.1, kept / (double) chosen, 0.01, "kept share");
    }

    @Test
    void countsFollowTheRoundingRule() {
        Masking m = Masking.bert(20);
        assertEquals(0, m.predictionsFor(0));
        assertEquals(1, m.predictionsFor(1));
        assertEquals(1, m.predictionsFor(9));      // 1.35 → 1
        assertEquals(2, m.predictionsFor(10));     // 1.5 → 2
        assertEquals(15, m.predictionsFor(100));
        assertEquals(20, m.predictionsFor(500));   // capped
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Masking(0, 0.8, 0.1, 20));
        assertThrows(IllegalArgumentException.class, () -> new Masking(0.15, 0.8, 0.3, 20));
        assertThrows(IllegalArgumentException.class, () -> new Masking(0.15, 0.8, 0.1, 0));
        SentencePair pair = SentencePair.of(new int[] {5}, new int[] {6}, true, SPECIAL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Masking.bert(20).apply(pair, new Random(1), SPECIAL, 5));
        assertTrue(e.getMessage().contains("no ordinary token"), e.getMessage());
    }
}
