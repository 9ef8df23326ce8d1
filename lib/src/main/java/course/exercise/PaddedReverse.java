package course.exercise;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.rnn.Sequences;
import java.util.Arrays;
import java.util.Random;

/**
 * Notebook 02, exercise {@code 02-reverse}: each row's real tokens of a right-padded batch in reverse order, the
 * padding left at the end — what the backward LSTM reads, {@code [a b c _ _] → [c b a _ _]} — checked against
 * {@link Sequences#reverse}. The first batch has no full row, so an index one too far reads padding instead of
 * failing; the second has full rows. The usual slips (the whole row flipped, off by one at either end, one row only,
 * a swap loop that runs twice over every pair) are named, with the row as it was, as it came back and as expected.
 */
public final class PaddedReverse {

    public static final String ID = "02-reverse";
    static final String FIRST_HINT = "for each row b, the first lengths[b] positions in reverse order — out[b][i] = rows[b][lengths[b] − 1 − i]"
            + " for i < lengths[b] — and the padding after them copied as it is";

    /** What the learner writes: {@code rows} (B × T, right-padded with 0) and each row's real length → the reversed batch (B × T). */
    @FunctionalInterface
    public interface Reverse {
        int[][] reverse(int[][] rows, int[] lengths);
    }

    private record Batch(int[][] rows, int[] lengths) {}

    private PaddedReverse() {}

    public static Result check(Reverse learner) {
        return Exercise.check(ID, FIRST_HINT, "your reversal matches course.rnn.Sequences.reverse: every row's real tokens backwards, the padding"
                + " still at the end", () -> problem(learner));
    }

    private static String problem(Reverse learner) {
        for (Batch batch : new Batch[] {batch(8, 6, new int[] {4, 1, 5, 3}), batch(9, 5, new int[] {5, 2, 5})}) {
            int[][] rows = batch.rows;
            int[] lengths = batch.lengths;
            int t = rows[0].length;
            int[][] mine = Exercise.answer(learner.reverse(copy(rows), lengths.clone()));
            if (mine.length != rows.length) {
                return "you returned " + mine.length + " row" + (mine.length == 1 ? "" : "s") + " for a batch of " + rows.length
                        + "; return one reversed row per row";
            }
            for (int b = 0; b < mine.length; b++) {
                if (mine[b] == null || mine[b].length != t) {
                    return "row " + b + " came back with " + (mine[b] == null ? "no array" : mine[b].length + " positions") + "; every row keeps"
                            + " its T = " + t + " positions, padding included";
                }
            }
            int[][] expected = reference(rows, lengths);
            if (Arrays.deepEquals(mine, expected)) {
                continue;
            }
            if (Arrays.deepEquals(mine, rows)) {
                return "your rows came back as they went in, e.g. " + Arrays.toString(rows[0]) + " (length " + lengths[0] + ") should become "
                        + Arrays.toString(expected[0]) + " — if you swap pairs in place, stop halfway (i < lengths[b] / 2): a loop over"
                        + " the whole stretch swaps every pair twice";
            }
            boolean restUnchanged = true;
            int example = -1;   // a later row that should have changed
            for (int b = 1; b < rows.length; b++) {
                restUnchanged &= Arrays.equals(mine[b], rows[b]);
                example = example < 0 && !Arrays.equals(rows[b], expected[b]) ? b : example;
            }
            if (Arrays.equals(mine[0], expected[0]) && restUnchanged && example > 0) {
                return "only the first row is reversed: row " + example + " " + Arrays.toString(rows[example]) + " (length " + lengths[example]
                        + ") came back unchanged — loop over every row b, each with its own length lengths[b]";
            }
            for (int b = 0; b < rows.length; b++) {
                if (!Arrays.equals(mine[b], expected[b])) {
                    return rowProblem(b, rows[b], lengths[b], mine[b], expected[b]);
                }
            }
        }
        return null;
    }

    /** The hint for row b, which should have become {@code expected} and became {@code mine}. */
    private static String rowProblem(int b, int[] row, int n, int[] mine, int[] expected) {
        int t = row.length;
        String said = "row " + b + " " + Arrays.toString(row) + " (length " + n + ") became " + Arrays.toString(mine) + "; expected "
                + Arrays.toString(expected);
        int[] flipped = new int[t];
        for (int i = 0; i < t; i++) {
            flipped[i] = row[t - 1 - i];
        }
        if (n < t && Arrays.equals(mine, flipped)) {
            return said + " — you reversed the whole row, padding included, so the padding comes first; reverse only the first"
                    + " lengths[b] positions and leave the padding at the end";
        }
        for (int i = n; i < t; i++) {
            if (mine[i] != row[i]) {
                return said + " — position " + i + " is padding (the row's real length is " + n + ") and stays as it is";
            }
        }
        if (n < t && mine[0] == row[n]) {
            return said + " — off by one: position 0 got rows[b][lengths[b]], the first padding, and the first token fell off; the last"
                    + " real token is at index lengths[b] − 1 (indices start at 0)";
        }
        if (n > 1 && mine[0] == row[0]) {
            return said + " — the first token stayed in front: position 0 gets the last real token rows[b][lengths[b] − 1], and the"
                    + " first token goes to position lengths[b] − 1";
        }
        if (n > 1 && mine[0] == row[n - 2]) {
            return said + " — off by one: the last real token rows[b][lengths[b] − 1] is missing from the front; start from index"
                    + " lengths[b] − 1, not lengths[b] − 2";
        }
        if (Arrays.equals(Arrays.copyOf(mine, n - 1), Arrays.copyOf(expected, n - 1))) {
            return said + " — your loop stops one short: position lengths[b] − 1 must get the row's first token; run i from 0 while"
                    + " i < lengths[b]";
        }
        for (int i = 0; i < n; i++) {
            if (mine[i] != expected[i]) {
                return said + " — position " + i + " should hold rows[b][" + (n - 1 - i) + "] = " + expected[i] + ": " + FIRST_HINT;
            }
        }
        return said;
    }

    /** B rows of T token ids (distinct within a row, 1 … 99) with the given lengths, padded with 0. */
    private static Batch batch(long seed, int t, int[] lengths) {
        Random random = new Random(seed);
        int[][] rows = new int[lengths.length][t];
        for (int b = 0; b < lengths.length; b++) {
            for (int i = 0; i < lengths[b]; i++) {
                int id;
                do {
                    id = 1 + random.nextInt(99);
                } while (contains(rows[b], i, id));
                rows[b][i] = id;
            }
        }
        return new Batch(rows, lengths);
    }

    private static boolean contains(int[] row, int upTo, int id) {
        for (int i = 0; i < upTo; i++) {
            if (row[i] == id) {
                return true;
            }
        }
        return false;
    }

    /** {@link Sequences#reverse} on the batch as a (B, T, 1) array. */
    private static int[][] reference(int[][] rows, int[] lengths) {
        int b = rows.length;
        int t = rows[0].length;
        int[] flat = new int[b * t];
        for (int r = 0; r < b; r++) {
            System.arraycopy(rows[r], 0, flat, r * t, t);
        }
        int[] out;
        try (NDManager m = NDManager.newBaseManager()) {
            out = Sequences.reverse(m.create(flat, new Shape(b, t, 1)), lengths).toIntArray();
        }
        int[][] reversed = new int[b][t];
        for (int r = 0; r < b; r++) {
            System.arraycopy(out, r * t, reversed[r], 0, t);
        }
        return reversed;
    }

    private static int[][] copy(int[][] a) {
        int[][] c = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
