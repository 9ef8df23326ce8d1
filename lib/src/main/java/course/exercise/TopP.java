package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import course.decode.Sampler;

/**
 * Notebook 06, exercise {@code 06-topp}: nucleus (top-p) filtering of a distribution by hand, checked against
 * {@link Sampler#topP}'s {@code probabilities}.
 */
public final class TopP {

    public static final String ID = "06-topp";
    static final String FIRST_HINT = "take tokens from the most to the least likely until their mass reaches p, zero the others, and renormalise the kept ones";

    @FunctionalInterface
    public interface Filter {
        double[] filter(double[] probabilities, double p);
    }

    private static final double[][] CASES = {
        {0.05, 0.40, 0.10, 0.25, 0.20},
        {0.02, 0.08, 0.50, 0.03, 0.30, 0.07},
    };
    private static final double[] PS = {0.7, 0.9};

    public static Result check(Filter learner) {
        return Exercise.check(ID, FIRST_HINT, "your filter matches course.decode.Sampler.topP: the shortest most-likely set holding p, renormalised", () -> problem(learner));
    }

    private static String problem(Filter learner) {
        for (int c = 0; c < CASES.length; c++) {
            double[] probs = CASES[c];
            double p = PS[c];
            double[] mine = Exercise.answer(learner.filter(probs.clone(), p));
            if (mine.length != probs.length) {
                return "you returned " + mine.length + " probabilities for " + probs.length + " tokens; keep every token, with 0 for the filtered ones";
            }
            float[] logits = new float[probs.length];
            for (int i = 0; i < probs.length; i++) {
                logits[i] = (float) Math.log(probs[i]);
            }
            double[] expected = Sampler.topP(p, 1).probabilities(logits);
            double sum = 0;
            double keptMass = 0;
            for (int i = 0; i < mine.length; i++) {
                sum += mine[i];
                keptMass += mine[i] > 0 ? probs[i] : 0;
            }
            String on = " (probabilities " + java.util.Arrays.toString(probs) + ", p = " + p + ")";
            if (keptMass < p - 1e-9) {
                return "the tokens you kept hold " + num(keptMass) + " of the mass, less than p = " + p
                        + ": also keep the token that takes the mass past p" + on;
            }
            for (int i = 0; i < mine.length; i++) {
                for (int j = 0; j < mine.length; j++) {
                    if (mine[i] > 0 && mine[j] == 0 && probs[j] > probs[i]) {
                        return "you kept token " + i + " (" + probs[i] + ") but dropped the more likely token " + j + " (" + probs[j]
                                + "): sort by probability first, most likely first" + on;
                    }
                }
            }
            if (!close(sum, 1, 1e-6)) {
                return "your probabilities sum to " + num(sum) + ": divide the kept ones by their sum so they add up to 1 again" + on;
            }
            for (int i = 0; i < mine.length; i++) {
                if (!close(mine[i], expected[i], 1e-5)) {
                    return "token " + i + " gets " + num(mine[i]) + "; Sampler.topP gives " + num(expected[i])
                            + (mine[i] > 0 && expected[i] == 0 ? " — you kept more tokens than needed: stop as soon as the mass reaches p" : "") + on;
                }
            }
        }
        return null;
    }
}
