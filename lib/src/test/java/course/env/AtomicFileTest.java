package course.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void writesCreatesFoldersAndReplacesTheOldContent() throws IOException {
        Path file = dir.resolve("a/b/metrics.json");
        AtomicFile.writeString(file, "{\"loss\": 2.5}\n");
        assertEquals("{\"loss\": 2.5}\n", Files.readString(file));
        AtomicFile.write(file, out -> new DataOutputStream(out).writeInt(0x43505431));
        assertEquals(List.of((byte) 0x43, (byte) 0x50, (byte) 0x54, (byte) 0x31), bytes(file));
        assertEquals(List.of(file), files(file.getParent()), "no temporary file stays behind");
    }

    @Test
    void aNewFileIsReadableByOthersAsAnyNewFileIs() throws IOException {
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x"); // what the umask gives an ordinary new file
        Path atomic = AtomicFile.writeString(dir.resolve("manifest.json"), "{}");
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(atomic);
        assertEquals(Files.getPosixFilePermissions(plain), permissions);
        assertTrue(permissions.contains(PosixFilePermission.OTHERS_READ) || !Files.getPosixFilePermissions(plain)
                .contains(PosixFilePermission.OTHERS_READ), "Files.createTempFile's owner-only mode must not leak through");
    }

    @Test
    void aFailingWriteKeepsTheOldFileAndRemovesItsTemporaryFile() throws IOException {
        Path file = AtomicFile.writeString(dir.resolve("step-000000100.ckpt"), "old");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFile.write(file, out -> {
            out.write("half a checkp".getBytes());
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("disk full"), e.getMessage());
        assertEquals("old", Files.readString(file));
        assertEquals(List.of(file), files(dir));

        IllegalStateException thrown = new IllegalStateException("model has no parameters");
        assertEquals(thrown, assertThrows(IllegalStateException.class,
                () -> AtomicFile.write(dir.resolve("new.bin"), out -> { throw thrown; })));
        assertFalse(Files.exists(dir.resolve("new.bin")));
        assertEquals(List.of(file), files(dir));
    }

    @Test
    void aWriterThatClosesItsStreamStillGetsItsBytesSynced() throws IOException {
        Path file = AtomicFile.write(dir.resolve("vectors.txt"), out -> {
            try (var writer = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8)) {
                writer.write("2 1\na 0.5\nb 1.5\n");
            }
        });
        assertEquals("2 1\na 0.5\nb 1.5\n", Files.readString(file));
    }

    private static List<Byte> bytes(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Byte[] boxed = new Byte[b.length];
        for (int i = 0; i < b.length; i++) {
            boxed[i] = b[i];
        }
        return List.of(boxed);
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }
}
