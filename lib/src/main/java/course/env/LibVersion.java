package course.env;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Which build of the course library is running, as a fingerprint of its compiled classes: the SHA-256 of every
 * {@code course/**.class} file, names and bytes in name order. A rebuild of the same sources gives the same
 * fingerprint (jar timestamps do not count); any edit to lib code (a model, a loss, the optimiser) changes it.
 * A checkpoint records it, so weights saved by other code are not silently restored.
 */
public final class LibVersion {

    private static final String FINGERPRINT = compute();

    private LibVersion() {}

    /** The first 16 hex digits of the classes' SHA-256. */
    public static String fingerprint() {
        return FINGERPRINT;
    }

    private static String compute() {
        try {
            Path where = Path.of(LibVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Map<String, byte[]> classes = Files.isDirectory(where) ? fromFolder(where) : fromJar(where);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            classes.forEach((name, bytes) -> {
                sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(bytes);
            });
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the course library's classes to fingerprint them", e);
        } catch (URISyntaxException | NoSuchAlgorithmException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Map<String, byte[]> fromFolder(Path root) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        Path course = root.resolve("course");
        try (Stream<Path> files = Files.walk(course)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                classes.put(root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        return classes;
    }

    private static Map<String, byte[]> fromJar(Path jar) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry e : java.util.Collections.list(file.entries())) {
                if (e.getName().startsWith("course/") && e.getName().endsWith(".class")) {
                    try (InputStream in = file.getInputStream(e)) {
                        classes.put(e.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return classes;
    }
}
