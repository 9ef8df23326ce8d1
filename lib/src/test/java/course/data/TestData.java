package course.data;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import course.env.CoursePaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Shared fixtures: course paths pointing at the real mirror, and generated archives (benign and malicious). */
public final class TestData {

    private TestData() {
    }

    /** The course home (Surefire sets COURSE_HOME to the repository root). */
    static Path home() {
        return CoursePaths.fromEnvironment().home();
    }

    /**
     * The paths the course itself uses (cache, then {@code COURSE_DATA_MIRROR} when set, then the canonical
     * download), so the suite passes wherever the checkout sits: beside the shared mirror, with a copy of it
     * elsewhere, or with internet and no mirror at all.
     */
    static CoursePaths asTheCourseDoes() {
        return CoursePaths.fromEnvironment();
    }

    /** The mirror folder named by {@code COURSE_DATA_MIRROR}; tests that check the mirror itself skip without one. */
    static Path mirrorOrSkip() {
        Optional<Path> mirror = asTheCourseDoes().mirror();
        assumeTrue(mirror.isPresent(), "COURSE_DATA_MIRROR is not set: the checks of the mirror's own files are skipped");
        assertTrue(Files.isDirectory(mirror.get()), CoursePaths.MIRROR + "=" + mirror.get() + " is not a folder");
        return mirror.get();
    }

    /** A store over the committed registry that finds files as the course does. */
    public static DataStore realStore() {
        CoursePaths paths = asTheCourseDoes();
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

    /** One tar entry to generate: a file with content, or a link when {@code type} is '2' or '1'. */
    record TarItem(String name, byte[] content, char type, String linkTarget) {
        static TarItem file(String name, String content) {
            return new TarItem(name, utf8(content), '0', "");
        }

        static TarItem symlink(String name, String target) {
            return new TarItem(name, new byte[0], '2', target);
        }

        static TarItem hardLink(String name, String target) {
            return new TarItem(name, new byte[0], '1', target);
        }
    }

    /**
     * A tar.gz of {@code items}, written block by block (ustar headers; names over 100 bytes get a GNU
     * {@code ././@LongLink} entry first). Names are kept verbatim, absolute and {@code ..} ones included.
     */
    static byte[] tarGz(TarItem... items) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            for (TarItem item : items) {
                byte[] name = utf8(item.name());
                if (name.length > 100) {
                    byte[] longName = Arrays.copyOf(name, name.length + 1);
                    gz.write(tarHeader("././@LongLink", 'L', longName.length, ""));
                    writePadded(gz, longName);
                }
                gz.write(tarHeader(item.name(), item.type(), item.content().length, item.linkTarget()));
                writePadded(gz, item.content());
            }
            gz.write(new byte[1024]); // two zero blocks end the archive
        }
        return bytes.toByteArray();
    }

    private static byte[] tarHeader(String name, char type, long size, String link) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, "0000644");
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", size));
        put(h, 136, 12, String.format("%011o", 1_424_800_000L));
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, String.format("%06o", sum));
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] header, int offset, int length, String value) {
        byte[] v = utf8(value);
        System.arraycopy(v, 0, header, offset, Math.min(v.length, length));
        if (v.length < length) {
            header[offset + v.length] = 0;
        }
    }

    private static void writePadded(OutputStream out, byte[] data) throws IOException {
        out.write(data);
        out.write(new byte[(512 - data.length % 512) % 512]);
    }
}
