package course.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Safe extraction of the two archive formats the canonical data sources use: zip and tar.gz.
 *
 * <p>Why "safe": an archive entry is just a name, and names like {@code ../../.bashrc}, {@code /etc/passwd}
 * or a symbolic link followed by a file "inside" it ("zip slip") would write outside the folder we extract
 * to. Every entry is checked before anything is written: names must stay inside the target folder, and
 * only regular files and folders are accepted (no symbolic or hard links, no devices). An archive with one
 * bad entry is refused as a whole, with the entry named. The format is recognised from the first bytes,
 * not from the file name, because downloads land in temporary files. Zip files are read with
 * commons-compress (it reports symbolic links, which {@code java.util.zip} cannot); tar with {@link Tar}.
 */
public final class Archives {

    /** The archive formats the course meets. */
    public enum Format { ZIP, TAR_GZ }

    /** One entry as the archive describes it; {@code kind} is what it would create on disk. */
    public record Entry(String name, Kind kind) { }

    /** What an entry would create; only {@code FILE} and {@code FOLDER} are ever extracted. */
    public enum Kind { FILE, FOLDER, SYMBOLIC_LINK, HARD_LINK, OTHER }

    /** Receives the entries of an archive, one at a time. */
    interface Visitor {
        /** Called for each entry; {@code content} is readable for files. Returns false to stop. */
        boolean visit(Entry entry, InputStream content) throws IOException;
    }

    private Archives() {
    }

    /** The format of {@code archive}, from its magic bytes (zip: {@code PK\3\4}, gzip: {@code 1f 8b}). */
    public static Format detect(Path archive) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(archive)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read archive " + archive + ": " + e.getMessage(), e);
        }
        if (n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return Format.ZIP;
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Format.TAR_GZ;
        }
        throw new DataException(archive.getFileName() + " is neither a zip nor a tar.gz archive (it starts with "
                + HexFormat.of().formatHex(head, 0, n) + "); a download may have returned an error page instead."
                + " Delete it and try again.");
    }

    /** Every entry of {@code archive}, in archive order. */
    public static List<Entry> entries(Path archive) {
        List<Entry> entries = new ArrayList<>();
        walk(archive, (entry, content) -> entries.add(entry));
        return entries;
    }

    /**
     * Extracts every file and folder of {@code archive} below {@code targetDir}, after checking every entry
     * (see the class comment). Returns the files written, in archive order.
     */
    public static List<Path> extractAll(Path archive, Path targetDir) {
        Path root = targetDir.toAbsolutePath().normalize();
        for (Entry entry : entries(archive)) {
            checkEntry(archive, entry);
            resolveInside(archive, root, entry.name());
        }
        List<Path> written = new ArrayList<>();
        walk(archive, (entry, content) -> {
            Path target = resolveInside(archive, root, entry.name());
            if (entry.kind() == Kind.FOLDER) {
                Files.createDirectories(target);
            } else {
                Files.createDirectories(target.getParent());
                checkNoLinkOnTheWay(archive, root, entry.name(), target.getParent());
                Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
                written.add(target);
            }
            return true;
        });
        return Collections.unmodifiableList(written);
    }

    /**
     * Writes the one regular file {@code member} of {@code archive} to {@code target} (a leading {@code ./}
     * on either name is ignored, since tar files made with {@code tar czf x.tgz .} carry one).
     */
    public static void extractMember(Path archive, String member, Path target) {
        String wanted = stripDotSlash(member);
        boolean[] found = {false};
        walk(archive, (entry, content) -> {
            if (!stripDotSlash(entry.name()).equals(wanted)) {
                return true;
            }
            checkEntry(archive, entry);
            if (entry.kind() != Kind.FILE) {
                throw new DataException(archive.getFileName() + ": member '" + member + "' is a folder, not a file");
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
            found[0] = true;
            return false;
        });
        if (!found[0]) {
            List<String> names = entries(archive).stream().map(Entry::name).toList();
            List<String> close = names.stream()
                    .filter(n -> DataRegistry.editDistance(stripDotSlash(n), wanted) <= Math.max(3, wanted.length() / 3))
                    .limit(5).toList();
            throw new DataException(archive.getFileName() + " has no member '" + member + "' (" + names.size() + " entries"
                    + (close.isEmpty() ? ", for example " + String.join(", ", names.subList(0, Math.min(5, names.size())))
                    : "; similar: " + String.join(", ", close)) + "). Check the archive_member column of the registry.");
        }
    }

    private static void checkEntry(Path archive, Entry entry) {
        if (entry.kind() != Kind.FILE && entry.kind() != Kind.FOLDER) {
            throw new DataException(archive.getFileName() + ": refusing entry '" + entry.name() + "', a "
                    + entry.kind().name().toLowerCase().replace('_', ' ')
                    + "; only regular files and folders are extracted, so that no link can point outside the target folder");
        }
    }

    /** {@code root/name}, or an error if the name is absolute or climbs out of {@code root}. */
    private static Path resolveInside(Path archive, Path root, String name) {
        boolean absolute = name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*");
        boolean climbs = List.of(name.split("[/\\\\]")).contains("..");
        Path target = root.resolve(name).normalize();
        if (absolute || climbs || !target.startsWith(root)) {
            throw new DataException(archive.getFileName() + ": refusing entry '" + name + "', which would be written outside "
                    + root + (absolute ? " (absolute path)" : " (it climbs out with '..')")
                    + ". The archive is damaged or malicious; get it again from its canonical source.");
        }
        return target;
    }

    /** Refuses to write through a symbolic link that already sits inside the target folder. */
    private static void checkNoLinkOnTheWay(Path archive, Path root, String name, Path parent) throws IOException {
        if (!parent.toRealPath().startsWith(root.toRealPath())) {
            throw new DataException(archive.getFileName() + ": refusing entry '" + name + "': its folder " + parent
                    + " leads outside " + root + " through a symbolic link. Remove the link and extract again.");
        }
    }

    private static String stripDotSlash(String name) {
        String s = name;
        while (s.startsWith("./")) {
            s = s.substring(2);
        }
        return s;
    }

    private static void walk(Path archive, Visitor visitor) {
        try {
            switch (detect(archive)) {
                case ZIP -> walkZip(archive, visitor);
                case TAR_GZ -> walkTarGz(archive, visitor);
            }
        } catch (IOException e) {
            throw new DataException("Cannot read archive " + archive + ": " + e.getMessage()
                    + ". It may be truncated; delete it and get it again.", e);
        }
    }

    private static void walkZip(Path archive, Visitor visitor) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                Kind kind = e.isUnixSymlink() ? Kind.SYMBOLIC_LINK : e.isDirectory() ? Kind.FOLDER : Kind.FILE;
                try (InputStream content = zip.getInputStream(e)) {
                    if (!visitor.visit(new Entry(e.getName(), kind), content)) {
                        return;
                    }
                }
            }
        }
    }

    private static void walkTarGz(Path archive, Visitor visitor) throws IOException {
        try (InputStream tar = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 1 << 16)) {
            Tar.walk(tar, archive.getFileName().toString(), visitor);
        }
    }
}
