package course.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OverridesTest {

    enum Mode { FAST, SLOW }

    record Config(int steps, double learningRate, String name, boolean plot, Mode mode) {
        Config {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
        }
    }

    private final Config base = new Config(100, 0.1, "toy", true, Mode.FAST);

    @Test
    void replacesNamedValuesAndKeepsTheRest() {
        Config c = Overrides.apply(base, Overrides.parse("steps=7, learningRate=0.5,mode=slow"));
        assertEquals(new Config(7, 0.5, "toy", true, Mode.SLOW), c);
    }

    @Test
    void noOverridesReturnsTheSameRecord() {
        assertSame(base, Overrides.apply(base, Overrides.parse("  ")));
        assertSame(base, Overrides.apply(base, Overrides.parse(null)));
    }

    @Test
    void unknownKeyListsValidKeys() {
        var e = assertThrows(IllegalArgumentException.class, () -> Overrides.apply(base, Map.of("stepz", "3")));
        assertTrue(e.getMessage().contains("Unknown config key 'stepz'"), e.getMessage());
        assertTrue(e.getMessage().contains("steps, learningRate, name, plot, mode"), e.getMessage());
    }

    @Test
    void outOfRangeValueFailsWithTheRecordsOwnMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> Overrides.apply(base, Map.of("steps", "0")));
        assertEquals("steps must be >= 1, got 0", e.getMessage());
    }

    @Test
    void badNumberAndMalformedPairAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Overrides.apply(base, Map.of("steps", "ten")));
        assertTrue(e.getMessage().contains("steps=ten is not a valid int"), e.getMessage());
        var m = assertThrows(IllegalArgumentException.class, () -> Overrides.parse("steps"));
        assertTrue(m.getMessage().contains("Malformed override 'steps'"), m.getMessage());
        var b = assertThrows(IllegalArgumentException.class, () -> Overrides.apply(base, Map.of("plot", "yes")));
        assertTrue(b.getMessage().contains("plot=yes"), b.getMessage());
    }

    @Test
    void configTableListsComponentsInOrder() {
        var table = ConfigTable.of("toy", base);
        assertEquals(5, table.rowCount());
        assertEquals("steps", table.stringColumn("setting").get(0));
        assertEquals("0.1", table.stringColumn("value").get(1));
    }

    @Test
    void theConfigTableMarksEveryOverriddenValueAndOnlyThose() {
        Map<String, String> given = Overrides.parse("mode=slow,steps=7,unrelated=3");
        Config c = Overrides.apply(base, Map.of("steps", "7", "mode", "slow"));
        assertEquals(Map.of("steps", "7", "mode", "slow"), Overrides.named(c, given));
        assertEquals(java.util.List.of("steps", "mode"), java.util.List.copyOf(Overrides.named(c, given).keySet()),
                "in the record's order");
        var table = ConfigTable.of("toy · profile tiny", c, Overrides.named(c, given).keySet());
        assertEquals("toy · profile tiny — 2 values overridden: steps, mode", table.name());
        assertEquals(java.util.List.of("COURSE_OVERRIDES ◀", "preset", "preset", "preset", "COURSE_OVERRIDES ◀"),
                table.stringColumn("source").asList());
        assertEquals("7", table.stringColumn("value").get(0));
        var plain = ConfigTable.of("toy", base, java.util.Set.of());
        assertEquals("toy", plain.name());
        assertTrue(plain.stringColumn("source").asList().stream().allMatch("preset"::equals));
    }
}
