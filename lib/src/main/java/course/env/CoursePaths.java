package course.env;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the course keeps things on disk. Every location comes from an environment variable when set, so
 * that a kernel, a test run and a learner's shell all agree without any global state in the lib:
 *
 * <ul>
 *   <li>{@code COURSE_HOME}: the project checkout (found by walking up from the working directory to the
 *       folder holding {@code data/registry.tsv} when unset);
 *   <li>{@code COURSE_DATA_CACHE}: verified data files ({@code <home>/data/cache} by default);
 *   <li>{@code COURSE_DATA_MIRROR}: an offline copy of the canonical files, read instead of the network;
 *   <li>{@code COURSE_RUNS_DIR}: executed notebooks, manifests, metrics, plots ({@code <home>/runs}).
 * </ul>
 */
public record CoursePaths(Path home, Path cache, Optional<Path> mirror, Path runs) {

    public static final String HOME = "COURSE_HOME";
    public static final String CACHE = "COURSE_DATA_CACHE";
    public static final String MIRROR = "COURSE_DATA_MIRROR";
    public static final String RUNS = "COURSE_RUNS_DIR";

    /** The paths this process was started with. */
    public static CoursePaths fromEnvironment() {
        return from(System.getenv(), Path.of(System.getProperty("user.dir")));
    }

    /** The paths an environment map describes; {@code workingDir} is where the search for the home starts. */
    public static CoursePaths from(Map<String, String> env, Path workingDir) {
        Path home = nonBlank(env.get(HOME)).map(Path::of).orElseGet(() -> findHome(workingDir));
        home = home.toAbsolutePath().normalize();
        Path cache = nonBlank(env.get(CACHE)).map(Path::of).orElse(home.resolve("data").resolve("cache"));
        Optional<Path> mirror = nonBlank(env.get(MIRROR)).map(Path::of).map(p -> p.toAbsolutePath().normalize());
        Path runs = nonBlank(env.get(RUNS)).map(Path::of).orElse(home.resolve("runs"));
        return new CoursePaths(home, cache.toAbsolutePath().normalize(), mirror, runs.toAbsolutePath().normalize());
    }

    /** The dataset registry, {@code <home>/data/registry.tsv}. */
    public Path registry() {
        return home.resolve("data").resolve("registry.tsv");
    }

    /** The committed tweet split lists, {@code <home>/data/splits}. */
    public Path splits() {
        return home.resolve("data").resolve("splits");
    }

    private static Path findHome(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("data").resolve("registry.tsv"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the course folder: no data/registry.tsv in " + start.toAbsolutePath()
                + " or any folder above it. Start Jupyter with './course lab', or set " + HOME
                + " to the folder of your course checkout.");
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
