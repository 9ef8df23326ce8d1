package course.exercise;

import java.util.Locale;

/**
 * The frame every check shares: it runs a check body, turns the learner's stub, wrong answer or exception into a
 * {@link Result}, and prints its line. Nothing escapes to the notebook.
 */
public final class Exercise {

    private Exercise() {}

    /** Thrown by a stub ({@code throw Exercise.notAttempted();}) until the learner writes the body. */
    public static final class NotAttempted extends RuntimeException {
        private NotAttempted() {
            super("not attempted yet", null, false, false);
        }
    }

    /** What a stub throws: the check then reports NOT_ATTEMPTED instead of a failure. */
    public static NotAttempted notAttempted() {
        return new NotAttempted();
    }

    /** The body of a check: returns the hint for the first property that fails, or null when all hold. */
    @FunctionalInterface
    public interface Body {
        String firstProblem() throws Exception;
    }

    /**
     * Runs {@code body} for exercise {@code id} without printing. A learner's null answer counts as not attempted
     * (checks pass answers through {@link #answer}), as does {@link NotAttempted}; any other exception is WRONG.
     */
    public static Result evaluate(String id, String firstHint, String confirmation, Body body) {
        try {
            String problem = body.firstProblem();
            return problem == null
                    ? new Result(id, Status.PASSED, confirmation)
                    : new Result(id, Status.WRONG, problem);
        } catch (NotAttempted e) {
            return new Result(id, Status.NOT_ATTEMPTED, firstHint);
        } catch (Exception | StackOverflowError | AssertionError e) {
            String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Result(id, Status.WRONG, "your code threw " + what + " — " + firstHint);
        }
    }

    /** As {@link #evaluate}, and prints the result's line: what a notebook cell calls. */
    public static Result check(String id, String firstHint, String confirmation, Body body) {
        Result result = evaluate(id, firstHint, confirmation, body);
        System.out.println(result.line());
        return result;
    }

    /** The learner's answer, or {@link NotAttempted} when it is null (a stub that returns null). */
    public static <T> T answer(T value) {
        if (value == null) {
            throw notAttempted();
        }
        return value;
    }

    /** True when a and b agree to a relative (or, near zero, absolute) tolerance. */
    /** A deep copy of a table of numbers, so a check can hand the learner inputs it cannot spoil. */
    static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    static boolean close(double a, double b, double tolerance) {
        return Math.abs(a - b) <= tolerance * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    /** A number the way hints print it: 4 significant decimals. */
    static String num(double x) {
        return String.format(Locale.ROOT, "%.4g", x);
    }
}
