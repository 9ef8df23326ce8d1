package course.exercise;

import ai.djl.ndarray.NDManager;
import course.nn.Masks;

/**
 * Notebook 06, exercise {@code 06-mask}: the causal mask, true where query i may attend to key j, checked against
 * {@link Masks#causal}.
 */
public final class CausalMask {

    public static final String ID = "06-mask";
    static final String FIRST_HINT = "mask[i][j] is true when position i may look at position j: itself and everything before it, j ≤ i";

    @FunctionalInterface
    public interface Mask {
        boolean[][] mask(int length);
    }

    public static Result check(Mask learner) {
        return Exercise.check(ID, FIRST_HINT, "your mask matches course.nn.Masks.causal: every position sees itself and its past, never its future", () -> problem(learner));
    }

    private static String problem(Mask learner) {
        for (int t : new int[] {1, 6}) {
            boolean[][] mine = Exercise.answer(learner.mask(t));
            boolean[] expected;
            try (NDManager m = NDManager.newBaseManager()) {
                expected = Masks.causal(m, t).toBooleanArray();
            }
            if (mine.length != t) {
                return "for length " + t + " your mask has " + mine.length + " rows; it needs one per query position";
            }
            for (int i = 0; i < t; i++) {
                if (mine[i] == null || mine[i].length != t) {
                    return "row " + i + " of your mask for length " + t + " has " + (mine[i] == null ? "no" : mine[i].length) + " entries; it needs one per key position";
                }
            }
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    if (mine[i][j] == expected[i * t + j]) {
                        continue;
                    }
                    if (mine[i][j]) {
                        return "position " + i + " attends to position " + j + ": the mask lets the future in (a query may only see keys j ≤ i)";
                    }
                    if (i == j) {
                        return "position " + i + " cannot see itself: j ≤ i includes the diagonal, so the first token has something to attend to";
                    }
                    return "position " + i + " cannot see the earlier position " + j + ": the past stays visible, only the future is masked";
                }
            }
        }
        return null;
    }
}
