package course.data;

import course.env.CoursePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The list of every data file the course may read, parsed from {@code data/registry.tsv}.
 *
 * <p>Why a registry: a checksum per file is what makes "my loss curve differs from yours" answerable, and
 * a canonical URL per file is what lets a learner without the workshop mirror get the same bytes. The TSV
 * has the columns {@link #COLUMNS}; lines starting with {@code #} are comments, {@code unknown} marks a
 * size or checksum not recorded yet, an empty {@code archive_member} means the URL is the file itself.
 */
public final class DataRegistry {

    /** The header line's columns, in order. */
    public static final List<String> COLUMNS = List.of("file", "bytes", "sha256", "url", "licence", "archive_member");
    /** Written in the {@code bytes} and {@code sha256} columns when they are not recorded yet. */
    public static final String UNKNOWN = "unknown";

    private final String source;
    private final Map<String, DataFile> byFile;

    private DataRegistry(String source, Map<String, DataFile> byFile) {
        this.source = source;
        this.byFile = byFile;
    }

    /** A registry holding exactly {@code files}; {@code source} names it in error messages. */
    public static DataRegistry of(String source, List<DataFile> files) {
        Map<String, DataFile> byFile = new LinkedHashMap<>();
        for (DataFile f : files) {
            if (byFile.putIfAbsent(f.file(), f) != null) {
                throw new DataException(source + ": " + f.file() + " is listed twice; keep one row per file");
            }
        }
        return new DataRegistry(source, byFile);
    }

    /** The course's registry, {@code <home>/data/registry.tsv}. */
    public static DataRegistry load(CoursePaths paths) {
        return read(paths.registry());
    }

    /** Parses a registry TSV file. */
    public static DataRegistry read(Path tsv) {
        try {
            return parse(tsv.toString(), Files.readAllLines(tsv, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the data registry " + tsv + ": " + e.getMessage(), e);
        }
    }

    /** Parses registry lines; {@code source} (usually the file's path) names the registry in error messages. */
    public static DataRegistry parse(String source, List<String> lines) {
        List<DataFile> files = new ArrayList<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        boolean headerSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNumber = i + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (!headerSeen) {
                if (!List.of(cells).equals(COLUMNS)) {
                    throw new DataException(source + " line " + lineNumber + ": expected the header "
                            + String.join("<TAB>", COLUMNS) + ", found '" + line.replace("\t", "<TAB>") + "'");
                }
                headerSeen = true;
                continue;
            }
            if (cells.length != COLUMNS.size()) {
                throw new DataException(source + " line " + lineNumber + ": expected " + COLUMNS.size()
                        + " tab-separated fields (" + String.join(", ", COLUMNS) + "), found " + cells.length
                        + ". Separate fields with one TAB and leave archive_member empty (but present) for plain files.");
            }
            DataFile file;
            try {
                file = new DataFile(cells[0], parseBytes(cells[1]), parseSha(cells[2]), cells[3], cells[4],
                        cells[5].isEmpty() ? Optional.empty() : Optional.of(cells[5]));
            } catch (IllegalArgumentException e) {
                throw new DataException(source + " line " + lineNumber + ": " + e.getMessage(), e);
            }
            Integer previous = lineOf.putIfAbsent(file.file(), lineNumber);
            if (previous != null) {
                throw new DataException(source + " line " + lineNumber + ": " + file.file()
                        + " is already listed on line " + previous + "; keep one row per file");
            }
            files.add(file);
        }
        if (!headerSeen) {
            throw new DataException(source + ": no header line " + String.join("<TAB>", COLUMNS) + " found");
        }
        return of(source, files);
    }

    /** The row for {@code file}; the error for an unknown name suggests the closest registered names. */
    public DataFile lookup(String file) {
        DataFile found = byFile.get(file);
        if (found != null) {
            return found;
        }
        List<String> close = closest(file, 5);
        throw new DataException("No data file '" + file + "' in " + source + ". "
                + (close.isEmpty() ? "" : "Did you mean: " + String.join(", ", close) + "? ")
                + "Names are paths in the mirror layout, <dataset>/<file>, for example twitter-airline-sentiment/Tweets.csv.");
    }

    /** Every row whose file starts with {@code prefix} (a dataset folder such as {@code brown/}), in registry order. */
    public List<DataFile> files(String prefix) {
        List<DataFile> matching = byFile.values().stream().filter(f -> f.file().startsWith(prefix)).toList();
        if (matching.isEmpty()) {
            TreeSet<String> folders = new TreeSet<>();
            byFile.values().forEach(f -> folders.add(f.folder()));
            throw new DataException("No data file in " + source + " starts with '" + prefix + "'. Dataset folders are: "
                    + String.join(", ", folders));
        }
        return matching;
    }

    /** Every row, in registry order. */
    public List<DataFile> all() {
        return List.copyOf(byFile.values());
    }

    /** Where this registry was read from. */
    public String source() {
        return source;
    }

    private List<String> closest(String wanted, int limit) {
        String lower = wanted.toLowerCase();
        return byFile.keySet().stream()
                .map(name -> Map.entry(name, name.toLowerCase().endsWith("/" + lower) || name.equalsIgnoreCase(wanted)
                        ? 0 : editDistance(lower, name.toLowerCase())))
                .filter(e -> e.getValue() <= Math.max(3, wanted.length() / 3))
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Levenshtein distance: the fewest single-character edits turning {@code a} into {@code b}. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static OptionalLong parseBytes(String cell) {
        if (cell.equals(UNKNOWN)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(cell));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bytes '" + cell + "' is neither a whole number nor '" + UNKNOWN + "'");
        }
    }

    private static Optional<String> parseSha(String cell) {
        return cell.equals(UNKNOWN) ? Optional.empty() : Optional.of(cell);
    }
}
