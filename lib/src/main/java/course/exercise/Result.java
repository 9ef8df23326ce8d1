package course.exercise;

/** The outcome of one exercise check: which exercise, how it fared, and the sentence the learner sees. */
public record Result(String id, Status status, String message) {

    public boolean passed() {
        return status == Status.PASSED;
    }

    /** The line printed under the cell: "✓ id: …", "✗ id: …" or "· id: not attempted yet — hint: …". */
    public String line() {
        return switch (status) {
            case PASSED -> "✓ " + id + ": " + message;
            case WRONG -> "✗ " + id + ": " + message;
            case NOT_ATTEMPTED -> "· " + id + ": not attempted yet — hint: " + message;
        };
    }

    @Override
    public String toString() {
        return line();
    }
}
