package course.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Expected numbers marked "sacreBLEU" come from sacrebleu 2.6.0 (PyPI) under Python 3.11 on 2026-12-03:
 * {@code BLEU().corpus_score(hyps, [refs])} with the defaults, or {@code sacrebleu.sentence_bleu}; the printed
 * lines are its {@code str(score)}. The bench {@code ./course bench bleu} repeats the comparison on Multi30k.
 */
class BleuTest {

    private static final String CAT = "the cat sat on the mat";

    // ---- 13a tokenisation (expected strings: sacreBLEU's Tokenizer13a) ----

    @Test
    void splitsPunctuationAndSymbolsOffWords() {
        assertEquals("Hello , world !", Tokenizer13a.tokenizeToString("Hello, world!"));
        assertEquals("a / b ( c ) [ d ] { e } ~ f ^ g _ h ` i | j \\ k",
                Tokenizer13a.tokenizeToString("a/b (c) [d] {e} ~f^g_h`i|j\\k"));
        assertEquals("A man in an orange hat starring at something .",
                Tokenizer13a.tokenizeToString("A man in an orange hat starring at something."));
        assertEquals(List.of("don't", "can't"), Tokenizer13a.tokenize("don't can't"));   // apostrophes stay
    }

    @Test
    void keepsPeriodsAndCommasBetweenDigits() {
        assertEquals("It costs $ 1,000.50 today .", Tokenizer13a.tokenizeToString("It costs $1,000.50 today."));
        assertEquals("3.14 , 2,5 and 1.000.000", Tokenizer13a.tokenizeToString("3.14, 2,5 and 1.000.000"));
        assertEquals("e . g . U . S . A . etc . . .", Tokenizer13a.tokenizeToString("e.g. U.S.A. etc..."));
        assertEquals("1 . a a . 1 , 1 1 ,", Tokenizer13a.tokenizeToString("1.a a.1 ,1 1,"));
        assertEquals("a . . b , , c . , d", Tokenizer13a.tokenizeToString("a.. b,, c.,d"));
    }

    @Test
    void splitsAHyphenOnlyAfterADigit() {
        assertEquals("well-known 1990 - 2000 state-of-the-art",
                Tokenizer13a.tokenizeToString("well-known 1990-2000 state-of-the-art"));
        assertEquals("5 - year-old 9 -3", Tokenizer13a.tokenizeToString(" 5-year-old  9 -3 "));
    }

    @Test
    void unescapesFourHtmlEntitiesOnce() {
        assertEquals("A \" quoted \" \" word \" & more < b >",
                Tokenizer13a.tokenizeToString("A \"quoted\" &quot;word&quot; &amp; more &lt;b&gt;"));
        assertEquals("& quot ;", Tokenizer13a.tokenizeToString("&amp;quot;"));   // &quot; is replaced before &amp;
    }

    @Test
    void handlesSkippedMarkersLineBreaksAndUnicodeSpaces() {
        assertEquals("xy", Tokenizer13a.tokenizeToString("x<skipped>y"));
        assertEquals("linebreak", Tokenizer13a.tokenizeToString("line-\nbreak"));
        assertEquals("tab here nbsp", Tokenizer13a.tokenizeToString("tab\there\u00a0nbsp"));
        assertEquals("Über café , naïve .", Tokenizer13a.tokenizeToString("Über café, naïve."));
        assertEquals(List.of(), Tokenizer13a.tokenize(" \t "));
    }

    @Test
    void whitespaceIsExactlyPythonsStrIsspace() {
        // [hex(c) for c in range(0x110000) if chr(c).isspace()] in Python 3.11
        int[] python = {0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001,
            0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f,
            0x3000};
        int[] ours = java.util.stream.IntStream.range(0, 0x10000).filter(c -> Tokenizer13a.isWhitespace((char) c)).toArray();
        assertArrayEquals(python, ours);
    }

    // ---- BLEU ----

    @Test
    void identicalTextScores100() {
        Bleu bleu = Bleu.corpus(List.of(CAT, "A dog runs."), List.of(CAT, "A dog runs."));
        assertEquals(100, bleu.score(), 1e-9);
        assertEquals(1, bleu.brevityPenalty());
        assertArrayEquals(bleu.matches(), bleu.totals());
    }

