package course.exercise;

import static course.exercise.Exercise.num;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.rnn.Cells;
import course.rnn.RecurrentState;
import course.rnn.RecurrentWeights;
import java.util.Random;

/**
 * Notebook 02, exercise {@code 02-lstm}: one LSTM step by hand on plain arrays, with the stacked weights in PyTorch's
 * gate order i, f, g, o (the equations of {@link course.rnn.RecurrentCell}), checked against {@link Cells#lstmStep}.
 * A wrong answer is compared with the step as the usual mistakes compute it — the gate blocks read in another
 * order, tanh and σ mixed up, h' without its tanh, c' without the forget gate's product, one bias only — and the
 * mistake it matches is named.
 */
public final class LstmStep {

    public static final String ID = "02-lstm";
    static final String FIRST_HINT = "z = W_i·x + b_i + W_h·h + b_h gives 4H numbers: z[0…H) is the input gate i, z[H…2H) the forget gate f,"
            + " z[2H…3H) the candidate g, z[3H…4H) the output gate o; i, f and o go through σ, g through tanh;"
            + " then c' = f⊙c + i⊙g and h' = o⊙tanh(c'), returned as new double[][] {h', c'}";

    /**
     * What the learner writes: one step from state (h, c) on input x. {@code wi} is W_i (4H × I), {@code wh} W_h
     * (4H × H), {@code bi} and {@code bh} the two biases (4H), the rows in blocks of H for the gates i, f, g, o.
     * Returns {@code {h', c'}}, two new arrays of H; the inputs are not to be changed.
     */
    @FunctionalInterface
    public interface Step {
        double[][] step(double[] x, double[] h, double[] c, double[][] wi, double[][] wh, double[] bi, double[] bh);
    }

    private static final String[] GATES = {"input gate i", "forget gate f", "candidate g", "output gate o"};
    private static final String[] LETTERS = {"i", "f", "g", "o"};
    private static final double TOLERANCE = 1e-5;

    private LstmStep() {}

    public static Result check(Step learner) {
        return Exercise.check(ID, FIRST_HINT, "your step matches course.rnn.Cells.lstmStep: gates in the order i, f, g, o, both biases, h' and c'",
                () -> problem(learner));
    }

    /** One step's inputs: sizes I and H, drawn from a seed, every number a multiple of 1/16 (exact in float too). */
    record Case(double[] x, double[] h, double[] c, double[][] wi, double[][] wh, double[] bi, double[] bh) {

        static Case draw(long seed, int inputs, int hidden) {
            Random random = new Random(seed);
            return new Case(gaussian(random, inputs, 1), gaussian(random, hidden, 0.8), gaussian(random, hidden, 1.5),
                    gaussian(random, 4 * hidden, inputs, 0.6), gaussian(random, 4 * hidden, hidden, 0.6),
                    gaussian(random, 4 * hidden, 0.5), gaussian(random, 4 * hidden, 0.5));
        }

        int hidden() {
            return h.length;
        }
    }

    private static String problem(Step learner) {
        for (Case c : new Case[] {Case.draw(2, 4, 3), Case.draw(20, 5, 4)}) {
            int n = c.hidden();
            double[][] mine = Exercise.answer(learner.step(c.x.clone(), c.h.clone(), c.c.clone(), Exercise.copy(c.wi), Exercise.copy(c.wh), c.bi.clone(), c.bh.clone()));
            if (mine.length != 2 || mine[0] == null || mine[1] == null) {
                return "return the new state as two arrays, new double[][] {h', c'}; yours has " + mine.length + " entr" + (mine.length == 1 ? "y" : "ies")
                        + (mine.length == 2 ? ", one of them null" : "");
            }
            if (mine[0].length != n || mine[1].length != n) {
                return "for H = " + n + " hidden units h' and c' have " + n + " numbers each; yours have " + mine[0].length + " and " + mine[1].length
                        + " — the 4H rows of the weights make 4 gates of H numbers, which combine into H new values";
            }
            double[][] expected = reference(c);
            if (same(mine, expected)) {
                continue;
            }
            int which = firstDifference(mine[0], expected[0]) >= 0 ? 0 : 1;   // h' first, else c'
            int j = firstDifference(mine[which], expected[which]);
            String said = (which == 0 ? "h'[" : "your h' is right, but c'[") + j + "] is " + num(mine[which][j])
                    + "; Cells.lstmStep gives " + num(expected[which][j]);
            String hint = mistake(mine, c, expected);
            return said + " (I = " + c.x.length + ", H = " + n + ") — " + (hint != null ? hint : FIRST_HINT);
        }
        return null;
    }

