package course.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExerciseTest {

    @Test
    void aStubIsNotAttemptedAndShowsTheFirstHint() {
        Result r = Exercise.evaluate("x", "start here", "ok", () -> { throw Exercise.notAttempted(); });
        Outcomes.notAttempted(r);
        assertEquals("· x: not attempted yet — hint: start here", r.line());
    }

    @Test
    void aNullAnswerIsNotAttempted() {
        Outcomes.notAttempted(Exercise.evaluate("x", "h", "ok", () -> Exercise.answer((double[]) null).length > 0 ? null : "no"));
    }

    @Test
    void anExceptionFromTheLearnersCodeIsShownNotThrown() {
        Result r = Exercise.evaluate("x", "start here", "ok", () -> { throw new ArrayIndexOutOfBoundsException("Index 5 out of bounds for length 5"); });
        Outcomes.wrongWith(r, "your code threw ArrayIndexOutOfBoundsException: Index 5 out of bounds for length 5 — start here");
    }

    @Test
    void checkPrintsTheLineItReturns() {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Result r;
        try {
            r = Exercise.check("x", "h", "all good", () -> null);
        } finally {
            System.setOut(old);
        }
        Outcomes.passes(r);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("✓ x: all good"));
    }
}