    @Test
    void matchesSacreBleuOnSmallCorpora() {
        // sacreBLEU: BLEU = 37.99 83.3/60.0/25.0/16.7 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)
        Bleu one = Bleu.corpus(List.of(CAT), List.of("the cat is on the mat"));
        assertEquals(37.99178428257963, one.score(), 1e-9);
        assertArrayEquals(new int[] {5, 3, 1, 0}, one.matches());
        assertArrayEquals(new int[] {6, 5, 4, 3}, one.totals());
        assertEquals("BLEU = 37.99 83.3/60.0/25.0/16.7 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)", one.toString());

        // sacreBLEU: BLEU = 68.15 90.5/78.9/64.7/46.7 (BP = 1.000 ratio = 1.050 hyp_len = 21 ref_len = 20)
        Bleu two = Bleu.corpus(
                List.of("The quick brown fox jumps over the lazy dog.", "A man in an orange hat, starring at something."),
                List.of("The quick brown fox jumped over the lazy dog.", "A man in an orange hat starring at something."));
        assertEquals(68.14839425935317, two.score(), 1e-9);
        assertEquals("BLEU = 68.15 90.5/78.9/64.7/46.7 (BP = 1.000 ratio = 1.050 hyp_len = 21 ref_len = 20)", two.toString());

        // Entities and punctuation count as tokens. sacreBLEU: BLEU = 46.60 83.3/63.6/40.0/22.2 (... hyp_len = 12 ref_len = 10)
        Bleu quoted = Bleu.corpus(List.of("The cat, &quot;Tom&quot;, sat on the mat."), List.of("The cat \"Tom\" sat on the mat."));
        assertEquals(46.59538415189962, quoted.score(), 1e-9);
        assertArrayEquals(new int[] {10, 7, 4, 2}, quoted.matches());
    }

    @Test
    void wordOrderMattersOnlyBeyondUnigrams() {
        // sacreBLEU: BLEU = 21.36 100.0/20.0/12.5/8.3 — every word is right, so p1 = 100, but only "on the" is a
        // matching bigram; p3 and p4 have no match and are smoothed to 100/(2·4) and 100/(4·3).
        Bleu shuffled = Bleu.corpus(List.of("cat the mat on sat the"), List.of(CAT));
        assertEquals(21.3643503198117, shuffled.score(), 1e-9);
        assertArrayEquals(new double[] {100, 20, 12.5, 100.0 / 12}, shuffled.precisions(), 1e-12);
    }

    @Test
    void repeatedWordsAreClippedAndZeroMatchesSmoothed() {
        // "the" occurs twice in the reference, so 7 copies match twice: p1 = 2/7. No bigram matches: the k-th
        // empty order gets 100 / (2^k · t_n). sacreBLEU: BLEU = 7.81 28.6/8.3/5.0/3.1 (BP = 1.000 ratio = 1.167 ...)
        Bleu bleu = Bleu.corpus(List.of("the the the the the the the"), List.of("the cat is on the mat"));
        assertArrayEquals(new int[] {2, 0, 0, 0}, bleu.matches());
        assertArrayEquals(new double[] {200.0 / 7, 100.0 / (2 * 6), 100.0 / (4 * 5), 100.0 / (8 * 4)}, bleu.precisions(), 1e-12);
        assertEquals(7.809849842300637, bleu.score(), 1e-9);
        assertEquals("BLEU = 7.81 28.6/8.3/5.0/3.1 (BP = 1.000 ratio = 1.167 hyp_len = 7 ref_len = 6)", bleu.toString());
    }

    @Test
    void noMatchAtAllScoresZeroWithZeroPrecisions() {
        // sacreBLEU: BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 0.007 ratio = 0.167 hyp_len = 1 ref_len = 6)
        Bleu bleu = Bleu.corpus(List.of("dog"), List.of(CAT));
        assertEquals(0, bleu.score());
        assertArrayEquals(new double[4], bleu.precisions());
        assertEquals("BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 0.007 ratio = 0.167 hyp_len = 1 ref_len = 6)", bleu.toString());
    }

    @Test
    void brevityPenaltyPunishesShortHypotheses() {
        // Perfect precision at half the length: BP = exp(1 - 20/10) = e^-1. sacreBLEU: BLEU = 36.79 ... (BP = 0.368 ratio = 0.500)
        Bleu bleu = Bleu.corpus(List.of("a b c d e f g h i j"), List.of("a b c d e f g h i j k l m n o p q r s t"));
        assertEquals(Math.exp(-1), bleu.brevityPenalty(), 1e-15);
        assertArrayEquals(new double[] {100, 100, 100, 100}, bleu.precisions());
        assertEquals(36.78794411714425, bleu.score(), 1e-9);
        assertEquals(0.5, bleu.ratio());
        // Longer than the reference: no penalty (precision does the punishing).
        assertEquals(1, Bleu.corpus(List.of(CAT + " today"), List.of(CAT)).brevityPenalty());
    }

