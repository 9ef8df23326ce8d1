package course.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.embed.WordVectors;
import course.eval.Analogies.Question;
import course.eval.Neighbours.Neighbour;
import course.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The two ways to ask an analogy, {@link Analogies#evaluate} and {@link Neighbours#analogy}, follow one rule. */
class ThreeCosAddTest {

    /**
     * HandMadeEmbedding's words with capitals, plus a rare lower-case "king" (id 7) pointing down the royal axis. If
     * the lookup took it for "king", king - man + woman would point at apple; the frequent "King" (id 2) gives queen.
     */
    private static WordVectors mixedCase() {
        WordVectors hand = HandMadeEmbedding.vectors();
        List<String> words = List.of("Man", "woman", "King", "QUEEN", "boy", "prince", "apple", "king");
        float[] data = new float[words.size() * 3];
        for (int id = 0; id < hand.size(); id++) {
            System.arraycopy(hand.vector(id), 0, data, id * 3, 3);
        }
        data[7 * 3 + 2] = -1; // the rare "king": (0, 0, -1)
        long[] counts = {100, 99, 98, 97, 96, 95, 94, 1};
        return new WordVectors(Vocabulary.of(words, counts), 3, data);
    }

    @Test
    void bothPathsLookWordsUpLowerCasedAndPreferTheFrequentSpelling() {
        WordVectors vectors = mixedCase();
        AnalogyReport report = Analogies.evaluate(vectors, List.of(new Question("family", "man", "king", "woman", "queen")), 1);
        assertEquals(1, report.overall().covered());
        assertEquals("QUEEN", report.answers().get(0).predicted());
        assertTrue(report.answers().get(0).correct());

        Neighbours neighbours = Neighbours.of(vectors);
        for (String[] q : new String[][] {{"man", "king", "woman"}, {"MAN", "King", "Woman"}, {"mAn", "KING", "woman"}}) {
            List<Neighbour> near = neighbours.analogy(q[0], q[1], q[2], 8);
            assertEquals("QUEEN", near.get(0).word(), String.join(" ", q));
            // Left out: the question words as found (Man, King, woman), not the rare "king", which is another word.
            assertEquals(List.of("QUEEN", "prince", "boy", "king", "apple"), near.stream().map(Neighbour::word).toList());
        }
        // Had the rare "king" been taken, apple would win: the same question with it as b, asked by vector.
        float[] viaRareKing = new float[3];
        WordVectors unit = neighbours.unitVectors();
        for (int d = 0; d < 3; d++) {
            viaRareKing[d] = unit.get(7, d) - unit.get(0, d) + unit.get(1, d);
        }
        assertEquals("apple", neighbours.nearestTo(viaRareKing, 1, List.of("Man", "woman", "king")).get(0).word());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> neighbours.analogy("man", "kingdom", "woman", 3));
        assertTrue(e.getMessage().contains("'kingdom' is not in the vocabulary of 8 words, not even lower-cased"), e.getMessage());
    }

    @Test
    void neighboursGivesTheAnswerOfTheEvaluatorAndTrueCosines() {
        // Random embedding with mixed-case words, more than one block of questions, questions in any case.
        Random random = new Random(5);
        int n = 301, dims = 17;
        WordVectors vectors = RandomEmbedding.vectors(random, n, dims, i -> i % 3 == 0 ? "W" + i : "w" + i);
        List<Question> questions = new ArrayList<>();
        for (int q = 0; q < 150; q++) {
            questions.add(new Question("s", "w" + random.nextInt(n), "W" + random.nextInt(n), "w" + random.nextInt(n), "w0"));
        }
        List<AnalogyReport.Answer> answers = Analogies.evaluate(vectors, questions, 2).answers();
        assertEquals(questions.size(), answers.size()); // every word exists in some case: all covered
        Neighbours neighbours = Neighbours.of(vectors);
        WordVectors unit = neighbours.unitVectors();
        for (int q = 0; q < questions.size(); q++) {
            Question question = questions.get(q);
            List<Neighbour> near = neighbours.analogy(question.a(), question.b(), question.c(), 4);
            assertEquals(answers.get(q).predicted(), near.get(0).word(), "question " + q);
            float[] target = new float[dims];
            for (int d = 0; d < dims; d++) {
                target[d] = unit.get(id(unit, question.b()), d) - unit.get(id(unit, question.a()), d) + unit.get(id(unit, question.c()), d);
            }
            for (int i = 0; i < near.size(); i++) {
                assertEquals(cosine(unit.vector(near.get(i).word()), target), near.get(i).cosine(), 1e-5, "question " + q);
                assertTrue(i == 0 || near.get(i - 1).cosine() >= near.get(i).cosine());
            }
        }
    }

    @Test
    void evaluatingNormalisedVectorsGivesTheSameReport() {
        WordVectors vectors = mixedCase();
        List<Question> questions = List.of(new Question("family", "man", "king", "woman", "queen"),
                new Question("family", "woman", "queen", "man", "prince"));
        assertEquals(Analogies.evaluate(vectors, questions, 1), Analogies.evaluate(vectors.normalised(), questions, 1));
    }

    /** The id of the vocabulary word that lower-cases to {@code word} (this test's words differ in case only once). */
    private static int id(WordVectors vectors, String word) {
        for (int id = 0; id < vectors.size(); id++) {
            if (vectors.vocabulary().word(id).toLowerCase(Locale.ROOT).equals(word.toLowerCase(Locale.ROOT))) {
                return id;
            }
        }
        throw new AssertionError(word);
    }

    private static double cosine(float[] x, float[] y) {
        double dot = 0, xx = 0, yy = 0;
        for (int d = 0; d < x.length; d++) {
            dot += (double) x[d] * y[d];
            xx += (double) x[d] * x[d];
            yy += (double) y[d] * y[d];
        }
        return dot / Math.sqrt(xx * yy);
    }
}
