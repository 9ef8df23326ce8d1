package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import course.embed.Subsampling;

/**
 * Notebook 01, exercise {@code 01-keep}: the probability of keeping one occurrence of a word in frequent-word
 * subsampling, the released word2vec's {@code min(1, (√(f/t) + 1) · t/f)} with {@code f = count / total},
 * checked against {@link Subsampling#keepProbability}.
 */
public final class KeepProbability {

    public static final String ID = "01-keep";
    static final String FIRST_HINT = "turn the count into a frequency f = count / total, then min(1, (√(f/t) + 1) · t / f)";

    @FunctionalInterface
    public interface Keep {
        double keep(long count, long total, double t);
    }

    private record Case(String word, long count) {}

    private static final long TOTAL = 1_000_000;
    private static final double T = 1e-4;
    private static final Case[] CASES = {new Case("the", 52_000), new Case("of", 21_000), new Case("river", 400), new Case("aardvark", 3)};

    public static Result check(Keep learner) {
        return Exercise.check(ID, FIRST_HINT, "your keep probabilities match course.embed.Subsampling for frequent and rare words", () -> problem(learner));
    }

    private static String problem(Keep learner) {
        for (Case c : CASES) {
            double f = (double) c.count / TOTAL;
            double mine = learner.keep(c.count, TOTAL, T);
            double expected = Subsampling.keepProbability(f, T);
            if (close(mine, expected, 1e-9)) {
                continue;
            }
            String said = "your keep probability for '" + c.word + "' (" + c.count + " of " + TOTAL + " tokens, t = " + T + ") is "
                    + num(mine) + "; Mikolov's formula gives " + num(expected);
            if (mine > 1) {
                return said + " — a probability above 1: cap it with min(1, …), rare words are always kept";
            }
            if (close(mine, Subsampling.keepProbability(c.count, T), 1e-9)) {
                return said + " — did you use the count instead of the frequency count / total?";
            }
            if (close(mine, Subsampling.paperKeepProbability(f, T), 1e-9)) {
                return said + " — that is the paper's √(t/f); the course, like the released code and gensim, uses (√(f/t) + 1) · t/f";
            }
            if (close(mine, 1 - expected, 1e-9)) {
                return said + " — that is the probability of dropping the word; return the probability of keeping it";
            }
            return said;
        }
        return null;
    }
}
