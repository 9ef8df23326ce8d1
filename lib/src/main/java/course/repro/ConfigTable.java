package course.repro;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Shows a config record as a two-column table, so every notebook prints exactly what it runs with. */
public final class ConfigTable {

    private ConfigTable() {}

    /** The record's components in declaration order, as strings. */
    public static Map<String, Object> values(Record config) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            try {
                values.put(c.getName(), c.getAccessor().invoke(config));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot read " + c.getName() + " of " + config, e);
            }
        }
        return values;
    }

    /**
     * A Tablesaw table with columns {@code setting}, {@code value} and {@code source}: "preset" for the profile's
     * value, "COURSE_OVERRIDES" for one set from outside the notebook (the title says how many); print it with
     * {@code table.print()}.
     */
    public static Table of(String title, Record config) {
        return of(title, config, Overrides.named(config).keySet());
    }

    static Table of(String title, Record config, Set<String> overridden) {
        StringColumn names = StringColumn.create("setting");
        StringColumn values = StringColumn.create("value");
        StringColumn sources = StringColumn.create("source");
        values(config).forEach((name, value) -> {
            names.append(name);
            values.append(String.valueOf(value));
            sources.append(overridden.contains(name) ? "COURSE_OVERRIDES ◀" : "preset");
        });
        String note = overridden.isEmpty() ? "" : " — " + overridden.size() + " value" + (overridden.size() == 1 ? "" : "s")
                + " overridden: " + String.join(", ", overridden);
        return Table.create(title + note, names, values, sources);
    }
}