    private static final int[] IFGO = {0, 1, 2, 3};
    private static final String ONE_BIAS = "you added one bias only; PyTorch keeps two, b_i on the input side and b_h on the hidden side,"
            + " and every gate gets both: z = W_i·x + b_i + W_h·h + b_h";
    private static final boolean[] TANH_ON_G = {false, false, true, false};

    /** The hint for the first of the usual mistakes that reproduces the learner's answer, or null. */
    private static String mistake(double[][] mine, Case c, double[][] expected) {
        if (same(new double[][] {mine[1], mine[0]}, expected)) {
            return "you returned {c', h'}: the hidden state comes first, {h', c'}";
        }
        if (same(mine, step(c, new int[] {1, 0, 2, 3}, TANH_ON_G, Mistake.NONE))) {
            return "the input and forget gates are swapped: z[0…H) is the input gate i, which scales the candidate g,"
                    + " and z[H…2H) the forget gate f, which scales the old cell c (PyTorch's order is i, f, g, o)";
        }
        if (same(mine, step(c, new int[] {0, 1, 3, 2}, TANH_ON_G, Mistake.NONE))) {
            return "the candidate and the output gate are swapped: z[2H…3H) is the candidate g (through tanh) and z[3H…4H)"
                    + " the output gate o (through σ) — PyTorch's order is i, f, g, o";
        }
        for (int[] order : permutations()) {
            if (same(mine, step(c, order, TANH_ON_G, Mistake.NONE))) {
                StringBuilder read = new StringBuilder();
                for (int block = 0; block < 4; block++) {
                    for (int gate = 0; gate < 4; gate++) {
                        if (order[gate] == block) {
                            read.append(block == 0 ? "" : ", ").append(LETTERS[gate]);
                        }
                    }
                }
                return "you read the four blocks of H rows as the gates " + read + "; PyTorch stacks them i, f, g, o"
                        + " (input gate, forget gate, candidate, output gate)";
            }
        }
        for (int gate = 0; gate < 4; gate++) {
            boolean[] tanh = TANH_ON_G.clone();
            tanh[gate] = !tanh[gate];
            if (same(mine, step(c, IFGO, tanh, Mistake.NONE))) {
                return gate == 2
                        ? "the candidate g went through σ; it takes tanh, values in (−1, 1), so a step can lower the cell as well as raise it"
                        : "the " + GATES[gate] + " went through tanh; the gates i, f and o take σ, values in (0, 1): each is the share of"
                        + " something to let through, never negative";
            }
        }
        if (same(mine, step(c, IFGO, new boolean[] {true, true, true, true}, Mistake.NONE))) {
            return "the gates i, f and o went through tanh; they take σ (a share in (0, 1)), only the candidate g takes tanh";
        }
        for (Mistake m : Mistake.values()) {
            if (m != Mistake.NONE && same(mine, step(c, IFGO, TANH_ON_G, m))) {
                return m.hint;
            }
        }
        if (agree(mine[1], expected[1])) {
            return "your c' is right but h' is not: h' = o ⊙ tanh(c'), with o = σ(z[3H…4H)) and the new c'";
        }
        return null;
    }

    /** The usual mistakes in the arithmetic after the gates, and what the hint says about each. */
    enum Mistake {
        NONE(null),
        NO_OUTPUT_TANH("your h' is o ⊙ c': the new cell goes through tanh before the output gate scales it, h' = o ⊙ tanh(c')"),
        OLD_CELL_IN_OUTPUT("your h' uses the old cell c; it is o ⊙ tanh(c') with the new cell c' you just computed"),
        NO_FORGET("your c' is i ⊙ g: the old cell's share f ⊙ c is missing, c' = f ⊙ c + i ⊙ g"
                + " — without it the cell forgets everything at every step"),
        NO_INPUT_GATE("your c' adds the candidate g unscaled; the input gate decides how much of it is written: c' = f ⊙ c + i ⊙ g"),
        INPUT_BIAS_ONLY(ONE_BIAS),
        HIDDEN_BIAS_ONLY(ONE_BIAS),
        NO_RECURRENCE("your gates ignore the previous hidden state: add W_h·h + b_h to W_i·x + b_i — that is what makes the cell recurrent");

        final String hint;

        Mistake(String hint) {
            this.hint = hint;
        }
    }