    @Test
    void aCorpusTooShortForFourGramsScoresZero() {
        // No 4-gram exists, so p4 = 0 and the corpus geometric mean is 0 (sacreBLEU: BLEU = 0.00 100.0/100.0/0.0/0.0
        // (BP = 0.135 ...)). Sentence BLEU's effective order leaves p3, p4 out instead: 13.53 (sacreBLEU sentence_bleu).
        assertEquals(0, Bleu.corpus(List.of("the cat"), List.of(CAT)).score());
        Bleu sentence = Bleu.sentence("the cat", CAT);
        assertEquals(13.533528323661276, sentence.score(), 1e-9);
        assertEquals("BLEU = 13.53 100.0/100.0/0.0/0.0 (BP = 0.135 ratio = 0.333 hyp_len = 2 ref_len = 6)", sentence.toString());
        // sacreBLEU sentence_bleu: BLEU = 39.43 66.7/50.0/50.0/0.0 (BP = 0.717 ratio = 0.750 hyp_len = 3 ref_len = 4)
        assertEquals(39.43223765116288, Bleu.sentence("the cat sat", "the cat is here").score(), 1e-9);
    }

    @Test
    void severalReferencesClipPerReferenceAndPickTheClosestLength() {
        // sacreBLEU: BLEU = 53.73 100.0/100.0/50.0/16.7 — "the cat sat" is only in one reference, "on the mat" in the other.
        Bleu two = Bleu.corpusMultiReference(List.of(CAT), List.of(List.of("the cat is on the mat"), List.of("a cat sat on a mat")));
        assertEquals(53.7284965911771, two.score(), 1e-9);
        assertEquals(53.7284965911771, Bleu.sentence(CAT, "the cat is on the mat", "a cat sat on a mat").score(), 1e-9);
        // Length 4 is as close to 3 as to 5: the shorter reference is used (sacreBLEU: ratio = 1.333 ref_len = 3).
        Bleu tie = Bleu.corpusMultiReference(List.of("a b c d"), List.of(List.of("a b c"), List.of("a b c d e")));
        assertEquals(3, tie.referenceLength());
        assertEquals(100, tie.score(), 1e-9);
    }

    @Test
    void emptyHypothesesScoreZeroAsInSacreBleu() {
        // sacreBLEU: BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 0.000 ratio = 0.000 hyp_len = 0 ref_len = 6)
        assertEquals("BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 0.000 ratio = 0.000 hyp_len = 0 ref_len = 6)",
                Bleu.corpus(List.of(""), List.of(CAT)).toString());
        // sacreBLEU: BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 0.000 hyp_len = 0 ref_len = 0)
        assertEquals("BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 0.000 hyp_len = 0 ref_len = 0)",
                Bleu.corpus(List.of(""), List.of("")).toString());
    }

    @Test
    void mismatchedOrEmptyInputsSayWhatToFix() {
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> Bleu.corpus(List.of("a", "b"), List.of("a")));
        assertTrue(mismatch.getMessage().startsWith("2 hypotheses but 1 references"), mismatch.getMessage());
        assertTrue(mismatch.getMessage().contains("one reference per hypothesis"), mismatch.getMessage());

        IllegalArgumentException set = assertThrows(IllegalArgumentException.class,
                () -> Bleu.corpusMultiReference(List.of("a"), List.of(List.of("a"), List.of())));
        assertTrue(set.getMessage().contains("in reference set 1"), set.getMessage());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of(), List.of()));
        assertTrue(empty.getMessage().startsWith("no hypotheses"), empty.getMessage());

        List<String> withNull = java.util.Arrays.asList("a", null);
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(withNull, List.of("a", "b")));
        assertEquals("hypothesis 1 is null; use \"\" for an empty sentence", nul.getMessage());

        assertThrows(IllegalArgumentException.class, () -> Bleu.sentence("a"));
        assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of("a"), List.of("a")).precision(5));
    }

    @Test
    void printsLikeSacreBleuRoundingTiesToEven() {
        // Python's f"{x:.1f}" rounds the exact binary value; 0.25 is exact, so it goes to the even 0.2 (Java's
        // String.format would print 0.3). A record built by hand shows it.
        Bleu made = new Bleu(12.345, new double[] {0.25, 0.35, 50, 12.5}, 0.9995, 10, 11, new int[4], new int[4]);
        assertEquals("BLEU = 12.35 0.2/0.3/50.0/12.5 (BP = 1.000 ratio = 0.909 hyp_len = 10 ref_len = 11)", made.toString());
        assertThrows(IllegalArgumentException.class, () -> new Bleu(0, new double[3], 1, 0, 0, new int[4], new int[4]));
    }
}
