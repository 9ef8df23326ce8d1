package course.env;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way the course writes a file: into a hidden temporary file beside the target, flushed to disk, then
 * renamed over the target in one step. A reader (or a run resumed after {@code kill -9}) sees the old file or
 * the new one, never half of one. The temporary file gets the permissions any new file gets (0666 less the
 * umask, usually {@code rw-r--r--}): {@code Files.createTempFile} would make it owner-only, and a manifest or a
 * cached data file is meant to be read by others. When the write fails, the temporary file is removed.
 */
public final class AtomicFile {

    /** What goes into the file. The stream is buffered, flushed and closed for the caller (closing it early is harmless). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {}

    /** Writes {@code text} as UTF-8. */
    public static Path writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return write(target, out -> out.write(bytes));
    }

    /** Writes what {@code content} puts into the stream; an exception from it leaves the old file as it was. */
    public static Path write(Path target, Content content) {
        Path file = target.toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            return replace(file, prepare(file, content));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + describe(e)
                    + ". Check that the folder is writable and the disk has room.", e);
        }
    }

    /**
     * A new temporary file beside {@code target} (so the rename stays on one file system), named
     * {@code .<target name>.<random>.part}; the caller fills it and hands it to {@link #replace}, or deletes it.
     */
    public static Path temporaryBeside(Path target) throws IOException {
        Path file = target.toAbsolutePath();
        Files.createDirectories(file.getParent());
        while (true) {
            Path temp = file.resolveSibling("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
            try {
                // A plain create (no permission attribute), so the umask decides as for any new file.
                Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW).close();
                return temp;
            } catch (FileAlreadyExistsException taken) {
                // astronomically rare: draw another name
            }
        }
    }

    /** Renames a finished temporary file over {@code target} atomically and returns the target. */
    public static Path replace(Path target, Path finishedTemp) throws IOException {
        try {
            Files.move(finishedTemp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(finishedTemp); // only still there when the move failed
        }
        return target;
    }

    private static Path prepare(Path file, Content content) throws IOException {
        Path temp = temporaryBeside(file);
        boolean done = false;
        try {
            try (FileOutputStream raw = new FileOutputStream(temp.toFile());
                 OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
                content.writeTo(new KeepOpen(out));
                out.flush();
                raw.getFD().sync(); // on disk before the rename makes it visible
            }
            done = true;
            return temp;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Lets a writer wrapped around the stream close itself without closing the file before it is synced. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }
}
