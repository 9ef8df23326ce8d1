package course.data;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One row of {@code data/registry.tsv}: a file the course reads, and everything needed to get it and to
 * trust it.
 *
 * <p>{@code file} is the file's path in the mirror layout ({@code <dataset>/<name>}, for example
 * {@code brown/ca01}); the cache uses the same layout. {@code sha256} and {@code bytes} are empty when
 * nobody has recorded them yet (written {@code unknown} in the TSV): such a file is never handed out,
 * because unverified data would make results silently irreproducible. {@code archiveMember} is set when the
 * canonical {@code url} is an archive (zip or tar.gz) and the file is one member of it.
 *
 * @param file          relative path with forward slashes, no {@code .} or {@code ..} segments
 * @param bytes         the file's size, if recorded
 * @param sha256        64 lower-case hex digits, if recorded
 * @param url           canonical http(s) address: the file itself, or the archive holding it
 * @param licence       the terms it is distributed under, in a few words
 * @param archiveMember the member path inside the archive at {@code url}, when {@code url} is an archive
 */
public record DataFile(String file, OptionalLong bytes, Optional<String> sha256, String url, String licence,
                       Optional<String> archiveMember) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public DataFile {
        checkRelative(file);
        if (sha256.isPresent() && !SHA256.matcher(sha256.get()).matches()) {
            throw new IllegalArgumentException("sha256 '" + sha256.get() + "' of " + file
                    + " is not 64 lower-case hex digits (write 'unknown' if it is not recorded yet)");
        }
        if (bytes.isPresent() && bytes.getAsLong() < 0) {
            throw new IllegalArgumentException("bytes " + bytes.getAsLong() + " of " + file + " is negative");
        }
        if (sha256.isPresent() != bytes.isPresent()) {
            throw new IllegalArgumentException(file + " has " + (sha256.isPresent() ? "a sha256 but no size" : "a size but no sha256")
                    + "; record both or write 'unknown' for both");
        }
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw new IllegalArgumentException("url '" + url + "' of " + file + " is not an http(s) address");
        }
        if (licence.isBlank()) {
            throw new IllegalArgumentException(file + " has no licence; say under which terms it is distributed");
        }
        if (archiveMember.isPresent() && archiveMember.get().isBlank()) {
            archiveMember = Optional.empty();
        }
    }

    /** A row whose size and checksum are recorded and which is not inside an archive. */
    public static DataFile plain(String file, long bytes, String sha256, String url, String licence) {
        return new DataFile(file, OptionalLong.of(bytes), Optional.of(sha256), url, licence, Optional.empty());
    }

    /** A row whose size and checksum are recorded and which is member {@code member} of the archive at {@code url}. */
    public static DataFile member(String file, long bytes, String sha256, String url, String member, String licence) {
        return new DataFile(file, OptionalLong.of(bytes), Optional.of(sha256), url, licence, Optional.of(member));
    }

    /** Whether the registry records a checksum, so that the file can be verified and used. */
    public boolean isVerifiable() {
        return sha256.isPresent();
    }

    /** The last path segment, {@code Tweets.csv} for {@code twitter-airline-sentiment/Tweets.csv}. */
    public String fileName() {
        return file.substring(file.lastIndexOf('/') + 1);
    }

    /** The dataset folder with a trailing slash, {@code brown/} for {@code brown/ca01}. */
    public String folder() {
        int slash = file.indexOf('/');
        return slash < 0 ? "" : file.substring(0, slash + 1);
    }

    /**
     * Rejects paths that could point outside the cache or mirror folder once resolved, so that a wrong row
     * in the registry can never make the store read or write elsewhere.
     */
    static void checkRelative(String file) {
        if (file.isBlank() || file.startsWith("/") || file.contains("\\") || file.contains(":")) {
            throw new IllegalArgumentException("file '" + file + "' must be a relative path with forward slashes, like brown/ca01");
        }
        for (String segment : file.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("file '" + file + "' has an empty, '.' or '..' segment; write it like brown/ca01");
            }
        }
    }
}
