package course.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A short soak (1,000 steps) of the same code {@code ./course bench soak} runs for 20,000. */
class SoakTest {

    /**
     * Resident memory may rise this much from the first quarter's peak to the last quarter's. Measured here over
     * 1,000 steps: +130 MB with glibc malloc (which keeps freed memory) and less with jemalloc; the JVM's own heap
     * growth is part of it. A real leak (say, a step's arrays never freed: ≥ 1 MB a step) adds ≥ 750 MB between
     * the quarters, so this bound holds under both allocators and still catches one.
     */
    static final long RSS_GROWTH_BOUND = 300_000_000L;

    @Test
    void thousandStepsWithoutExceptionsNaNOrGrowingMemory() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Soak.Report report = Soak.run(1_000, 7, new PrintStream(log, true, StandardCharsets.UTF_8));
        String progress = log.toString(StandardCharsets.UTF_8);
        assertEquals(1_000, report.steps(), progress);
        assertEquals(0, report.crashes(), progress);
        assertEquals(0, report.nan(), progress);
        assertTrue(report.validations() >= 5, "validation (with sampling) ran " + report.validations() + " times");
        assertEquals(10, progress.lines().filter(l -> l.startsWith("soak ")).count(), progress);
        assertTrue(report.rssFirstPeak() > 0 && report.rssLastPeak() > 0, "no resident-memory samples: " + report);
        long growth = report.rssLastPeak() - report.rssFirstPeak();
        assertTrue(growth < RSS_GROWTH_BOUND, String.format("resident memory grew %d MB from the first quarter to the last"
                + " (jemalloc %s): %s", growth / 1_000_000, Soak.jemallocActive() ? "loaded" : "not loaded", report.line()));
        assertTrue(report.line().matches("soak steps=1000 crashes=0 nan=0 rss_first_mb=\\d+ rss_last_mb=\\d+"), report.line());
    }

    @Test
    void refusesFewerStepsThanOneRun() {
        assertThrows(IllegalArgumentException.class, () -> Soak.run(10, 1, System.out));
    }
}
