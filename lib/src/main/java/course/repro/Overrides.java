package course.repro;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Changes a few settings of a config record without editing the notebook: {@code COURSE_OVERRIDES="steps=50,
 * learningRate=0.01"}. A config may hold other records (a notebook's config holding its model's {@code GptConfig
 * model}); a dotted name reaches into them: {@code model.layers=2}. Every record on the way is rebuilt through its
 * canonical constructor, so its compact constructor still checks every value: an out-of-range override fails with
 * that record's own message, and an unknown name lists the valid (dotted) ones.
 */
public final class Overrides {

    public static final String VARIABLE = "COURSE_OVERRIDES";

    /** A Java identifier, or several joined by dots. */
    private static final Pattern NAME = Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
            + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    private static final String HOW = "write name=value pairs separated by commas, with dots to reach into a nested"
            + " config, e.g. steps=50,model.layers=2";

    private Overrides() {}

    /** Applies {@code COURSE_OVERRIDES} from the environment to {@code config}. */
    public static <R extends Record> R fromEnvironment(R config) {
        return apply(config, parse(System.getenv(VARIABLE)));
    }

    /**
     * The settings of {@code config} that {@code COURSE_OVERRIDES} sets, dotted name to the text given, in the
     * record's order (nested components where their record sits): what a config table marks and a manifest records.
     */
    public static Map<String, String> named(Record config) {
        return named(config, parse(System.getenv(VARIABLE)));
    }

    static Map<String, String> named(Record config, Map<String, String> overrides) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : ConfigTable.values(config).keySet()) {
            if (overrides.containsKey(name)) {
                result.put(name, overrides.get(name));
            }
        }
        return result;
    }

    /** Parses {@code "a=1,b.c=2"}; blank or null gives no overrides. */
    public static Map<String, String> parse(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return result;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Malformed override '" + pair.trim() + "' in " + VARIABLE + ": " + HOW);
            }
            String name = pair.substring(0, eq).trim();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Malformed setting name '" + name + "' in " + VARIABLE
                        + ": a name is a config component, or components joined by single dots (no spaces); " + HOW);
            }
            if (result.put(name, pair.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("Setting " + name + " is given twice in " + VARIABLE + ": keep one");
            }
        }
        return result;
    }

    /**
     * A copy of {@code config} with the named components replaced; a dotted name replaces a component of a nested
     * record, which is rebuilt (and checked) first.
     */
    public static <R extends Record> R apply(R config, Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return config;
        }
        for (String name : overrides.keySet()) {
            if (!ConfigTable.values(config).containsKey(name)) {
                String group = name + ".";
                if (ConfigTable.values(config).keySet().stream().anyMatch(k -> k.startsWith(group))) {
                    throw new IllegalArgumentException("'" + name + "' is a nested config of " + config.getClass().getSimpleName()
                            + ": override its settings one by one, e.g. " + ConfigTable.values(config).keySet().stream()
                                    .filter(k -> k.startsWith(group)).findFirst().orElseThrow() + "=...");
                }
                throw new IllegalArgumentException("Unknown config key '" + name + "' for " + config.getClass().getSimpleName()
                        + ". Valid keys: " + String.join(", ", ConfigTable.values(config).keySet()));
            }
        }
        return rebuild(config, "", overrides);
    }

    /** {@code record} with the overrides whose names start with {@code prefix} applied (all names are known). */
    @SuppressWarnings("unchecked")
    private static <R extends Record> R rebuild(R record, String prefix, Map<String, String> overrides) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        boolean changed = false;
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String name = prefix + c.getName();
            Object value = ConfigTable.read(record, c);
            if (value instanceof Record nested) {
                Object rebuilt = rebuild(nested, name + ".", overrides);
                changed |= rebuilt != nested;
                value = rebuilt;
            } else if (overrides.containsKey(name)) {
                value = convert(name, c.getType(), overrides.get(name));
                changed = true;
            }
            values[i] = value;
        }
        if (!changed) {
            return record;
        }
        try {
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<?> constructor = record.getClass().getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return (R) constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalArgumentException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot rebuild " + record.getClass().getSimpleName(), e);
        }
    }

    private static Object convert(String name, Class<?> type, String text) {
        try {
            if (type == int.class || type == Integer.class) {
                return Integer.parseInt(text);
            } else if (type == long.class || type == Long.class) {
                return Long.parseLong(text);
            } else if (type == double.class || type == Double.class) {
                return Double.parseDouble(text);
            } else if (type == float.class || type == Float.class) {
                return Float.parseFloat(text);
            } else if (type == boolean.class || type == Boolean.class) {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new NumberFormatException();
                }
                return Boolean.parseBoolean(text);
            } else if (type == String.class) {
                return text;
            } else if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equalsIgnoreCase(text)) {
                        return constant;
                    }
                }
                throw new IllegalArgumentException("Override " + name + "=" + text + " is not one of "
                        + Arrays.toString(type.getEnumConstants()));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Override " + name + "=" + text + " is not a valid " + type.getSimpleName());
        }
        throw new IllegalArgumentException("Setting " + name + " (" + type.getSimpleName() + ") cannot be overridden from text");
    }
}
