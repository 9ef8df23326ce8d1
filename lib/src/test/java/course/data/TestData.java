package course.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import course.env.CoursePaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Shared fixtures: course paths pointing at the real mirror, and generated archives (benign and malicious). */
final class TestData {

    private TestData() {
    }

    /** The course home (Surefire sets COURSE_HOME to the repository root). */
    static Path home() {
        return CoursePaths.fromEnvironment().home();
    }

    /** Paths whose mirror is the shared dataset folder next to the repository, with a private cache. */
    static CoursePaths withRealMirror(Path cache) {
        Path mirror = home().resolve("../shared/datasets").normalize();
        assertTrue(Files.isDirectory(mirror), "these tests read the shared mirror, expected at " + mirror);
        return new CoursePaths(home(), cache, Optional.of(mirror), cache.resolve("runs"));
    }

    /** A store over the committed registry and the real mirror, with a private cache. */
    static DataStore realStore(Path cache) {
        CoursePaths paths = withRealMirror(cache);
        return new DataStore(paths, DataRegistry.load(paths));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A zip holding {@code files} (name to content), in map order. */
    static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A zip with one symbolic link entry {@code name -> target}. */
    static byte[] zipWithSymlink(String name, String target) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            ZipArchiveEntry link = new ZipArchiveEntry(name);
            link.setUnixMode(0120777);
            zip.putArchiveEntry(link);
            zip.write(utf8(target));
            zip.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    /** One tar entry to generate: a file with content, or a link when {@code linkType} is set. */
    record TarItem(String name, byte[] content, byte linkType, String linkTarget) {
        static TarItem file(String name, String content) {
            return new TarItem(name, utf8(content), (byte) 0, null);
        }

        static TarItem symlink(String name, String target) {
            return new TarItem(name, new byte[0], TarConstants.LF_SYMLINK, target);
        }

        static TarItem hardLink(String name, String target) {
            return new TarItem(name, new byte[0], TarConstants.LF_LINK, target);
        }
    }

    /** A tar.gz of {@code items}; names are kept verbatim (absolute ones included). */
    static byte[] tarGz(TarItem... items) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (TarItem item : items) {
                TarArchiveEntry entry = item.linkType() == 0 ? new TarArchiveEntry(item.name(), true)
                        : new TarArchiveEntry(item.name(), item.linkType(), true);
                if (item.linkType() == 0) {
                    entry.setSize(item.content().length);
                } else {
                    entry.setLinkName(item.linkTarget());
                }
                tar.putArchiveEntry(entry);
                tar.write(item.content());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
