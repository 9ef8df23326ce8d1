package course.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A reader for the tar format, enough for the tarballs of the data sources: a tar file is a sequence of
 * 512-byte header blocks, each followed by the entry's bytes padded to a multiple of 512, and ends with
 * zero blocks. Understood: POSIX ustar (name prefix), GNU long names ({@code L}) and the {@code path} of
 * pax extended headers ({@code x}); links and devices are reported as such so that {@link Archives} can
 * refuse them. Every header's checksum is verified, so a truncated or corrupt download fails loudly.
 *
 * <p>Why not a library: the tar reader of commons-compress needs commons-lang3 for long names, which the
 * course's classpath does not carry, and the format is small enough to read in one sitting.
 */
final class Tar {

    private static final int BLOCK = 512;

    private Tar() {
    }

    /** Calls {@code visitor} for each entry of the (already decompressed) tar stream {@code in}. */
    static void walk(InputStream in, String archiveName, Archives.Visitor visitor) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        for (int index = 0; ; index++) {
            if (in.readNBytes(header, 0, BLOCK) < BLOCK || isZero(header)) {
                return; // end-of-archive marker (or a tar without one)
            }
            checkChecksum(header, archiveName, index);
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            if (type == 'L' || type == 'x') {
                String data = new String(readPadded(in, size), StandardCharsets.UTF_8);
                longName = type == 'L' ? data.replaceAll("\0+$", "") : paxPath(data, longName);
                continue;
            }
            if (type == 'g' || type == 'K') {
                readPadded(in, size); // global pax header, GNU long link name: nothing we use
                continue;
            }
            String name = longName != null ? longName : ustarName(header);
            longName = null;
            Archives.Kind kind = switch (type) {
                case '0', '\0', '7' -> name.endsWith("/") ? Archives.Kind.FOLDER : Archives.Kind.FILE;
                case '5' -> Archives.Kind.FOLDER;
                case '2' -> Archives.Kind.SYMBOLIC_LINK;
                case '1' -> Archives.Kind.HARD_LINK;
                default -> Archives.Kind.OTHER;
            };
            BoundedInputStream content = new BoundedInputStream(in, size);
            if (!visitor.visit(new Archives.Entry(name, kind), content)) {
                return;
            }
            content.skipRest();
            in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
        }
    }

    private static String ustarName(byte[] header) {
        String name = text(header, 0, 100);
        boolean ustar = text(header, 257, 5).equals("ustar");
        String prefix = ustar ? text(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The {@code path} record of a pax header ({@code "<length> path=<value>\n"} records), else {@code current}. */
    private static String paxPath(String data, String current) {
        for (String record : data.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 6);
            }
        }
        return current;
    }

    private static void checkChecksum(byte[] header, String archiveName, int index) {
        long stored = octal(header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        }
        if (sum != stored) {
            throw new DataException(archiveName + ": header " + index + " is damaged (checksum " + sum + ", stored " + stored
                    + "); the archive is corrupt or not a tar file. Delete it and get it again.");
        }
    }

    private static byte[] readPadded(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("extended header of " + size + " bytes is implausibly large");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("archive ends inside an extended header");
        }
        in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private static long octal(byte[] header, int offset, int length) {
        if ((header[offset] & 0x80) != 0) { // GNU base-256 for sizes of 8 GiB and more
            long value = header[offset] & 0x7f;
            for (int i = 1; i < length; i++) {
                value = (value << 8) | (header[offset + i] & 0xff);
            }
            return value;
        }
        String digits = text(header, offset, length).trim();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of one entry: at most {@code remaining} bytes of the tar stream, never closing it. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long size) {
            this.in = in;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("archive ends inside an entry");
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("archive ends inside an entry");
            }
            remaining -= n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, remaining);
        }

        void skipRest() throws IOException {
            in.skipNBytes(remaining);
            remaining = 0;
        }

        @Override
        public void close() {
            // the tar stream stays open for the next entry
        }
    }
}
