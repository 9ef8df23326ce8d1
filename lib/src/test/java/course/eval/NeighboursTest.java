package course.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.embed.WordVectors;
import course.eval.Neighbours.Neighbour;
import course.text.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeighboursTest {

    private final Neighbours neighbours = Neighbours.of(HandMadeEmbedding.vectors());

    @Test
    void nearestWordsComeFirstAndTheWordItselfIsLeftOut() {
        // Angles from king (45°): prince 7°, boy 42°, man 45°, queen 60°, woman 90°.
        List<Neighbour> near = neighbours.nearestTo("king", 5);
        assertEquals(List.of("prince", "boy", "man", "queen", "woman"), near.stream().map(Neighbour::word).toList());
        assertEquals(Math.cos(Math.toRadians(7)), near.get(0).cosine(), 1e-6);
        assertEquals(Math.cos(Math.toRadians(45)), near.get(2).cosine(), 1e-6);
        assertEquals(0.5, near.get(3).cosine(), 1e-6);
        for (int i = 1; i < near.size(); i++) {
            assertTrue(near.get(i - 1).cosine() >= near.get(i).cosine());
        }
    }

    @Test
    void anyVectorWithExclusionsAndCounts() {
        List<Neighbour> near = neighbours.nearestTo(new float[] {5, 0, 0}, 2, List.of("man", "not-a-word"));
        assertEquals(List.of("boy", "king"), near.stream().map(Neighbour::word).toList());
        assertEquals(6, neighbours.nearestTo("apple", 100).size()); // all but the word itself
        assertEquals(List.of(), neighbours.nearestTo("apple", 0));
        assertEquals("queen", neighbours.analogy("man", "king", "woman", 3).get(0).word());
        assertEquals(3, Neighbours.table("near king", neighbours.nearestTo("king", 3)).rowCount());
    }

    @Test
    void equalCosinesAreOrderedByIdSoResultsAreReproducible() {
        float[] data = {1, 0, 1, 0, 0, 1, 2, 0};
        WordVectors twins = new WordVectors(Vocabulary.of(List.of("a", "b", "c", "d"), new long[] {4, 3, 2, 1}), 2, data);
        List<Neighbour> near = Neighbours.of(twins).nearestTo(new float[] {1, 0}, 3, List.of());
        assertEquals(List.of("a", "b", "d"), near.stream().map(Neighbour::word).toList());
    }

    @Test
    void errorsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> neighbours.nearestTo("kingdom", 3));
        assertTrue(e.getMessage().contains("'kingdom' is not in the vocabulary of 7 words"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> neighbours.nearestTo(new float[2], 3, List.of()));
        assertTrue(e.getMessage().contains("2 components but the embedding has 3 dimensions"), e.getMessage());
    }
}