    /**
     * One step in double precision, reading gate k's pre-activation from row block {@code blocks[k]} (k = 0 … 3 for
     * i, f, g, o; {@code {0, 1, 2, 3}} is PyTorch's order), gate k through tanh where {@code tanh[k]} and σ elsewhere,
     * with the mistake {@code m}. {@code step(c, IFGO, TANH_ON_G, NONE)} is what {@link Cells#lstmStep} computes.
     */
    static double[][] step(Case c, int[] blocks, boolean[] tanh, Mistake m) {
        int n = c.hidden();
        double[][] gate = new double[4][n];
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < n; j++) {
                int row = blocks[k] * n + j;
                double z = (m == Mistake.HIDDEN_BIAS_ONLY ? 0 : c.bi[row]) + (m == Mistake.INPUT_BIAS_ONLY || m == Mistake.NO_RECURRENCE ? 0 : c.bh[row]);
                for (int i = 0; i < c.x.length; i++) {
                    z += c.wi[row][i] * c.x[i];
                }
                for (int i = 0; i < n && m != Mistake.NO_RECURRENCE; i++) {
                    z += c.wh[row][i] * c.h[i];
                }
                gate[k][j] = tanh[k] ? Math.tanh(z) : 1 / (1 + Math.exp(-z));
            }
        }
        double[] hNew = new double[n];
        double[] cNew = new double[n];
        for (int j = 0; j < n; j++) {
            double kept = m == Mistake.NO_FORGET ? 0 : gate[1][j] * c.c[j];
            cNew[j] = kept + (m == Mistake.NO_INPUT_GATE ? 1 : gate[0][j]) * gate[2][j];
            double shown = m == Mistake.OLD_CELL_IN_OUTPUT ? c.c[j] : cNew[j];
            hNew[j] = gate[3][j] * (m == Mistake.NO_OUTPUT_TANH ? shown : Math.tanh(shown));
        }
        return new double[][] {hNew, cNew};
    }

    /** {h', c'} from {@link Cells#lstmStep} on a batch of one, in float32 as the course's layers run. */
    static double[][] reference(Case c) {
        int n = c.hidden();
        int inputs = c.x.length;
        try (NDManager m = NDManager.newBaseManager()) {
            RecurrentState state = new RecurrentState(m.create(floats(c.h), new Shape(1, 1, n)), m.create(floats(c.c), new Shape(1, 1, n)));
            RecurrentWeights w = new RecurrentWeights(m.create(flat(c.wi), new Shape(4L * n, inputs)), m.create(flat(c.wh), new Shape(4L * n, n)),
                    m.create(floats(c.bi)), m.create(floats(c.bh)));
            RecurrentState next = Cells.lstmStep(m.create(floats(c.x), new Shape(1, inputs)), state, w);
            return new double[][] {doubles(next.hidden().toFloatArray()), doubles(next.cell().toFloatArray())};
        }
    }

    /** The 23 gate orders other than i, f, g, o: for each, the row block gates i, f, g, o are read from. */
    private static int[][] permutations() {
        int[][] all = new int[23][];
        int k = 0;
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                for (int c = 0; c < 4; c++) {
                    int d = 6 - a - b - c;
                    if (a == b || a == c || b == c || d < 0 || d > 3 || d == a || d == b || d == c || (a == 0 && b == 1 && c == 2)) {
                        continue;
                    }
                    all[k++] = new int[] {a, b, c, d};
                }
            }
        }
        return all;
    }

    private static boolean same(double[][] a, double[][] b) {
        return agree(a[0], b[0]) && agree(a[1], b[1]);
    }

    private static boolean agree(double[] a, double[] b) {
        return firstDifference(a, b) < 0;
    }

    private static int firstDifference(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!Exercise.close(a[i], b[i], TOLERANCE)) {
                return i;
            }
        }
        return a.length == b.length ? -1 : a.length;
    }

    private static double[] gaussian(Random random, int n, double spread) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.round(random.nextGaussian() * spread * 16) / 16.0;
        }
        return a;
    }

    private static double[][] gaussian(Random random, int rows, int cols, double spread) {
        double[][] a = new double[rows][];
        for (int r = 0; r < rows; r++) {
            a[r] = gaussian(random, cols, spread);
        }
        return a;
    }

    private static float[] floats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    private static float[] flat(double[][] a) {
        float[] f = new float[a.length * a[0].length];
        for (int r = 0; r < a.length; r++) {
            for (int i = 0; i < a[r].length; i++) {
                f[r * a[r].length + i] = (float) a[r][i];
            }
        }
        return f;
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
