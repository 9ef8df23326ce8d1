package course.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions shared by the exercise check tests. */
final class Outcomes {

    private Outcomes() {}

    static void passes(Result r) {
        assertEquals(Status.PASSED, r.status(), r.line());
        assertTrue(r.line().startsWith("✓ "), r.line());
    }

    static void wrongWith(Result r, String hint) {
        assertEquals(Status.WRONG, r.status(), r.line());
        assertTrue(r.message().contains(hint), "expected a hint containing «" + hint + "», got: " + r.line());
        assertTrue(r.line().startsWith("✗ "), r.line());
    }

    static void notAttempted(Result r) {
        assertEquals(Status.NOT_ATTEMPTED, r.status(), r.line());
        assertTrue(r.line().contains("not attempted yet — hint: "), r.line());
    }
}
