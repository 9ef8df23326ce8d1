package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.nn.Losses;
import java.util.Arrays;
import java.util.Random;

/**
 * Notebook 02, exercise {@code 02-perplexity}: a language model's perplexity over a text read in windows of unequal
 * length, from each predicted token's natural-log probability: exp(total nats / total tokens). The log-probabilities
 * and the reference both come from {@link Losses#crossEntropy} on generated logits — the reference the way
 * {@link course.elmo.Perplexity} adds up a text, each window's mean loss weighted by its token count. The usual
 * slips (averaging the windows' perplexities or their unweighted means, 2^ for e^, the lost minus sign) are named.
 */
public final class TextPerplexity {

    public static final String ID = "02-perplexity";
    static final String FIRST_HINT = "add up −log p over every token of every window (the total loss in nats), divide by the number of tokens,"
            + " and take e to that: Math.exp(totalNats / tokens)";

    /** What the learner writes: {@code logProbs[w][t]} is ln p of window w's t-th predicted token (windows differ in length) → the perplexity. */
    @FunctionalInterface
    public interface Score {
        double perplexity(double[][] logProbs);
    }

    /** A text to score: each window's logits (n_w × V) and targets (n_w). */
    private record Case(String what, float[][][] logits, int[][] targets) {}

    private TextPerplexity() {}

    public static Result check(Score learner) {
        return Exercise.check(ID, FIRST_HINT, "your perplexity matches course.elmo.Perplexity's sum: exp(total nats / tokens) over windows of"
                + " unequal length, and the vocabulary size for a uniform guess", () -> problem(learner));
    }

    private static String problem(Score learner) {
        for (Case c : new Case[] {scored(), uniform()}) {
            double[][] logProbs = logProbabilities(c);
            double mine = learner.perplexity(Exercise.copy(logProbs));
            double expected = reference(c);
            if (close(mine, expected, 1e-5)) {
                continue;
            }
            String said = "for " + c.what + " your perplexity is " + num(mine) + "; expected " + num(expected);
            int windows = logProbs.length;
            int[] counts = new int[windows];
            double[] means = new double[windows];
            double nats = 0;
            int tokens = 0;
            for (int w = 0; w < windows; w++) {
                counts[w] = logProbs[w].length;
                for (double lp : logProbs[w]) {
                    means[w] -= lp / counts[w];
                    nats -= lp;
                }
                tokens += counts[w];
            }
            double perToken = nats / tokens;
            if (close(mine, Math.exp(-perToken), 1e-5)) {
                return said + " — below 1: the minus sign is lost. Log-probabilities are ≤ 0; the loss is their negative, −log p, so a"
                        + " perplexity is never below 1";
            }
            if (close(mine, Math.pow(2, perToken), 1e-5)) {
                return said + " — 2^… belongs with log base 2 (bits); these log-probabilities are natural logs (nats), so take e^…:"
                        + " Math.exp(totalNats / tokens)";
            }
            if (close(mine, Arrays.stream(means).map(Math::exp).average().orElse(0), 1e-5)) {
                return said + " — you averaged the windows' perplexities; average the loss over tokens first (on the log scale) and"
                        + " take exp once, of the text's mean: exp(total nats / total tokens)";
            }
            if (close(mine, Math.exp(Arrays.stream(means).average().orElse(0)), 1e-5)) {
                return said + " — every window counted the same, but they hold " + Arrays.toString(counts) + " tokens: weight each"
                        + " window's mean loss by its token count, or simply add up all tokens' −log p and divide by how many there are";
            }
            if (close(mine, perToken, 1e-5)) {
                return said + " — that is the mean loss per token in nats (the cross-entropy); the perplexity is e to that";
            }
            if (close(mine, Math.exp(nats / windows), 1e-5)) {
                return said + " — you divided by the number of windows (" + windows + "); divide by the number of tokens (" + tokens + ")";
            }
            if (close(mine, Math.exp(nats), 1e-5)) {
                return said + " — that is e to the total loss: divide the total by the number of tokens (" + tokens + ") first";
            }
            return said + " — " + FIRST_HINT;
        }
        return null;
    }

