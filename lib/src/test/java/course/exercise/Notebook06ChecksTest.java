package course.exercise;

import org.junit.jupiter.api.Test;

/** The checks of notebook 06's exercises. */
class Notebook06ChecksTest {

    /** softmax(q kᵀ / divisor) over rows (or, by mistake, columns), with or without the max shift. */
    private static double[][] weights(double[][] q, double[][] k, double divisor, boolean shift, boolean overColumns) {
        int t = q.length;
        double[][] s = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                for (int c = 0; c < q[0].length; c++) {
                    s[i][j] += q[i][c] * k[j][c] / divisor;
                }
            }
        }
        if (overColumns) {
            s = transpose(s);
        }
        for (double[] row : s) {
            double max = shift ? java.util.Arrays.stream(row).max().getAsDouble() : 0;
            double sum = 0;
            for (int j = 0; j < t; j++) {
                row[j] = Math.exp(row[j] - max);
                sum += row[j];
            }
            for (int j = 0; j < t; j++) {
                row[j] /= sum;
            }
        }
        if (overColumns) {
            s = transpose(s);
        }
        return s;
    }

    private static double[][] transpose(double[][] s) {
        double[][] tr = new double[s.length][s.length];
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                tr[j][i] = s[i][j];
            }
        }
        return tr;
    }

    @Test
    void scaledSoftmax() {
        Outcomes.passes(ScaledSoftmax.check((q, k) -> weights(q, k, Math.sqrt(q[0].length), true, false)));
        Outcomes.notAttempted(ScaledSoftmax.check((q, k) -> null));
        Outcomes.wrongWith(ScaledSoftmax.check((q, k) -> weights(q, k, Math.sqrt(q[0].length), true, true)), "over the last axis");
        Outcomes.wrongWith(ScaledSoftmax.check((q, k) -> weights(q, k, 1, true, false)), "did you divide the scores by √d");
        Outcomes.wrongWith(ScaledSoftmax.check((q, k) -> weights(q, k, q[0].length, true, false)), "you divided by d");
        Outcomes.wrongWith(ScaledSoftmax.check((q, k) -> weights(q, k, Math.sqrt(q[0].length), false, false)), "exp overflowed");
    }

    private static boolean[][] mask(int t, java.util.function.BiPredicate<Integer, Integer> open) {
        boolean[][] m = new boolean[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                m[i][j] = open.test(i, j);
            }
        }
        return m;
    }

    @Test
    void causalMask() {
        Outcomes.passes(CausalMask.check(t -> mask(t, (i, j) -> j <= i)));
        Outcomes.notAttempted(CausalMask.check(t -> null));
        Outcomes.wrongWith(CausalMask.check(t -> mask(t, (i, j) -> j >= i)), "position 0 attends to position 1: the mask lets the future in");
        Outcomes.wrongWith(CausalMask.check(t -> mask(t, (i, j) -> j < i)), "position 0 cannot see itself");
        Outcomes.wrongWith(CausalMask.check(t -> new boolean[t][t + 1]), "it needs one per key position");
    }

    /** Top-p by the reference recipe; {@code includeCrossing} false drops the token that passes p, {@code renormalise} false skips step 3. */
    private static double[] topP(double[] probs, double p, boolean sorted, boolean includeCrossing, boolean renormalise) {
        Integer[] order = new Integer[probs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (sorted) {
            java.util.Arrays.sort(order, (a, b) -> Double.compare(probs[b], probs[a]));
        }
        double[] out = new double[probs.length];
        double mass = 0;
        for (int i : order) {
            if (!includeCrossing && mass + probs[i] >= p) {
                break;
            }
            out[i] = probs[i];
            mass += probs[i];
            if (mass >= p) {
                break;
            }
        }
        for (int i = 0; i < out.length && renormalise; i++) {
            out[i] /= mass;
        }
        return out;
    }

    @Test
    void topP() {
        Outcomes.passes(TopP.check((probs, p) -> topP(probs, p, true, true, true)));
        Outcomes.notAttempted(TopP.check((probs, p) -> { throw Exercise.notAttempted(); }));
        Outcomes.wrongWith(TopP.check((probs, p) -> topP(probs, p, true, true, false)), "divide the kept ones by their sum");
        Outcomes.wrongWith(TopP.check((probs, p) -> topP(probs, p, true, false, true)), "also keep the token that takes the mass past p");
        Outcomes.wrongWith(TopP.check((probs, p) -> topP(probs, p, false, true, true)), "sort by probability first");
    }
}
