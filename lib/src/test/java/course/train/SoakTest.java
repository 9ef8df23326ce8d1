package course.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.env.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short soak (1,000 steps) of the same code {@code ./course bench soak} runs for 20,000, in a JVM of its own: a
 * crash in libtorch then fails this test with the JVM's exit code and crash log instead of killing the test run,
 * and the child's heap is fixed and touched up front ({@code -Xms = -Xmx}, {@code AlwaysPreTouch}) so that resident
 * memory grows only when native memory does.
 */
class SoakTest {

    /**
     * Resident memory may rise this much from the first quarter's peak to the last quarter's. Measured here over the
     * 1,000 steps: +22 MB with glibc malloc, +37 MB with jemalloc (JIT code, libtorch's caches warming up). A real
     * native leak (say, a step's arrays never freed: ≥ 1 MB a step) adds ≥ 750 MB between the quarters, so the bound
     * is asserted under both allocators.
     */
    static final long GROWTH_BOUND_MB = 150;

    private static final Pattern LAST_LINE =
            Pattern.compile("soak steps=(\\d+) crashes=(\\d+) nan=(\\d+) rss_first_mb=(\\d+) rss_last_mb=(\\d+)");

    @TempDir
    Path tmp;

    @Test
    void thousandStepsWithoutExceptionsNaNOrGrowingMemory() throws IOException, InterruptedException {
        ChildJvm.Result child = ChildJvm.run(tmp, "256m", 1, 10, Soak.class, "1000", "7");
        List<String> lines = child.lines();
        String output = child.output();
        assertTrue(child.finished(), "the soak did not finish within 10 minutes:\n" + output);
        assertTrue(child.crashLogs().isEmpty(), "the soak JVM crashed: " + child.crashLogs() + "\n" + output);
        assertEquals(0, child.exitCode(), "the soak JVM failed:\n" + output);

        Matcher last = LAST_LINE.matcher(lines.get(lines.size() - 1));
        assertTrue(last.matches(), "last line is not the summary:\n" + output);
        assertEquals(1000, Integer.parseInt(last.group(1)), output);
        assertEquals(0, Integer.parseInt(last.group(2)), "steps that threw:\n" + output);
        assertEquals(0, Integer.parseInt(last.group(3)), "non-finite losses:\n" + output);
        long first = Long.parseLong(last.group(4));
        long lastQuarter = Long.parseLong(last.group(5));
        assertTrue(first > 0 && lastQuarter > 0, "no resident-memory samples:\n" + output);
        assertTrue(lastQuarter - first < GROWTH_BOUND_MB, "resident memory grew " + (lastQuarter - first) + " MB from the"
                + " first quarter to the last (bound " + GROWTH_BOUND_MB + " MB):\n" + output);
        assertEquals(10, lines.stream().filter(l -> l.matches("soak +\\d+% step .*ETA.*")).count(), "progress lines:\n" + output);
        assertTrue(output.contains(" 10 validations, 10 samples"), "validation and sampling twice per run:\n" + output);
    }

    @Test
    void refusesFewerStepsThanOneRun() {
        assertThrows(IllegalArgumentException.class, () -> Soak.run(10, 1, System.out));
    }
}
