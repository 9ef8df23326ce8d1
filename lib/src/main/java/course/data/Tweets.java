package course.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Twitter US Airline Sentiment (CrowdFlower, February 2015; on Kaggle), the downstream task every
 * notebook ends on: 14,640 tweets about six US airlines, each labelled negative, neutral or positive.
 *
 * <p><b>Duplicates.</b> The file has 14,640 rows but only 14,485 distinct {@code tweet_id}s: 155 ids occur
 * twice. For 137 of them both copies carry the same label and text (they differ only in annotator
 * confidence or negative reason), so we keep the first copy in file order. For the other 18 the copies
 * disagree on the label, so the gold label is ambiguous: we drop both copies. That leaves 14,467 tweets
 * (negative 9,081, neutral 3,060, positive 2,326), each id once, so no tweet can land in two splits.
 * {@link #raw} keeps every row for those who want to look at the duplicates themselves.
 *
 * <p>Columns are typed: {@code tweet_id} is LONG (ids have 18 digits; copies that went through a
 * spreadsheet show {@code 5.70306E+17} and are refused), confidences DOUBLE, {@code retweet_count} INT,
 * everything else STRING, plus {@code csv_line}, the physical line where the record starts in the file.
 */
public final class Tweets {

    /** The registry name of the file. */
    public static final String FILE = "twitter-airline-sentiment/Tweets.csv";
    /** The Kaggle header, which the file must have exactly. */
    public static final List<String> HEADER = List.of("tweet_id", "airline_sentiment", "airline_sentiment_confidence",
            "negativereason", "negativereason_confidence", "airline", "airline_sentiment_gold", "name",
            "negativereason_gold", "retweet_count", "text", "tweet_coord", "tweet_created", "tweet_location", "user_timezone");

    /** The three classes, in the order used for class indices ({@link #ordinal()}). */
    public enum Label {
        NEGATIVE, NEUTRAL, POSITIVE;

        /** The label as the CSV writes it, {@code negative}, {@code neutral} or {@code positive}. */
        public static Label fromCsv(String value) {
            for (Label label : values()) {
                if (label.csvName().equals(value)) {
                    return label;
                }
            }
            throw new IllegalArgumentException("'" + value + "' is not a tweet label; expected negative, neutral or positive");
        }

        public String csvName() {
            return name().toLowerCase();
        }
    }

    /**
     * What {@link #deduplicate} finds in a raw table.
     *
     * @param rows           rows in the file
     * @param distinctIds    distinct tweet ids
     * @param repeatedIds    ids that occur more than once
     * @param conflictingIds repeated ids whose copies disagree on label or text (dropped), sorted
     * @param kept           rows left after de-duplication
     */
    public record Duplicates(int rows, int distinctIds, int repeatedIds, Set<Long> conflictingIds, int kept) {
        public Duplicates {
            conflictingIds = Collections.unmodifiableSortedSet(new TreeSet<>(conflictingIds));
        }
    }

    private Tweets() {
    }

    /** The de-duplicated tweets (see the class comment), from the store's verified copy of {@link #FILE}. */
    public static Table load(DataStore store) {
        return deduplicate(raw(store));
    }

    /** The de-duplicated tweets, using the store of this process's environment. */
    public static Table load() {
        return load(DataStore.fromEnvironment());
    }

    /** Every row of the file, duplicates included. */
    public static Table raw(DataStore store) {
        return read(store.path(FILE));
    }

    /** Every row of a Tweets.csv file, duplicates included; errors name the file and line. */
    public static Table read(Path csv) {
        List<Csv.Row> rows = Csv.read(csv);
        String name = csv.getFileName().toString();
        if (rows.isEmpty() || !rows.get(0).fields().equals(HEADER)) {
            throw new DataException(name + " line 1: expected the Kaggle header " + String.join(",", HEADER) + ", found "
                    + (rows.isEmpty() ? "an empty file" : String.join(",", rows.get(0).fields()))
                    + ". This is not the Twitter US Airline Sentiment file, or its columns were changed.");
        }
        List<Column<?>> columns = new ArrayList<>();
        for (String column : HEADER) {
            columns.add(Type.of(column).create(column));
        }
        IntColumn lines = IntColumn.create("csv_line");
        for (Csv.Row row : rows.subList(1, rows.size())) {
            for (int i = 0; i < HEADER.size(); i++) {
                append(columns.get(i), row.get(i), name, row.line());
            }
            lines.append(row.line());
        }
        columns.add(lines);
        return Table.create("tweets", columns);
    }

    /** The tweets with the duplicate policy of the class comment applied, in file order. */
    public static Table deduplicate(Table raw) {
        Map<Long, Integer> first = new LinkedHashMap<>();
        Set<Long> conflicting = conflicts(raw, first);
        int[] keep = first.entrySet().stream()
                .filter(e -> !conflicting.contains(e.getKey()))
                .mapToInt(Map.Entry::getValue).sorted().toArray();
        return raw.rows(keep);
    }

    /** Counts of the duplicate policy's cases in {@code raw}. */
    public static Duplicates duplicates(Table raw) {
        Map<Long, Integer> first = new LinkedHashMap<>();
        Set<Long> conflicting = conflicts(raw, first);
        Map<Long, Long> copies = raw.longColumn("tweet_id").asList().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        int repeated = (int) copies.values().stream().filter(n -> n > 1).count();
        return new Duplicates(raw.rowCount(), first.size(), repeated, conflicting, first.size() - conflicting.size());
    }

    /** The label of every row, in row order. */
    public static List<Label> labels(Table tweets) {
        return tweets.stringColumn("airline_sentiment").asList().stream().map(Label::fromCsv).toList();
    }

    /** Fills {@code first} with each id's first row; returns the ids whose copies disagree on label or text. */
    private static Set<Long> conflicts(Table raw, Map<Long, Integer> first) {
        LongColumn ids = raw.longColumn("tweet_id");
        StringColumn labels = raw.stringColumn("airline_sentiment");
        StringColumn texts = raw.stringColumn("text");
        Set<Long> conflicting = new TreeSet<>();
        for (int row = 0; row < raw.rowCount(); row++) {
            Integer earlier = first.putIfAbsent(ids.getLong(row), row);
            if (earlier != null && !(labels.get(row).equals(labels.get(earlier)) && texts.get(row).equals(texts.get(earlier)))) {
                conflicting.add(ids.getLong(row));
            }
        }
        return conflicting;
    }

    /** How a column's text becomes a cell. */
    private enum Type {
        LONG, INT, DOUBLE, LABEL, STRING;

        static Type of(String column) {
            return switch (column) {
                case "tweet_id" -> LONG;
                case "retweet_count" -> INT;
                case "airline_sentiment_confidence", "negativereason_confidence" -> DOUBLE;
                case "airline_sentiment" -> LABEL;
                default -> STRING;
            };
        }

        Column<?> create(String name) {
            return switch (this) {
                case LONG -> LongColumn.create(name);
                case INT -> IntColumn.create(name);
                case DOUBLE -> DoubleColumn.create(name);
                case LABEL, STRING -> StringColumn.create(name);
            };
        }

        void append(Column<?> column, String value) {
            switch (this) {
                case LONG -> ((LongColumn) column).append(Long.parseLong(value));
                case INT -> ((IntColumn) column).append(Integer.parseInt(value));
                case DOUBLE -> {
                    if (value.isEmpty()) {
                        ((DoubleColumn) column).appendMissing();
                    } else {
                        ((DoubleColumn) column).append(Double.parseDouble(value));
                    }
                }
                case LABEL -> ((StringColumn) column).append(Label.fromCsv(value).csvName());
                case STRING -> ((StringColumn) column).append(value);
            }
        }
    }

    private static void append(Column<?> column, String value, String file, int line) {
        Type type = Type.of(column.name());
        try {
            type.append(column, value);
        } catch (IllegalArgumentException e) {
            String problem = e instanceof NumberFormatException ? "not " + (type == Type.DOUBLE ? "a number" : "an integer")
                    : e.getMessage();
            throw new DataException(file + " line " + line + ": column " + column.name() + " has '" + value + "', " + problem
                    + (type == Type.LONG ? ". Tweet ids are 18-digit integers; a copy that went through a spreadsheet"
                    + " (ids like 5.70306E+17) is damaged: use the file the registry names." : "."), e);
        }
    }
}
