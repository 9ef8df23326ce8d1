package course.train;

/** The argument checks the schedules share; each message names the schedule, the argument and the value found. */
final class ScheduleArguments {

    private ScheduleArguments() {}

    /** A learning rate: finite and {@code >= 0}. */
    static void requireRate(String schedule, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(schedule + ": " + name + " must be a finite learning rate >= 0, got " + value);
        }
    }

    /** A count of steps or a size: {@code >= 1}. */
    static void requirePositive(String schedule, String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(schedule + ": " + name + " must be >= 1, got " + value);
        }
    }
}
