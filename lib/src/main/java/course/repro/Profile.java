package course.repro;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How big a run is. One switch, the environment variable {@code COURSE_PROFILE}, selects it for every
 * notebook; each notebook's config record has a preset per profile.
 */
public enum Profile {
    /** CI smoke test: seconds per notebook; numbers are not meaningful. */
    TINY,
    /** A 2-core laptop: minutes per notebook, real results. The default. */
    WORKSHOP,
    /** A GPU: paper-like sizes. */
    FULL;

    public static final String VARIABLE = "COURSE_PROFILE";

    /** The profile this process was started with ({@code workshop} when the variable is unset). */
    public static Profile active() {
        return fromEnvironment(System.getenv());
    }

    public static Profile fromEnvironment(Map<String, String> env) {
        String value = env.get(VARIABLE);
        return value == null || value.isBlank() ? WORKSHOP : parse(value);
    }

    /** Parses a profile name, case-insensitively; an unknown name lists the valid ones. */
    public static Profile parse(String name) {
        for (Profile p : values()) {
            if (p.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown profile '" + name + "' (from " + VARIABLE + "). Valid profiles: "
                + Arrays.stream(values()).map(Profile::id).collect(Collectors.joining(", "))
                + ". Example: COURSE_PROFILE=tiny ./course run 00");
    }

    /** The lower-case name used in folders and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Picks the value for this profile: {@code profile.pick(200, 2000, 5000)}. */
    public <T> T pick(T tiny, T workshop, T full) {
        return switch (this) {
            case TINY -> tiny;
            case WORKSHOP -> workshop;
            case FULL -> full;
        };
    }
}
