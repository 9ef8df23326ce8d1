package course.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import course.env.CoursePaths;
import course.gpt.GptConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dotted overrides into a config that holds other records, as notebook 06's config holds its {@link GptConfig}. */
class NestedOverridesTest {

    record Schedule(int warmup, double peak) {
        Schedule {
            if (warmup < 0) {
                throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
            }
        }
    }

    record Outer(GptConfig model, int steps, Schedule schedule, long seed) {
        Outer {
            if (steps <= schedule.warmup()) {
                throw new IllegalArgumentException("steps (" + steps + ") must exceed warmup (" + schedule.warmup() + ")");
            }
        }
    }

    private final Outer base = new Outer(GptConfig.shakespeareCharOnCpu(65), 100, new Schedule(10, 1e-3), 1337);

    @TempDir
    Path tmp;

    @Test
    void aDottedNameReachesIntoTheNestedRecordAndKeepsTheRest() {
        Outer o = Overrides.apply(base, Overrides.parse("model.layers=2,steps=50,schedule.peak=0.01"));
        assertEquals(new Outer(base.model().withLayers(2), 50, new Schedule(10, 0.01), 1337), o);
        assertSame(base.model(), Overrides.apply(base, Map.of("steps", "70")).model(), "an untouched nested record is kept as it is");
    }

    @Test
    void nestedRecordsAreRebuiltThroughTheirConstructorsSoTheirChecksRun() {
        var e = assertThrows(IllegalArgumentException.class, () -> Overrides.apply(base, Map.of("model.heads", "3")));
        assertEquals("embedding must be a multiple of heads (each head gets embedding / heads dimensions), got embedding=128, heads=3",
                e.getMessage(), "the inner record's own message");
        var w = assertThrows(IllegalArgumentException.class, () -> Overrides.apply(base, Map.of("schedule.warmup", "-1")));
        assertEquals("warmup must be >= 0, got -1", w.getMessage());
        var outer = assertThrows(IllegalArgumentException.class, () -> Overrides.apply(base, Map.of("schedule.warmup", "100")));
        assertEquals("steps (100) must exceed warmup (100)", outer.getMessage(), "the outer check sees the rebuilt inner record");
    }

    @Test
    void anUnknownNameListsEveryValidDottedName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Overrides.apply(base, Map.of("model.layer", "2")));
        assertTrue(e.getMessage().startsWith("Unknown config key 'model.layer' for Outer. Valid keys: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("model.vocabSize, model.blockSize, model.layers, model.heads, model.embedding, "
                + "model.dropout, model.bias, steps, schedule.warmup, schedule.peak, seed"), e.getMessage());
        var leaf = assertThrows(IllegalArgumentException.class, () -> Overrides.apply(base, Map.of("steps.count", "2")));
        assertTrue(leaf.getMessage().contains("Unknown config key 'steps.count'"), leaf.getMessage());
        var group = assertThrows(IllegalArgumentException.class, () -> Overrides.apply(base, Map.of("model", "2")));
        assertEquals("'model' is a nested config of Outer: override its settings one by one, e.g. model.vocabSize=...", group.getMessage());
    }

    @Test
    void aBadValueIsNamedWithItsDottedName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Overrides.apply(base, Map.of("model.dropout", "lots")));
        assertEquals("Override model.dropout=lots is not a valid float", e.getMessage());
        var b = assertThrows(IllegalArgumentException.class, () -> Overrides.apply(base, Map.of("model.bias", "yes")));
        assertTrue(b.getMessage().contains("model.bias=yes"), b.getMessage());
    }

    @Test
    void aMalformedNameSaysHowToWriteIt() {
        for (String text : List.of("model..layers=2", ".layers=2", "model.=2", "model. layers=2", "2model=1")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Overrides.parse(text), text);
            assertTrue(e.getMessage().startsWith("Malformed setting name '"), e.getMessage());
            assertTrue(e.getMessage().contains("e.g. steps=50,model.layers=2"), e.getMessage());
        }
        var pair = assertThrows(IllegalArgumentException.class, () -> Overrides.parse("model.layers"));
        assertTrue(pair.getMessage().contains("Malformed override 'model.layers'"), pair.getMessage());
        assertTrue(pair.getMessage().contains("model.layers=2"), pair.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () -> Overrides.parse("model.layers=2,model.layers=3"));
        assertEquals("Setting model.layers is given twice in COURSE_OVERRIDES: keep one", twice.getMessage());
    }

    @Test
    void namedReturnsDottedNamesInTheRecordsOrder() {
        Map<String, String> given = Overrides.parse("seed=7,schedule.peak=0.01,model.layers=2,unrelated=1");
        assertEquals(List.of("model.layers", "schedule.peak", "seed"), List.copyOf(Overrides.named(base, given).keySet()));
        assertEquals("2", Overrides.named(base, given).get("model.layers"));
    }

    @Test
    void theConfigTableShowsNestedComponentsAsDottedRowsAndMarksOverriddenOnes() {
        Outer o = Overrides.apply(base, Map.of("model.layers", "1"));
        var table = ConfigTable.of("06 · profile tiny", o, Set.of("model.layers"));
        assertEquals(List.of("model.vocabSize", "model.blockSize", "model.layers", "model.heads", "model.embedding",
                "model.dropout", "model.bias", "steps", "schedule.warmup", "schedule.peak", "seed"),
                table.stringColumn("setting").asList());
        assertEquals("1", table.stringColumn("value").get(2));
        assertEquals("COURSE_OVERRIDES ◀", table.stringColumn("source").get(2));
        assertEquals(10, table.stringColumn("source").asList().stream().filter("preset"::equals).count());
        assertEquals("06 · profile tiny — 1 value overridden: model.layers", table.name());
    }

    @Test
    void theManifestRecordsNestedSettingsUnderDottedNames() throws Exception {
        RunRecord.start("06_nested", Profile.TINY, base, 1337, CoursePaths.from(Map.of("COURSE_HOME", tmp.toString()), tmp));
        JsonObject manifest = JsonParser.parseString(Files.readString(tmp.resolve("runs/tiny/06_nested/manifest.json"))).getAsJsonObject();
        JsonObject config = manifest.getAsJsonObject("config");
        assertEquals(4, config.get("model.layers").getAsInt());
        assertEquals(false, config.get("model.bias").getAsBoolean());
        assertEquals(10, config.get("schedule.warmup").getAsInt());
        assertEquals(11, config.size());
        assertEquals("Outer", manifest.get("config_type").getAsString());
    }
}
