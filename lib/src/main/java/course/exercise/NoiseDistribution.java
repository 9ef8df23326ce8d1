package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import course.embed.NoiseTable;
import course.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * Notebook 01, exercise {@code 01-noise}: the negative-sampling noise distribution, counts raised to ¾ and
 * normalised, checked against {@link NoiseTable#weights}.
 */
public final class NoiseDistribution {

    public static final String ID = "01-noise";
    static final String FIRST_HINT = "raise every count to the power 0.75, then divide each by their sum so they add up to 1";

    @FunctionalInterface
    public interface Noise {
        double[] noise(long[] counts);
    }

    private static final long[] COUNTS = {50_000, 9_000, 1_200, 300, 40, 5};

    public static Result check(Noise learner) {
        return Exercise.check(ID, FIRST_HINT, "your distribution matches course.embed.NoiseTable: rare words get a little more than their frequency", () -> problem(learner));
    }

    private static String problem(Noise learner) {
        double[] mine = Exercise.answer(learner.noise(COUNTS.clone()));
        if (mine.length != COUNTS.length) {
            return "you returned " + mine.length + " probabilities for " + COUNTS.length + " words";
        }
        double sum = 0;
        for (double p : mine) {
            sum += p;
        }
        if (!close(sum, 1, 1e-9)) {
            return "your probabilities sum to " + num(sum) + ", not 1: divide each weight by the sum of all the weights (after raising to ¾)";
        }
        List<String> words = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < COUNTS.length; i++) {
            words.add("w" + i);
            total += COUNTS[i];
        }
        double[] expected = NoiseTable.weights(Vocabulary.of(words, COUNTS));
        int rare = COUNTS.length - 1;
        for (int i = 0; i < COUNTS.length; i++) {
            if (close(mine[i], expected[i], 1e-9)) {
                continue;
            }
            if (close(mine[rare], (double) COUNTS[rare] / total, 1e-9)) {
                return "the rarest word (count " + COUNTS[rare] + ") gets " + num(mine[rare]) + ", exactly its frequency; count^¾ gives it "
                        + num(expected[rare]) + " — did you forget the power 0.75?";
            }
            return "word " + i + " (count " + COUNTS[i] + ") gets " + num(mine[i]) + "; count^0.75 normalised gives " + num(expected[i])
                    + (mine[rare] > expected[rare] ? " — rare words get too much: is the power smaller than 0.75?" : " — is the power 0.75?");
        }
        return null;
    }
}
