package course.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 checksums as the lower-case hex strings that {@code sha256sum} prints and the registry stores.
 * Every file the course reads is checked against one, so that two learners who both "have Tweets.csv"
 * are known to have the same bytes.
 */
public final class Sha256 {

    private Sha256() {
    }

    /** The checksum of a file's bytes. */
    public static String of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = newDigest();
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return hex(digest);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " to compute its sha256: " + e.getMessage(), e);
        }
    }

    /** The checksum of some bytes. */
    public static String of(byte[] bytes) {
        MessageDigest digest = newDigest();
        digest.update(bytes);
        return hex(digest);
    }

    /** A fresh SHA-256 digest, for hashing while copying. */
    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JDK has no SHA-256, which every Java platform must provide", e);
        }
    }

    /** The finished digest as lower-case hex. */
    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
