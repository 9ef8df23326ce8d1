package course.data;

/**
 * A data file is missing, damaged, or not what the registry promises. Unchecked, so that a notebook cell
 * can call {@code store.path("brown/ca01")} without ceremony; the message always names the file and says
 * how to fix the problem, because in a workshop the message is all the learner sees.
 */
public final class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