    /** Three windows of 9, 2 and 5 tokens over V = 10, the model sure of itself in the first and lost in the second. */
    private static Case scored() {
        Random random = new Random(5);
        int vocab = 10;
        int[] lengths = {9, 2, 5};
        double[] boost = {2.5, -1.5, 0.5};   // how much more the target's logit gets than the others'
        float[][][] logits = new float[lengths.length][][];
        int[][] targets = new int[lengths.length][];
        for (int w = 0; w < lengths.length; w++) {
            logits[w] = new float[lengths[w]][vocab];
            targets[w] = new int[lengths[w]];
            for (int t = 0; t < lengths[w]; t++) {
                targets[w][t] = random.nextInt(vocab);
                for (int v = 0; v < vocab; v++) {
                    logits[w][t][v] = (float) (random.nextGaussian() + (v == targets[w][t] ? boost[w] : 0));
                }
            }
        }
        return new Case("windows of 9, 2 and 5 tokens", logits, targets);
    }

    /** Two windows of 4 and 7 tokens with equal logits over V = 10: every token has p = 1/10, the perplexity is 10. */
    private static Case uniform() {
        int vocab = 10;
        int[] lengths = {4, 7};
        float[][][] logits = new float[lengths.length][][];
        int[][] targets = new int[lengths.length][];
        for (int w = 0; w < lengths.length; w++) {
            logits[w] = new float[lengths[w]][vocab];
            targets[w] = new int[lengths[w]];
            for (int t = 0; t < lengths[w]; t++) {
                targets[w][t] = (3 * t + w) % vocab;
            }
        }
        return new Case("a model that guesses uniformly among 10 words (every log p = −ln 10)", logits, targets);
    }

    /** Each target's ln p: minus {@link Losses#crossEntropy} of its position alone. */
    private static double[][] logProbabilities(Case c) {
        double[][] out = new double[c.targets.length][];
        try (NDManager m = NDManager.newBaseManager()) {
            for (int w = 0; w < c.targets.length; w++) {
                out[w] = new double[c.targets[w].length];
                for (int t = 0; t < out[w].length; t++) {
                    float[] row = c.logits[w][t];
                    try (NDManager step = m.newSubManager()) {
                        out[w][t] = -Losses.crossEntropy(step.create(row, new Shape(1, row.length)), step.create(new int[] {c.targets[w][t]}))
                                .getFloat();
                    }
                }
            }
        }
        return out;
    }

    /** exp(Σ_w mean loss_w · n_w / Σ_w n_w), each window's mean from {@link Losses#crossEntropy}: course.elmo.Perplexity's sum. */
    private static double reference(double[] windowLosses, int[] counts) {
        double nats = 0;
        long tokens = 0;
        for (int w = 0; w < counts.length; w++) {
            nats += windowLosses[w] * (double) counts[w];
            tokens += counts[w];
        }
        return Math.exp(nats / tokens);
    }

    private static double reference(Case c) {
        int windows = c.targets.length;
        double[] losses = new double[windows];
        int[] counts = new int[windows];
        try (NDManager m = NDManager.newBaseManager()) {
            for (int w = 0; w < windows; w++) {
                int n = c.targets[w].length;
                int vocab = c.logits[w][0].length;
                float[] flat = new float[n * vocab];
                for (int t = 0; t < n; t++) {
                    System.arraycopy(c.logits[w][t], 0, flat, t * vocab, vocab);
                }
                losses[w] = Losses.crossEntropy(m.create(flat, new Shape(n, vocab)), m.create(c.targets[w])).getFloat();
                counts[w] = n;
            }
        }
        return reference(losses, counts);
    }

}
