package course.elmo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.batch.DocumentStreams;
import course.text.Corpora;
import java.util.List;
import org.junit.jupiter.api.Test;

class LmTextTest {

    private static final List<Corpora.Document> TRAIN = List.of(
            new Corpora.Document("one", List.of(List.of("the", "cat", "sat"), List.of("the", "dog")))); // the ×2, others ×1

    @Test
    void theSoftmaxKeepsTheFrequentWordsAndSendsTheRestToUnk() {
        LmText text = LmText.fromTraining(TRAIN, 4, new CharacterIds(10));   // 2 words + <unk> + </s>
        assertEquals(4, text.vocabSize());
        assertEquals("the", text.word(0));
        assertEquals("cat", text.word(1));                                   // ties alphabetical: cat, dog, sat
        assertEquals(LmText.UNKNOWN, text.word(text.target("covfefe")));
        assertEquals(LmText.SENTENCE_END, text.word(text.target("</s>")));
        var e = assertThrows(IllegalArgumentException.class, () -> LmText.fromTraining(TRAIN, 2, new CharacterIds(10)));
        assertTrue(e.getMessage().contains("at least 3"), e.getMessage());
    }

    @Test
    void documentsBecomeStreamsWithSentenceEndsForwardAndBackward() {
        LmText text = LmText.fromTraining(TRAIN, 10, new CharacterIds(10));
        int[] forward = text.encode(TRAIN, false).get(0);
        int[] backward = text.encode(TRAIN, true).get(0);
        assertEquals(7, forward.length);                                      // the cat sat </s> the dog </s>
        for (int i = 0; i < 7; i++) {
            assertEquals(forward[i], backward[6 - i]);
        }
        assertEquals(forward[0], forward[4], "one type id per word");
        assertEquals(0.0, text.unknownRate(List.of(forward)));
        int[] unseen = text.encode(List.of(new Corpora.Document("x", List.of(List.of("a", "covfefe")))), false).get(0);
        assertEquals(0.5, text.unknownRate(List.of(unseen)), 1e-9, "targets covfefe (<unk>) and </s> (not): the first word is never a target");
    }

    @Test
    void aWindowBecomesCharactersTargetsAndMasks() {
        LmText text = LmText.fromTraining(TRAIN, 10, new CharacterIds(10));
        DocumentStreams streams = DocumentStreams.of(text.encode(TRAIN, false), 1, 4, text.paddingType());
        try (NDManager m = NDManager.newBaseManager()) {
            LmText.Batch b = text.batch(m, streams.window(0));
            assertEquals(new Shape(1, 4, 10), b.characters().getShape());
            assertArrayEquals(new CharacterIds(10).of("the"), java.util.Arrays.copyOf(b.characters().toIntArray(), 10));
            assertEquals(text.target("cat"), b.targets().toIntArray()[0]);
            assertEquals(new Shape(1), b.keep().getShape());
            LmText.Batch last = text.batch(m, streams.window(1));
            assertArrayEquals(new boolean[] {true, true, false, false}, last.scored().toBooleanArray());   // dog → </s>, then padding
        }
        try (NDManager m = NDManager.newBaseManager()) {
            var e = assertThrows(IllegalArgumentException.class, () -> text.sentenceCharacters(m, List.of(List.of("a"), List.of())));
            assertTrue(e.getMessage().contains("sentence 1 is empty"), e.getMessage());
            assertEquals(new Shape(2, 2, 10), text.sentenceCharacters(m, List.of(List.of("a", "b"), List.of("c"))).getShape());
        }
    }
}
