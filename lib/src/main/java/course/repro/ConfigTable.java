package course.repro;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** A Tablesaw table with columns {@code setting} and {@code value}; print it with {@code table.print()}. */
    public static Table of(String title, Record config) {
        StringColumn names = StringColumn.create("setting");
        StringColumn values = StringColumn.create("value");
        values(config).forEach((name, value) -> {
            names.append(name);
            values.append(String.valueOf(value));
        });
        return Table.create(title, names, values);
    }
}
