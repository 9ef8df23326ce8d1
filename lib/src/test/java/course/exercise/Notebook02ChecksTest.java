package course.exercise;

import org.junit.jupiter.api.Test;

/** The checks of notebook 02's exercises: the reference solution passes, a stub is not attempted, typical mistakes get their hint. */
class Notebook02ChecksTest {

    /**
     * One LSTM step as a learner writes it, {@code order} naming the gate each block of H rows is taken for (PyTorch:
     * "ifgo"), {@code activations} the function per gate in i, f, g, o order ('s' σ, 't' tanh), and the switches for
     * the usual slips.
     */
    private static double[][] lstm(double[] x, double[] h, double[] c, double[][] wi, double[][] wh, double[] bi, double[] bh,
                                   String order, String activations, boolean forget, boolean tanhOnCell, boolean inputBias, boolean hiddenBias) {
        int n = h.length;
        double[][] gates = new double[4][n];
        for (int block = 0; block < 4; block++) {
            int gate = "ifgo".indexOf(order.charAt(block));
            for (int j = 0; j < n; j++) {
                int row = block * n + j;
                double z = (inputBias ? bi[row] : 0) + (hiddenBias ? bh[row] : 0);
                for (int i = 0; i < x.length; i++) {
                    z += wi[row][i] * x[i];
                }
                for (int i = 0; i < n; i++) {
                    z += wh[row][i] * h[i];
                }
                gates[gate][j] = activations.charAt(gate) == 't' ? Math.tanh(z) : 1 / (1 + Math.exp(-z));
            }
        }
        double[] hNew = new double[n];
        double[] cNew = new double[n];
        for (int j = 0; j < n; j++) {
            cNew[j] = (forget ? gates[1][j] * c[j] : 0) + gates[0][j] * gates[2][j];
            hNew[j] = gates[3][j] * (tanhOnCell ? Math.tanh(cNew[j]) : cNew[j]);
        }
        return new double[][] {hNew, cNew};
    }

    private static Result lstmCheck(String order, String activations, boolean forget, boolean tanhOnCell, boolean inputBias, boolean hiddenBias) {
        return LstmStep.check((x, h, c, wi, wh, bi, bh) -> lstm(x, h, c, wi, wh, bi, bh, order, activations, forget, tanhOnCell, inputBias, hiddenBias));
    }

    @Test
    void lstmStep() {
        Outcomes.passes(lstmCheck("ifgo", "ssts", true, true, true, true));
        Outcomes.notAttempted(LstmStep.check((x, h, c, wi, wh, bi, bh) -> null));
        Outcomes.notAttempted(LstmStep.check((x, h, c, wi, wh, bi, bh) -> { throw Exercise.notAttempted(); }));
        Outcomes.wrongWith(lstmCheck("figo", "ssts", true, true, true, true), "the input and forget gates are swapped");
        Outcomes.wrongWith(lstmCheck("ifog", "ssts", true, true, true, true), "the candidate and the output gate are swapped");
        Outcomes.wrongWith(lstmCheck("iofg", "ssts", true, true, true, true), "you read the four blocks of H rows as the gates i, o, f, g");
        Outcomes.wrongWith(lstmCheck("ifgo", "stts", true, true, true, true), "the forget gate f went through tanh");
        Outcomes.wrongWith(lstmCheck("ifgo", "ssss", true, true, true, true), "the candidate g went through σ");
        Outcomes.wrongWith(lstmCheck("ifgo", "tttt", true, true, true, true), "the gates i, f and o went through tanh");
        Outcomes.wrongWith(lstmCheck("ifgo", "ssts", true, false, true, true), "your h' is o ⊙ c'");
        Outcomes.wrongWith(lstmCheck("ifgo", "ssts", false, true, true, true), "your c' is i ⊙ g");
        Outcomes.wrongWith(lstmCheck("ifgo", "ssts", true, true, true, false), "you added one bias only");
        Outcomes.wrongWith(lstmCheck("ifgo", "ssts", true, true, false, true), "you added one bias only");
        Outcomes.wrongWith(LstmStep.check((x, h, c, wi, wh, bi, bh) -> {
            double[][] right = lstm(x, h, c, wi, wh, bi, bh, "ifgo", "ssts", true, true, true, true);
            return new double[][] {right[1], right[0]};
        }), "you returned {c', h'}");
        Outcomes.wrongWith(LstmStep.check((x, h, c, wi, wh, bi, bh) -> new double[][] {new double[4 * h.length], new double[4 * h.length]}),
                "h' and c' have 3 numbers each; yours have 12 and 12");
        Outcomes.wrongWith(LstmStep.check((x, h, c, wi, wh, bi, bh) -> new double[][] {h, c}), "h'[0] is ");
    }

