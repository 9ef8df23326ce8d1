package course.data;

import course.env.AtomicFile;
import course.env.CoursePaths;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Hands out local paths to registered data files, and only ever paths whose bytes match the registry's
 * sha256. A file comes from, in order: the cache ({@code COURSE_DATA_CACHE}) if its copy is intact; else
 * the mirror ({@code COURSE_DATA_MIRROR}) if one is set, which is how a workshop without internet works;
 * else the canonical URL, extracting the archive member when the source is an archive.
 *
 * <p>Files enter the cache through a temporary file in the same folder and an atomic rename, so a crash
 * or a second kernel never leaves a half-written file under the real name. Downloaded archives are kept in
 * {@code <cache>/.archives/} so that the three members of one zip are downloaded once.
 */
public final class DataStore {

    private final CoursePaths paths;
    private final DataRegistry registry;
    private final PrintStream progress;

    /** A store that prints download progress on {@code System.out}. */
    public DataStore(CoursePaths paths, DataRegistry registry) {
        this(paths, registry, System.out);
    }

    /** A store that prints download progress on {@code progress}. */
    public DataStore(CoursePaths paths, DataRegistry registry, PrintStream progress) {
        this.paths = paths;
        this.registry = registry;
        this.progress = progress;
    }

    /** The store for this process: paths from the environment, the registry from {@code <home>/data/registry.tsv}. */
    public static DataStore fromEnvironment() {
        CoursePaths paths = CoursePaths.fromEnvironment();
        return new DataStore(paths, DataRegistry.load(paths));
    }

    public DataRegistry registry() {
        return registry;
    }

    public CoursePaths paths() {
        return paths;
    }

    /** A verified local copy of {@code file} (a registry name such as {@code brown/ca01}), fetched if needed. */
    public Path path(String file) {
        DataFile row = registry.lookup(file);
        if (!row.isVerifiable()) {
            throw new DataException(row.file() + " cannot be used yet: " + registry.source() + " records no sha256 for it ('"
                    + DataRegistry.UNKNOWN + "'), so the course could not tell a good download from a damaged or changed one."
                    + " To record it: download " + describeSource(row) + ", compare it with a checksum published by its authors"
                    + " if there is one, then write its size and `sha256sum` into the bytes and sha256 columns (see data/README.md).");
        }
        Path cached = paths.cache().resolve(row.file());
        if (Files.isRegularFile(cached)) {
            if (Sha256.of(cached).equals(row.sha256().orElseThrow())) {
                return cached;
            }
            progress.println("The cached copy of " + row.file() + " does not match its sha256; replacing it.");
        }
        try {
            return paths.mirror().isPresent() ? fromMirror(row, paths.mirror().get(), cached) : fromUrl(row, cached);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot put " + row.file() + " into the data cache " + paths.cache() + ": "
                    + e.getMessage() + ". Check that the folder is writable, or point COURSE_DATA_CACHE elsewhere.", e);
        }
    }

    /** Verified local copies of every registered file under {@code prefix}, a dataset folder such as {@code brown/}. */
    public List<Path> paths(String prefix) {
        return registry.files(prefix).stream().map(f -> path(f.file())).toList();
    }

    /** Makes sure every one of {@code files} is in the cache (for example before going offline); returns their paths. */
    public List<Path> prefetch(Collection<String> files) {
        List<Path> ready = new ArrayList<>();
        for (String file : files) {
            ready.add(path(file));
        }
        return ready;
    }

    private Path fromMirror(DataFile row, Path mirror, Path cached) throws IOException {
        Path source = mirror.resolve(row.file());
        if (!Files.isRegularFile(source)) {
            throw new DataException(row.file() + " is not in the data mirror " + mirror + " (looked for " + source + ")."
                    + " COURSE_DATA_MIRROR must name a folder with the mirror layout <dataset>/<file>, like the workshop's"
                    + " shared/datasets: fix the variable, copy the file there, or unset COURSE_DATA_MIRROR to download it from "
                    + describeSource(row) + ".");
        }
        Path temp = AtomicFile.temporaryBeside(cached);
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            return install(row, temp, cached, actual -> row.file() + " in the data mirror " + mirror + " does not match the registry:"
                    + mismatch(row, actual) + "The mirror copy is damaged or a different version. Copy it again from the"
                    + " original mirror (e.g. the workshop's shared folder), or unset COURSE_DATA_MIRROR to download it from "
                    + describeSource(row) + ".");
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Path fromUrl(DataFile row, Path cached) throws IOException {
        URI url = URI.create(row.url());
        Path temp = AtomicFile.temporaryBeside(cached);
        try {
            if (row.archiveMember().isEmpty()) {
                fetch(row, url, temp);
                return install(row, temp, cached, actual -> downloadMismatch(row, actual));
            }
            Path archive = archiveFor(url);
            if (!Files.isRegularFile(archive)) {
                Path partial = AtomicFile.temporaryBeside(archive);
                try {
                    fetch(row, url, partial);
                    AtomicFile.replace(archive, partial);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
            try {
                Archives.extractMember(archive, row.archiveMember().get(), temp);
                return install(row, temp, cached, actual -> downloadMismatch(row, actual));
            } catch (DataException e) {
                Files.deleteIfExists(archive); // a wrong or damaged archive must not be reused on the next attempt
                throw e;
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void fetch(DataFile row, URI url, Path temp) {
        try {
            Download.to(url, temp, progress);
        } catch (IOException e) {
            throw new DataException("Cannot get " + row.file() + ": it is not in the data cache " + paths.cache()
                    + ", COURSE_DATA_MIRROR is not set, and downloading " + url + " failed (" + describe(e) + ")."
                    + " Either set COURSE_DATA_MIRROR to a folder with the mirror layout <dataset>/<file> (like the"
                    + " workshop's shared/datasets), or connect to the internet and run this again;"
                    + " `./course fetch` downloads every file a profile needs while you are online.", e);
        }
    }

    /** Checks the sha256 of {@code candidate} (a temporary file beside {@code cached}), then renames it into place. */
    private static Path install(DataFile row, Path candidate, Path cached, Function<String, String> onMismatch) throws IOException {
        String actual = Sha256.of(candidate);
        if (!actual.equals(row.sha256().orElseThrow())) {
            throw new DataException(onMismatch.apply(actual));
        }
        return AtomicFile.replace(cached, candidate);
    }

    private Path archiveFor(URI url) {
        String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        String tag = Sha256.of(url.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        return paths.cache().resolve(".archives").resolve(tag + "-" + name);
    }

    private static String mismatch(DataFile row, String actual) {
        return "\n  expected sha256 " + row.sha256().orElseThrow() + "\n  actual   sha256 " + actual + "\n";
    }

    private static String downloadMismatch(DataFile row, String actual) {
        return row.file() + " obtained from " + describeSource(row) + " does not match the registry:" + mismatch(row, actual)
                + "The download was damaged, or the source now serves different bytes. Run this again; if the error"
                + " stays, use a mirror (COURSE_DATA_MIRROR) and report the changed source.";
    }

    private static String describeSource(DataFile row) {
        return row.url() + row.archiveMember().map(m -> " (archive member " + m + ")").orElse("");
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
