package course.repro;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Shows a config record as a table, so every notebook prints exactly what it runs with. A component that is itself
 * a record (the model's {@code GptConfig model} inside a notebook's config) shows as one row per setting, named
 * with dots ({@code model.layers}): the names {@code COURSE_OVERRIDES} takes.
 */
public final class ConfigTable {

    private ConfigTable() {}

    /**
     * The record's settings in declaration order, nested records flattened into dotted names ({@code model.layers})
     * where they are declared: what the table shows and the manifest records.
     */
    public static Map<String, Object> values(Record config) {
        Map<String, Object> values = new LinkedHashMap<>();
        flatten("", config, values);
        return values;
    }

    private static void flatten(String prefix, Record record, Map<String, Object> into) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object value = read(record, c);
            if (value instanceof Record nested) {
                flatten(prefix + c.getName() + ".", nested, into);
            } else {
                into.put(prefix + c.getName(), value);
            }
        }
    }

    /** The value of one component of {@code record}. */
    static Object read(Record record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + component.getName() + " of " + record, e);
        }
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