    /** scale · Σ_j share_j · layers[j], the shares made from w by {@code shares}. */
    private static double[] mix(double[][] layers, double[] shares, double scale) {
        double[] out = new double[layers[0].length];
        for (int j = 0; j < layers.length; j++) {
            for (int k = 0; k < out.length; k++) {
                out[k] += scale * shares[j] * layers[j][k];
            }
        }
        return out;
    }

    private static double[] softmax(double[] w) {
        double[] e = new double[w.length];
        double sum = 0;
        for (int j = 0; j < w.length; j++) {
            e[j] = Math.exp(w[j]);
            sum += e[j];
        }
        for (int j = 0; j < w.length; j++) {
            e[j] /= sum;
        }
        return e;
    }

    @Test
    void layerMix() {
        Outcomes.passes(LayerMix.check((layers, w, gamma) -> mix(layers, softmax(w), gamma)));
        Outcomes.notAttempted(LayerMix.check((layers, w, gamma) -> null));
        Outcomes.wrongWith(LayerMix.check((layers, w, gamma) -> mix(layers, w, gamma)), "you weighted the layers by the raw w: softmax them first");
        Outcomes.wrongWith(LayerMix.check((layers, w, gamma) -> mix(layers, softmax(w), 1)), "γ is missing");
        Outcomes.wrongWith(LayerMix.check((layers, w, gamma) -> {
            double sum = java.util.Arrays.stream(w).sum();
            return mix(layers, java.util.Arrays.stream(w).map(x -> x / sum).toArray(), gamma);
        }), "you divided the raw weights by their sum");
        Outcomes.wrongWith(LayerMix.check((layers, w, gamma) -> {
            double[] equal = new double[w.length];
            java.util.Arrays.fill(equal, 1.0 / w.length);
            return mix(layers, equal, 1);
        }), "that is the plain mean of the layers");
        Outcomes.wrongWith(LayerMix.check((layers, w, gamma) -> mix(layers, softmax(w), gamma * 2)), "out[0] is ");
        Outcomes.wrongWith(LayerMix.check((layers, w, gamma) -> softmax(w)), "the layers are combined entry by entry");
    }

    /** The mean loss −log p of each window. */
    private static double[] windowMeans(double[][] logProbs) {
        double[] means = new double[logProbs.length];
        for (int w = 0; w < logProbs.length; w++) {
            for (double lp : logProbs[w]) {
                means[w] -= lp / logProbs[w].length;
            }
        }
        return means;
    }

    /** The total loss in nats and the number of tokens. */
    private static double[] natsAndTokens(double[][] logProbs) {
        double nats = 0;
        int tokens = 0;
        for (double[] window : logProbs) {
            for (double lp : window) {
                nats -= lp;
                tokens++;
            }
        }
        return new double[] {nats, tokens};
    }

    @Test
    void textPerplexity() {
        Outcomes.passes(TextPerplexity.check(lp -> {
            double[] n = natsAndTokens(lp);
            return Math.exp(n[0] / n[1]);
        }));
        Outcomes.passes(TextPerplexity.check(lp -> {   // the window means weighted by their counts, as course.elmo.Perplexity adds up
            double[] means = windowMeans(lp);
            double nats = 0;
            int tokens = 0;
            for (int w = 0; w < lp.length; w++) {
                nats += means[w] * lp[w].length;
                tokens += lp[w].length;
            }
            return Math.exp(nats / tokens);
        }));
        Outcomes.notAttempted(TextPerplexity.check(lp -> { throw Exercise.notAttempted(); }));
        Outcomes.wrongWith(TextPerplexity.check(lp -> java.util.Arrays.stream(windowMeans(lp)).map(Math::exp).average().getAsDouble()),
                "you averaged the windows' perplexities");
        Outcomes.wrongWith(TextPerplexity.check(lp -> Math.exp(java.util.Arrays.stream(windowMeans(lp)).average().getAsDouble())),
                "every window counted the same, but they hold [9, 2, 5] tokens");
        Outcomes.wrongWith(TextPerplexity.check(lp -> {
            double[] n = natsAndTokens(lp);
            return Math.pow(2, n[0] / n[1]);
        }), "2^… belongs with log base 2");
        Outcomes.wrongWith(TextPerplexity.check(lp -> {
            double[] n = natsAndTokens(lp);
            return Math.exp(-n[0] / n[1]);
        }), "the minus sign is lost");
        Outcomes.wrongWith(TextPerplexity.check(lp -> {
            double[] n = natsAndTokens(lp);
            return n[0] / n[1];
        }), "the perplexity is e to that");
        Outcomes.wrongWith(TextPerplexity.check(lp -> Math.exp(natsAndTokens(lp)[0] / lp.length)), "you divided by the number of windows (3)");
        Outcomes.wrongWith(TextPerplexity.check(lp -> Math.exp(natsAndTokens(lp)[0])), "divide the total by the number of tokens (16)");
    }

