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

    /** A by-hand count with one of the usual mistakes switched on. */
    private static long count(course.gpt.GptConfig g, boolean outputLayer, boolean positions, int mlpWidth, boolean allBlocks, boolean biases, boolean finalNorm) {
        long c = g.embedding();
        long norm = g.bias() ? 2 * c : c;
        long attention = 4 * c * c + (g.bias() && biases ? 4 * c : 0);
        long mlp = 2 * mlpWidth * c * c + (g.bias() && biases ? mlpWidth * c + c : 0);
        long block = 2 * norm + attention + mlp;
        return g.vocabSize() * c + (positions ? g.blockSize() * c : 0) + (allBlocks ? g.layers() : 1) * block
                + (finalNorm ? norm : 0) + (outputLayer ? g.vocabSize() * c : 0);
    }

    @Test
    void parameterCount() {
        course.gpt.GptConfig model = course.gpt.GptConfig.shakespeareCharOnCpu(65);
        long actual = model.parameterCount();
        Outcomes.passes(ParameterCount.check(g -> count(g, false, true, 4, true, true, true), model, actual));
        Outcomes.notAttempted(ParameterCount.check(g -> null, model, actual));
        Outcomes.wrongWith(ParameterCount.check(g -> count(g, true, true, 4, true, true, true), model, actual), "separate V × C output layer");
        Outcomes.wrongWith(ParameterCount.check(g -> count(g, false, false, 4, true, true, true), model, actual), "position embedding");
        Outcomes.wrongWith(ParameterCount.check(g -> count(g, false, true, 1, true, true, true), model, actual), "4 times wider");
        Outcomes.wrongWith(ParameterCount.check(g -> count(g, false, true, 4, false, true, true), model, actual), "one block only");
        Outcomes.wrongWith(ParameterCount.check(g -> count(g, false, true, 4, true, false, true), model, actual), "biases of the linear layers are missing");
        Outcomes.wrongWith(ParameterCount.check(g -> count(g, false, true, 4, true, true, false), model, actual), "final layer norm");
        Outcomes.wrongWith(ParameterCount.check(g -> count(g, false, true, 4, true, true, true) + 1, model, actual), "your count is 804,097, the model has 804,096");
        Outcomes.wrongWith(ParameterCount.check(g -> count(g, false, true, 4, true, true, true), model, actual + 1), "the model has 804,097");
    }
}
