package course.repro;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * What {@code notebooks/references.json} says about a notebook: the measured time per profile (so markdown never
 * carries a number that the last change made wrong) beside the metrics' references and targets, which the run
 * report reads.
 */
public final class References {

    private final JsonObject root;
    private final Path file;

    private References(Path file, JsonObject root) {
        this.file = file;
        this.root = root;
    }

    /** The course's references file, {@code <home>/notebooks/references.json}. */
    public static References load(Path home) {
        Path file = home.resolve("notebooks").resolve("references.json");
        try {
            return new References(file, JsonParser.parseString(Files.readString(file)).getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": the course checkout is incomplete (git checkout notebooks/references.json)", e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + " is not valid JSON (" + e.getMessage() + "); restore it with git checkout", e);
        }
    }

    /** The seconds a run of {@code notebook} took in {@code profile} on the reference machine, if measured. */
    public OptionalDouble expectedSeconds(String notebook, Profile profile) {
        JsonElement entry = root.get(notebook);
        if (entry == null || !entry.isJsonObject() || !entry.getAsJsonObject().has("expected_seconds")) {
            return OptionalDouble.empty();
        }
        JsonElement seconds = entry.getAsJsonObject().getAsJsonObject("expected_seconds").get(profile.id());
        return seconds == null || seconds.isJsonNull() ? OptionalDouble.empty() : OptionalDouble.of(seconds.getAsDouble());
    }

    /** "about 4 min", "about 40 s": a time as a learner plans with it. */
    static String roughly(double seconds) {
        if (seconds < 90) {
            return "about " + Math.max(5, Math.round(seconds / 5) * 5) + " s";
        }
        return "about " + Math.round(seconds / 60) + " min";
    }

    /** One line for a notebook's first cell: how long this profile takes, and where that number comes from. */
    public String expectedTime(String notebook, Profile profile) {
        OptionalDouble seconds = expectedSeconds(notebook, profile);
        if (seconds.isEmpty()) {
            return "Expected time in profile " + profile.id() + ": not measured yet (" + file.getFileName() + " has no entry).";
        }
        return "Expected time in profile " + profile.id() + ": " + roughly(seconds.getAsDouble())
                + " on a 2-core laptop (measured; " + file.getFileName() + ").";
    }
}