    /** Rows 0 … {@code last} through {@code reverseRow(row, length)}; the rows after them stay as they are. */
    private static int[][] perRow(int[][] rows, int[] lengths, int last, java.util.function.BiFunction<int[], Integer, int[]> reverseRow) {
        int[][] out = new int[rows.length][];
        for (int b = 0; b < rows.length; b++) {
            out[b] = b <= last ? reverseRow.apply(rows[b], lengths[b]) : rows[b].clone();
        }
        return out;
    }

    /** out[i] = row[from(i)] for i < n, the rest copied; {@code from} returning −1 keeps row[i]. */
    private static int[] mapped(int[] row, int n, java.util.function.IntUnaryOperator from) {
        int[] out = row.clone();
        for (int i = 0; i < n; i++) {
            int j = from.applyAsInt(i);
            if (j >= 0) {
                out[i] = row[j];
            }
        }
        return out;
    }

    @Test
    void paddedReverse() {
        int all = Integer.MAX_VALUE;
        Outcomes.passes(PaddedReverse.check((rows, lengths) -> perRow(rows, lengths, all, (row, n) -> mapped(row, n, i -> n - 1 - i))));
        Outcomes.passes(PaddedReverse.check((rows, lengths) -> {   // in place, swapping pairs up to the middle
            for (int b = 0; b < rows.length; b++) {
                for (int i = 0; i < lengths[b] / 2; i++) {
                    int keep = rows[b][i];
                    rows[b][i] = rows[b][lengths[b] - 1 - i];
                    rows[b][lengths[b] - 1 - i] = keep;
                }
            }
            return rows;
        }));
        Outcomes.notAttempted(PaddedReverse.check((rows, lengths) -> null));
        Outcomes.wrongWith(PaddedReverse.check((rows, lengths) -> perRow(rows, lengths, all, (row, n) -> mapped(row, row.length, i -> row.length - 1 - i))),
                "you reversed the whole row, padding included, so the padding comes first");
        Outcomes.wrongWith(PaddedReverse.check((rows, lengths) -> perRow(rows, lengths, all, (row, n) -> mapped(row, n, i -> n - i))),
                "position 0 got rows[b][lengths[b]], the first padding, and the first token fell off");
        Outcomes.wrongWith(PaddedReverse.check((rows, lengths) -> perRow(rows, lengths, all, (row, n) -> mapped(row, n, i -> i == 0 ? -1 : n - i))),
                "the first token stayed in front");
        Outcomes.wrongWith(PaddedReverse.check((rows, lengths) -> perRow(rows, lengths, all, (row, n) -> mapped(row, n, i -> i < n - 1 ? n - 2 - i : -1))),
                "the last real token rows[b][lengths[b] − 1] is missing from the front");
        Outcomes.wrongWith(PaddedReverse.check((rows, lengths) -> perRow(rows, lengths, all, (row, n) -> mapped(row, n, i -> i < n - 1 ? n - 1 - i : -1))),
                "your loop stops one short");
        Outcomes.wrongWith(PaddedReverse.check((rows, lengths) -> perRow(rows, lengths, 0, (row, n) -> mapped(row, n, i -> n - 1 - i))),
                "only the first row is reversed: row 2 ");
        Outcomes.wrongWith(PaddedReverse.check((rows, lengths) -> {   // the swap loop runs over the whole stretch: every pair twice
            for (int b = 0; b < rows.length; b++) {
                for (int i = 0; i < lengths[b]; i++) {
                    int keep = rows[b][i];
                    rows[b][i] = rows[b][lengths[b] - 1 - i];
                    rows[b][lengths[b] - 1 - i] = keep;
                }
            }
            return rows;
        }), "stop halfway");
        Outcomes.wrongWith(PaddedReverse.check((rows, lengths) -> java.util.Arrays.copyOf(rows, 1)), "you returned 1 row for a batch of 4");
    }
}
