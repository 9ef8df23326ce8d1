package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import java.util.Random;

/**
 * Notebook 01, exercise {@code 01-sgns-update}: one skip-gram negative-sampling step for one (centre, context)
 * pair, the update {@code course.embed.Word2Vec} makes tens of millions of times. Checked against the exact
 * arithmetic of Mikolov et al. (2013b, eq. 4): for each target row u_k (the true context first, label 1, then K
 * noise words, label 0) the score s_k = v·u_k gives g_k = η(y_k − σ(s_k)); each row moves by g_k·v, and v moves
 * by Σ g_k·u_k, both computed from the values before the step.
 */
public final class NegativeSamplingUpdate {

    /** What the learner writes. */
    @FunctionalInterface
    public interface Update {
        /**
         * One pair: {@code v} the centre's input vector, {@code rows[0]} the context's output vector and
         * {@code rows[1..K]} the noise words'. Moves {@code v} and every row in place by one SGD step of rate
         * {@code eta} on the pair's loss, and returns that loss as it was before the step.
         */
        double update(float[] v, float[][] rows, float eta);
    }

    public static final String ID = "01-sgns-update";
    static final String FIRST_HINT = "for each row k: score s = v·u_k, label y = 1 for rows[0] and 0 for the noise rows, "
            + "g = η·(y − σ(s)); add g·u_k to a gradient for v, then move u_k by g·v; after the loop move v by that gradient. "
            + "The loss is −log σ(s₀) − Σ log σ(−s_k)";

    private NegativeSamplingUpdate() {}

    public static Result check(Update learner) {
        return Exercise.check(ID, FIRST_HINT, "your update matches word2vec's: the loss, every row and the input vector", () -> problem(learner));
    }

    private static String problem(Update learner) {
        Random random = new Random(11);
        int dim = 5;
        int targets = 4;   // the true context and K = 3 noise words
        float eta = 0.5f;  // large, so that a wrong order or sign shows clearly
        float[] v = gaussian(random, dim);
        float[][] rows = new float[targets][];
        for (int k = 0; k < targets; k++) {
            rows[k] = gaussian(random, dim);
        }
        float[] learnerV = v.clone();
        float[][] learnerRows = deepCopy(rows);
        double loss = learner.update(learnerV, learnerRows, eta);

        double expectedLoss = loss(v, rows);
        if (!close(loss, expectedLoss, 1e-4)) {
            String said = "your loss is " + num(loss) + "; expected " + num(expectedLoss);
            if (close(loss, -expectedLoss, 1e-4)) {
                return said + " — the loss is −log σ(…), a positive number: you returned log σ";
            }
            if (close(loss, softplus(-dot(v, rows[0])), 1e-4)) {
                return said + " — you left out the noise words: add −log σ(−s_k) for each of rows[1..K]";
            }
            double allTrue = 0;
            for (float[] row : rows) {
                allTrue += softplus(-dot(v, row));
            }
            if (close(loss, allTrue, 1e-4)) {
                return said + " — the noise words have label 0: their terms are −log σ(−s_k), not −log σ(s_k)";
            }
            return said + " — the loss is −log σ(s₀) − Σ log σ(−s_k), with s_k = v·u_k before the step";
        }

        float[] expectedV = v.clone();
        float[][] expectedRows = deepCopy(rows);
        step(expectedV, expectedRows, eta, Order.WORD2VEC);
        if (agree(learnerV, expectedV) && agreeAll(learnerRows, expectedRows)) {
            return null;
        }
        if (agree(learnerV, v) && agreeAll(learnerRows, rows)) {
            return "v and the rows did not change — update the arrays you were given, in place";
        }
        float[] backwardsV = v.clone();
        float[][] backwardsRows = deepCopy(rows);
        step(backwardsV, backwardsRows, -eta, Order.WORD2VEC);
        if (agree(learnerV, backwardsV) && agreeAll(learnerRows, backwardsRows)) {
            return "every weight moved the wrong way — a step goes against the loss's gradient: the true context's row "
                    + "must move towards v, g = η·(1 − σ(s₀)) > 0 for it";
        }
        for (Order wrong : new Order[] {Order.UPDATED_ROWS, Order.V_EACH_ROW}) {
            float[] otherV = v.clone();
            float[][] otherRows = deepCopy(rows);
            step(otherV, otherRows, eta, wrong);
            if (agree(learnerV, otherV) && agreeAll(learnerRows, otherRows)) {
                return wrong == Order.UPDATED_ROWS
                        ? "v's gradient used rows you had already moved — add g·u_k to it before you move u_k"
                        : "v moved inside the loop, so later rows saw a moved v — collect Σ g·u_k and move v once, after the loop";
            }
        }
        for (int k = 0; k < targets; k++) {
            if (!agree(learnerRows[k], expectedRows[k])) {
                return "rows[" + k + "] (" + (k == 0 ? "the true context" : "noise word " + k) + ") is "
                        + java.util.Arrays.toString(learnerRows[k]) + " after your step; expected "
                        + java.util.Arrays.toString(expectedRows[k]) + " — it moves by g·v with g = η·(" + (k == 0 ? "1" : "0") + " − σ(v·u))";
            }
        }
        return "v is " + java.util.Arrays.toString(learnerV) + " after your step; expected " + java.util.Arrays.toString(expectedV)
                + " — v moves by Σ g_k·u_k, each u_k as it was before the step";
    }

    /** The ways of ordering one step: word2vec's, and two mistakes the hints name. */
    enum Order { WORD2VEC, UPDATED_ROWS, V_EACH_ROW }

    /** One step in place; {@link Order#WORD2VEC} is the exact update (Word2Vec's, without its sigmoid table). */
    static void step(float[] v, float[][] rows, float eta, Order order) {
        float[] start = v.clone();
        float[] gradient = new float[v.length];
        for (int k = 0; k < rows.length; k++) {
            float[] seen = order == Order.V_EACH_ROW ? v : start;
            double g = eta * ((k == 0 ? 1 : 0) - sigmoid(dot(seen, rows[k])));
            float[] oldRow = rows[k].clone();
            for (int i = 0; i < v.length; i++) {
                rows[k][i] += (float) (g * seen[i]);
            }
            float[] used = order == Order.UPDATED_ROWS ? rows[k] : oldRow;
            for (int i = 0; i < v.length; i++) {
                if (order == Order.V_EACH_ROW) {
                    v[i] += (float) (g * used[i]);
                } else {
                    gradient[i] += (float) (g * used[i]);
                }
            }
        }
        for (int i = 0; i < v.length && order != Order.V_EACH_ROW; i++) {
            v[i] += gradient[i];
        }
    }

    /** The pair's loss: softplus(−s₀) + Σ softplus(s_k). */
    static double loss(float[] v, float[][] rows) {
        double loss = softplus(-dot(v, rows[0]));
        for (int k = 1; k < rows.length; k++) {
            loss += softplus(dot(v, rows[k]));
        }
        return loss;
    }

    private static boolean agree(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!close(a[i], b[i], 1e-4)) {
                return false;
            }
        }
        return a.length == b.length;
    }

    private static boolean agreeAll(float[][] a, float[][] b) {
        for (int k = 0; k < a.length; k++) {
            if (!agree(a[k], b[k])) {
                return false;
            }
        }
        return a.length == b.length;
    }

    private static float[] gaussian(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextGaussian() * 0.8);
        }
        return x;
    }

    private static float[][] deepCopy(float[][] rows) {
        float[][] copy = new float[rows.length][];
        for (int k = 0; k < rows.length; k++) {
            copy[k] = rows[k].clone();
        }
        return copy;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }
}
