package course.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BytePairEncoderTest {

    /** A small training text with repetition, accents, CJK and an emoji, so some merges join multi-byte pieces. */
    static final String SMALL_TEXT = """
            First Citizen: Before we proceed any further, hear me speak.
            All: Speak, speak. We're the café's regulars; we'll pay the café's price.
            Second Citizen: Déjà vu, déjà vu! 猫猫猫 and 🙂🙂🙂 — they're everywhere, aren't they?
            First Citizen: You are all resolved rather to die than to famish? 1600, 1601, 1602.
            """.repeat(3);

    /** Strings that break careless tokenisers. */
    static final List<String> TRICKY = List.of(
            "",
            "é", // one two-byte character
            "猫", // one three-byte character
            "🙂", // one four-byte character (a surrogate pair in Java)
            "e\u0301", // e + combining acute accent: looks like é, is two characters
            "Café naïve façade — déjà vu, Ærøskøbing, Straße",
            "👨\u200D👩\u200D👧\u200D👦 family (zero-width joiners), 👍🏽 skin tone, 🇫🇷 flag, 🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F tags",
            "我爱自然语言处理。日本語のテキスト、한국어 텍스트",
            "Привет, мир! مرحبا بالعالم Γειά σου 123 ٣٤٥ ²³",
            "\u0000 nul\ttab\rcarriage\nnewline \u0007bell \u001B[0m escape \u007F del \u0085 nel",
            "a" + " ".repeat(50) + "b\n\n\n\t\t  \u00A0\u3000 end" + " ".repeat(7),
            "It's they'll I'M 'tis we'd you've o'clock '' '",
            "First Citizen: Before we proceed any further, hear me speak.",
            "\uFFFD replacement char \uFEFF bom \uE000 private \uD834\uDD1E music");

    @Test
    void handCheckableExampleMergesTheMostFrequentPairFirstAndStopsWhenNoPairRepeats() {
        // "aaabdaaabac" (one chunk: all letters). Pair counts, overlapping pairs counted at every position:
        // aa 4, ab 2, bd 1, da 1, ba 1, ac 1 -> merge "a"+"a" (id 256): Z a b d Z a b a c
        // Za 2, ab 2 (tie: smaller left id wins, 97 < 256) -> "a"+"b" (257): Z Y d Z Y a c
        // ZY 2 -> "aa"+"ab" (258): X d X a c. Every pair now occurs once: stop, although 1000 were asked for.
        BytePairEncoder bpe = BytePairEncoder.train("aaabdaaabac", 1000, null);
        assertEquals(List.of("\"a\" + \"a\" -> \"aa\"", "\"a\" + \"b\" -> \"ab\"", "\"aa\" + \"ab\" -> \"aaab\""),
                bpe.merges());
        assertEquals(3, bpe.mergeCount());
        assertEquals(259, bpe.vocabularySize());
        assertArrayEquals(new int[] {'a', 'a'}, bpe.mergedPair(0));
        assertArrayEquals(new int[] {256, 257}, bpe.mergedPair(2));
        assertArrayEquals(new int[] {258, 'd', 258, 'a', 'c'}, bpe.encode("aaabdaaabac"));
        assertArrayEquals(new int[] {257, 'a'}, bpe.encode("aba")); // "ab" merged, the rest stays bytes
        assertEquals("\"aaab\"", bpe.describe(258));
    }

    @Test
    void mergeCountIsVocabularySizeMinus256WhenTheTextRepeatsEnough() {
        for (int size : new int[] {256, 257, 300, 350}) {
            assertEquals(size - 256, BytePairEncoder.train(SMALL_TEXT, size, null).mergeCount(), "size " + size);
        }
        // Too little repetition: training stops early, when no pair occurs twice any more. SMALL_TEXT has
        // room for 142 merges (then every remaining pair is unique); "abcdefg" has none at all.
        assertEquals(142, BytePairEncoder.train(SMALL_TEXT, 1000, null).mergeCount());
        assertEquals(0, BytePairEncoder.train("abcdefg", 1000, null).mergeCount());
        assertEquals(0, BytePairEncoder.train("", 1000, null).mergeCount());
        assertEquals(1, BytePairEncoder.train("xyxy", 1000, null).mergeCount());
        var e = assertThrows(IllegalArgumentException.class, () -> BytePairEncoder.train("abc", 255, null));
        assertTrue(e.getMessage().contains("vocabularySize must be >= 256"), e.getMessage());
    }

    @Test
    void roundTripIsExactOnTrickyStrings() {
        BytePairEncoder bpe = BytePairEncoder.train(SMALL_TEXT, 400, null);
        for (String s : TRICKY) {
            int[] ids = bpe.encode(s);
            assertEquals(s, bpe.decode(ids), "round trip of " + TokenText.quote(s.getBytes(StandardCharsets.UTF_8)));
            assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), bpe.decodeBytes(ids));
            for (int id : ids) {
                assertTrue(id >= 0 && id < bpe.vocabularySize());
            }
        }
        String all = String.join("", TRICKY);
        assertEquals(all, bpe.decode(bpe.encode(all)));
        // Merges learned on multi-byte text make such characters shorter than their bytes.
        assertEquals(1, bpe.encode("é").length);
        assertTrue(bpe.encode(" café").length < " café".getBytes(StandardCharsets.UTF_8).length);
        // An untrained encoder is plain UTF-8 bytes, and still round-trips.
        BytePairEncoder bytesOnly = BytePairEncoder.train("", 256, null);
        assertArrayEquals(new int[] {0xF0, 0x9F, 0x99, 0x82}, bytesOnly.encode("🙂"));
        for (String s : TRICKY) {
            assertEquals(s, bytesOnly.decode(bytesOnly.encode(s)));
        }
    }

    @Test
    void decodingASliceThatCutsACharacterGivesTheReplacementCharacter() {
        BytePairEncoder bytesOnly = BytePairEncoder.train("", 256, null);
        int[] ids = bytesOnly.encode("a🙂b"); // a, 4 bytes, b
        assertEquals(6, ids.length);
        assertEquals("a\uFFFD", bytesOnly.decode(java.util.Arrays.copyOf(ids, 3))); // a + half an emoji
        // A cut-off start of a character is one U+FFFD; each stray continuation byte is one more.
        assertEquals("\uFFFD\uFFFDb", bytesOnly.decode(java.util.Arrays.copyOfRange(ids, 3, 6)));
        assertEquals("\"\\xF0\\x9F\"", TokenText.quote(bytesOnly.decodeBytes(java.util.Arrays.copyOfRange(ids, 1, 3))));
    }

    @Test
    void unpairedSurrogatesAreRefusedInsteadOfTurnedIntoQuestionMarks() {
        BytePairEncoder bpe = BytePairEncoder.train("ab ab", 300, null);
        String half = "🙂".substring(0, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> bpe.encode("x" + half + "y"));
        assertTrue(e.getMessage().contains("unpaired UTF-16 surrogate U+D83D"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BytePairEncoder.train(half, 300, null));
    }

    @Test
    void mergesNeverCrossPreSplitBoundaries() {
        // Without the pre-split, "g." "g " " d" ". " would be the most frequent pairs here.
        String text = "dog. dog. dog. dog! dog? dog, dog. cat. cat. dog dog dog  \n\n dog.\n".repeat(20);
        BytePairEncoder bpe = BytePairEncoder.train(text, 400, null);
        assertTrue(bpe.mergeCount() > 5);
        for (int id = BytePairEncoder.BYTES; id < bpe.vocabularySize(); id++) {
            String token = new String(bpe.bytes(id), StandardCharsets.UTF_8);
            assertEquals(1, PreSplit.chunks(token).size(), "token " + bpe.describe(id) + " spans chunks "
                    + PreSplit.chunks(token));
        }
        // So a word's encoding does not depend on the punctuation after it.
        int[] dog = bpe.encode(" dog");
        assertEquals(1, dog.length);
        for (String after : List.of(".", "!", "?", ",", " ", "")) {
            int[] ids = bpe.encode(" dog" + after);
            assertEquals(dog[0], ids[0], "after " + after);
        }
    }

    @Test
    void preSplitFollowsGpt2() {
        assertEquals(List.of("Hello", ",", " world", "!", " It", "'s", " 2024", "...", "  ", " ok", "\n\n"),
                PreSplit.chunks("Hello, world! It's 2024...   ok\n\n"));
        assertEquals(List.of("a", "  ", " b"), PreSplit.chunks("a   b"));
        assertEquals(List.of(" 猫", "🙂🙂", " é", "\t \u00A0"), PreSplit.chunks(" 猫🙂🙂 é\t \u00A0")); // NBSP is space
        assertEquals(List.of("they", "'ll", " don", "'t", " ''"), PreSplit.chunks("they'll don't ''"));
        for (String s : TRICKY) {
            assertEquals(s, String.join("", PreSplit.chunks(s)));
        }
    }

    @Test
    void incrementalTrainingLearnsExactlyWhatRecountingEverythingLearns() {
        String text = SMALL_TEXT + "the then these they them there theirs thee thou thy".repeat(5);
        BytePairEncoder fast = BytePairEncoder.train(text, 500, null);
        List<int[]> slow = naiveMerges(text, 500 - 256);
        assertEquals(slow.size(), fast.mergeCount());
        for (int k = 0; k < slow.size(); k++) {
            assertArrayEquals(slow.get(k), fast.mergedPair(k), "merge " + k + ": " + fast.describeMerge(k));
        }
    }

    /** The textbook loop: recount every pair of every chunk before each merge. Slow, obviously right. */
    private static List<int[]> naiveMerges(String text, int maxMerges) {
        List<List<Integer>> words = new ArrayList<>();
        for (String chunk : PreSplit.chunks(text)) {
            List<Integer> w = new ArrayList<>();
            for (byte b : chunk.getBytes(StandardCharsets.UTF_8)) {
                w.add(b & 0xFF);
            }
            words.add(w);
        }
        List<int[]> merges = new ArrayList<>();
        while (merges.size() < maxMerges) {
            Map<List<Integer>, Integer> counts = new HashMap<>();
            for (List<Integer> w : words) {
                for (int i = 0; i + 1 < w.size(); i++) {
                    counts.merge(List.of(w.get(i), w.get(i + 1)), 1, Integer::sum);
                }
            }
            List<Integer> best = null;
            for (Map.Entry<List<Integer>, Integer> e : counts.entrySet()) {
                List<Integer> p = e.getKey();
                if (best == null || e.getValue() > counts.get(best) || (e.getValue().equals(counts.get(best))
                        && (p.get(0) < best.get(0) || (p.get(0).equals(best.get(0)) && p.get(1) < best.get(1))))) {
                    best = p;
                }
            }
            if (best == null || counts.get(best) < 2) {
                break;
            }
            int id = 256 + merges.size();
            merges.add(new int[] {best.get(0), best.get(1)});
            for (List<Integer> w : words) {
                for (int i = 0; i + 1 < w.size(); i++) {
                    if (w.get(i).equals(best.get(0)) && w.get(i + 1).equals(best.get(1))) {
                        w.set(i, id);
                        w.remove(i + 1);
                    }
                }
            }
        }
        return merges;
    }

    @Test
    void saveThenLoadGivesIdenticalEncodings(@TempDir Path dir) throws Exception {
        BytePairEncoder bpe = BytePairEncoder.train(SMALL_TEXT, 400, null);
        Path file = dir.resolve("sub/merges.txt");
        bpe.save(file);
        BytePairEncoder loaded = BytePairEncoder.load(file);
        assertEquals(bpe.merges(), loaded.merges());
        assertEquals(bpe.vocabularySize(), loaded.vocabularySize());
        for (String s : TRICKY) {
            assertArrayEquals(bpe.encode(s), loaded.encode(s));
        }
        assertArrayEquals(bpe.encode(SMALL_TEXT), loaded.encode(SMALL_TEXT));
        List<String> lines = Files.readAllLines(file);
        assertEquals("course.text.BytePairEncoder v1", lines.get(0));
        assertEquals(2 + bpe.mergeCount(), lines.size());
        assertTrue(lines.get(2).endsWith("\t" + bpe.describeMerge(0)), lines.get(2));

        Files.writeString(dir.resolve("bad.txt"), "hello\n");
        var e = assertThrows(IllegalArgumentException.class, () -> BytePairEncoder.load(dir.resolve("bad.txt")));
        assertTrue(e.getMessage().contains("is not a BPE merges file"), e.getMessage());
        Files.writeString(dir.resolve("future.txt"), "course.text.BytePairEncoder v1\n97 300\n");
        e = assertThrows(IllegalArgumentException.class, () -> BytePairEncoder.load(dir.resolve("future.txt")));
        assertTrue(e.getMessage().contains("uses token 300, which does not exist yet"), e.getMessage());
    }

    @Test
    void tokensAreShownAsQuotedTextWithEscapes() {
        BytePairEncoder bytesOnly = BytePairEncoder.train("", 256, null);
        assertEquals("\" \"", bytesOnly.describe(' '));
        assertEquals("\"\\n\"", bytesOnly.describe('\n'));
        assertEquals("\"\\x00\"", bytesOnly.describe(0));
        assertEquals("\"\\\"\"", bytesOnly.describe('"'));
        assertEquals("\"\\xC3\"", bytesOnly.describe(0xC3)); // a lone lead byte is not a character
        assertEquals("\"é 猫🙂\"", TokenText.quote("é 猫🙂".getBytes(StandardCharsets.UTF_8)));
        assertEquals("\"a\\u{200D}b\\u{A0}\"", TokenText.quote("a\u200Db\u00A0".getBytes(StandardCharsets.UTF_8)));
        assertEquals("\"\\u{301}e\u0301\"",
                TokenText.quote("\u0301e\u0301".getBytes(StandardCharsets.UTF_8))); // leading combining mark escaped
        assertEquals("\"\\xED\\xA0\\x80\"", TokenText.quote(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})); // CESU surrogate
        assertEquals("\"\\xC0\\xAF\"", TokenText.quote(new byte[] {(byte) 0xC0, (byte) 0xAF})); // overlong "/"
        // After training on accented text, the two bytes of "é" merge and show as one character.
        BytePairEncoder bpe = BytePairEncoder.train(SMALL_TEXT, 400, null);
        assertTrue(bpe.merges().contains("\"\\xC3\" + \"\\xA9\" -> \"é\""), bpe.merges().toString());
        assertEquals(List.of("\"First\"", "\" Citizen\"", "\":\""), bpe.pieces("First Citizen:"));
        assertEquals(398, bpe.vocabularySize()); // SMALL_TEXT runs out of repeated pairs after 142 merges
        var e = assertThrows(IllegalArgumentException.class, () -> bpe.describe(398));
        assertTrue(e.getMessage().contains("token id 398 is outside this vocabulary of 398 tokens"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bpe.decode(new int[] {-1}));
    }
}
