package course.repro;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Changes a few settings of a config record without editing the notebook: {@code COURSE_OVERRIDES="steps=50,
 * learningRate=0.01"}. The record's own compact constructor still checks every value, so an out-of-range
 * override fails with the record's message, and an unknown name lists the valid ones.
 */
public final class Overrides {

    public static final String VARIABLE = "COURSE_OVERRIDES";

    private Overrides() {}

    /** Applies {@code COURSE_OVERRIDES} from the environment to {@code config}. */
    public static <R extends Record> R fromEnvironment(R config) {
        return apply(config, parse(System.getenv(VARIABLE)));
    }

    /**
     * The settings of {@code config} that {@code COURSE_OVERRIDES} sets, name to the text given, in the order
     * written: what a config table marks and a manifest records.
     */
    public static Map<String, String> named(Record config) {
        return named(config, parse(System.getenv(VARIABLE)));
    }

    static Map<String, String> named(Record config, Map<String, String> overrides) {
        Map<String, String> result = new LinkedHashMap<>();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            if (overrides.containsKey(c.getName())) {
                result.put(c.getName(), overrides.get(c.getName()));
            }
        }
        return result;
    }

    /** Parses {@code "a=1,b=2"}; blank or null gives no overrides. */
    public static Map<String, String> parse(String text) {
        Map<String, String> result = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return result;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Malformed override '" + pair.trim() + "' in " + VARIABLE
                        + ": write name=value pairs separated by commas, e.g. steps=50,seed=7");
            }
            result.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return result;
    }

    /** A copy of {@code config} with the named components replaced. */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R apply(R config, Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return config;
        }
        RecordComponent[] components = config.getClass().getRecordComponents();
        Map<String, Object> values = ConfigTable.values(config);
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            RecordComponent c = Arrays.stream(components).filter(rc -> rc.getName().equals(o.getKey())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown config key '" + o.getKey() + "' for "
                            + config.getClass().getSimpleName() + ". Valid keys: "
                            + Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.joining(", "))));
            values.put(c.getName(), convert(c, o.getValue()));
        }
        try {
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<?> constructor = config.getClass().getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return (R) constructor.newInstance(values.values().toArray());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalArgumentException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot rebuild " + config.getClass().getSimpleName(), e);
        }
    }

    private static Object convert(RecordComponent c, String text) {
        Class<?> type = c.getType();
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
                throw new IllegalArgumentException("Override " + c.getName() + "=" + text + " is not one of "
                        + Arrays.toString(type.getEnumConstants()));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Override " + c.getName() + "=" + text + " is not a valid "
                    + type.getSimpleName());
        }
        throw new IllegalArgumentException("Setting " + c.getName() + " (" + type.getSimpleName()
                + ") cannot be overridden from text");
    }
}
