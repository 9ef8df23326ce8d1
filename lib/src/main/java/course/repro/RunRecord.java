package course.repro;

import ai.djl.engine.Engine;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import course.env.AtomicFile;
import course.env.CoursePaths;
import course.env.Devices;
import course.env.Memory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * What one notebook run leaves behind in {@code runs/<profile>/<notebook>/}: {@code manifest.json} (versions,
 * device, profile, config — nested settings under dotted names such as {@code model.layers}, as
 * {@link ConfigTable} shows them — the overrides applied, seed, wall time), {@code metrics.json} (the numbers the notebook reports) and its
 * plots as PNG. Metrics are written as soon as they are recorded, so a run that fails half-way still shows
 * what it reached.
 */
public final class RunRecord {

    private static final Gson JSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    private final String notebook;
    private final Profile profile;
    private final Record config;
    private final long seed;
    private final Path dir;
    private final Path home;
    private final long startNanos = System.nanoTime();
    private final Instant started = Instant.now();
    private final Map<String, Object> metrics = new LinkedHashMap<>();

    private RunRecord(String notebook, Profile profile, Record config, long seed, CoursePaths paths) {
        this.notebook = notebook;
        this.profile = profile;
        this.config = config;
        this.seed = seed;
        this.home = paths.home();
        this.dir = paths.runs().resolve(profile.id()).resolve(notebook);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the run folder " + dir, e);
        }
        writeManifest(null);
    }

    /** Starts the record of a notebook run in the active profile. */
    public static RunRecord start(String notebook, Record config, long seed) {
        return start(notebook, Profile.active(), config, seed, CoursePaths.fromEnvironment());
    }

    public static RunRecord start(String notebook, Profile profile, Record config, long seed, CoursePaths paths) {
        if (!notebook.matches("[0-9A-Za-z_.-]+")) {
            throw new IllegalArgumentException("Notebook name '" + notebook + "' must be a file stem such as 00_setup_and_tour");
        }
        return new RunRecord(notebook, profile, config, seed, paths);
    }

    public Path dir() {
        return dir;
    }

    /** How long this notebook takes in this profile, as measured and kept in {@code notebooks/references.json}. */
    public String expectedTime() {
        return References.load(home).expectedTime(notebook, profile);
    }

    /** Records a number (or a short string) under {@code name} and rewrites metrics.json. */
    public synchronized void metric(String name, Object value) {
        metrics.put(name, value);
        writeJson(dir.resolve("metrics.json"), metrics);
    }

    public synchronized Map<String, Object> metrics() {
        return Map.copyOf(metrics);
    }

    /** Saves a plot as {@code <name>.png} in the run folder and returns it, so a cell can end with it. */
    public BufferedImage plot(String name, BufferedImage image) {
        AtomicFile.write(dir.resolve(name + ".png"), out -> ImageIO.write(image, "png", out));
        return image;
    }

    /** Writes the final manifest with the wall time and returns a one-line summary. */
    public String finish() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        writeManifest(seconds);
        return String.format("Run recorded in %s (%.1f s, %d metrics)", home.relativize(dir), seconds, metrics.size());
    }

    private void writeManifest(Double wallSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("notebook", notebook);
        m.put("profile", profile.id());
        m.put("seed", seed);
        m.put("started", started.toString());
        m.put("wall_time_seconds", wallSeconds);
        m.put("finished", wallSeconds != null);
        m.put("git_commit", GitCommit.of(home));
        m.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("djl_version", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        m.put("engine", engine.getEngineName());
        m.put("pytorch_version", engine.getVersion());
        m.put("device", Devices.best().toString());
        m.put("gpu_count", Devices.gpuCount());
        m.put("intra_op_threads", Devices.intraOpThreads());
        m.put("inter_op_threads", Devices.interOpThreads());
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_bytes", Memory.heapMaxBytes());
        m.put("allocator", Memory.allocator().toString());
        if (wallSeconds != null) {
            m.put("peak_resident_bytes", Memory.peakResidentBytes());
        }
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("config_type", config.getClass().getSimpleName());
        Map<String, Object> values = new LinkedHashMap<>();
        ConfigTable.values(config).forEach((k, v) -> values.put(k, v instanceof Number || v instanceof Boolean ? v : String.valueOf(v)));
        m.put("config", values);
        m.put("overrides", Overrides.named(config));
        writeJson(dir.resolve("manifest.json"), m);
    }

    private static void writeJson(Path file, Object value) {
        AtomicFile.writeString(file, JSON.toJson(value) + "\n");
    }
}
