package course.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.text.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordVectorsTest {

    private static final float[] DATA = {3, 4, 0, 0, 0, 0, -1, 2, 2};   // rows of length 5, 0 and 3

    private static WordVectors vectors(float[] data) {
        return new WordVectors(Vocabulary.of(List.of("a", "b", "c"), new long[] {3, 2, 1}), 3, data);
    }

    @Test
    void normalisedRowsHaveLengthOneZeroRowsStayZeroAndTheOriginalIsUnchanged() {
        WordVectors original = vectors(DATA);
        WordVectors unit = original.normalised();
        assertArrayEquals(new float[] {0.6f, 0.8f, 0}, unit.vector("a"), 1e-7f);
        assertArrayEquals(new float[] {0, 0, 0}, unit.vector("b"));
        assertArrayEquals(new float[] {-1f / 3, 2f / 3, 2f / 3}, unit.vector(2), 1e-7f);
        assertArrayEquals(new float[] {3, 4, 0}, original.vector("a"));
        assertTrue(unit.isNormalised());
        assertFalse(original.isNormalised());
        assertSame(unit, unit.normalised()); // normalising twice changes no bit
        assertSame(original.vocabulary(), unit.vocabulary());
        // A single vector follows the same rule, bit for bit.
        assertArrayEquals(unit.vector(2), WordVectors.normalise(new float[] {-1, 2, 2}));
        assertArrayEquals(new float[2], WordVectors.normalise(new float[2]));
    }

    @Test
    void immutableOnceBuilt() {
        float[] data = DATA.clone();
        WordVectors vectors = vectors(data);
        data[0] = 99;
        assertEquals(3f, vectors.get(0, 0));
        vectors.vector(0)[0] = 99;
        assertEquals(3f, vectors.get(0, 0));
    }

    @Test
    void errorsNameTheProblem() {
        WordVectors vectors = vectors(DATA);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vectors.id("z"));
        assertTrue(e.getMessage().contains("'z' is not in the vocabulary of 3 words"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> vectors.vector("A")); // exact spelling
        IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class, () -> vectors.vector(3));
        assertTrue(o.getMessage().contains("word id 3 is outside the vocabulary (0..2)"), o.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> vectors(new float[8]));
        assertTrue(e.getMessage().contains("expected 3 x 3 = 9 values, got 8"), e.getMessage());
    }
}
