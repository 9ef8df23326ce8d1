package course.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

class TweetsTest {

    private static final String HEADER = String.join(",", Tweets.HEADER) + "\n";

    static Table raw;
    static Table tweets;

    @BeforeAll
    static void readTheRealFile() {
        DataStore store = TestData.realStore();
        raw = Tweets.raw(store);
        tweets = Tweets.load(store);
    }

    private static String row(String id, String label, String confidence, String text) {
        return id + "," + label + "," + confidence + ",,,United,,someone,,0,\"" + text + "\",,2015-02-24 11:35:52 -0800,,\n";
    }

    private static Path csv(Path dir, String body) throws Exception {
        Path file = dir.resolve("Tweets.csv");
        Files.writeString(file, HEADER + body);
        return file;
    }

    @Test
    void theRealFileHasTheDocumentedDuplicates() {
        Tweets.Duplicates d = Tweets.duplicates(raw);
        assertEquals(14_640, d.rows());
        assertEquals(14_485, d.distinctIds());
        assertEquals(155, d.repeatedIds());
        assertEquals(18, d.conflictingIds().size());
        assertEquals(14_467, d.kept());
    }

    @Test
    void loadKeepsEachAgreeingIdOnceAndDropsConflictingIds() {
        assertEquals(14_467, tweets.rowCount());
        Set<Long> ids = tweets.longColumn("tweet_id").asSet();
        assertEquals(14_467, ids.size());
        Set<Long> conflicting = Tweets.duplicates(raw).conflictingIds();
        assertTrue(conflicting.stream().noneMatch(ids::contains));
        assertTrue(conflicting.contains(570307312675651585L), "its two copies say positive and negative");
        Map<Tweets.Label, Long> counts = Tweets.labels(tweets).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(Map.of(Tweets.Label.NEGATIVE, 9_081L, Tweets.Label.NEUTRAL, 3_060L, Tweets.Label.POSITIVE, 2_326L), counts);
    }

    @Test
    void columnsAreTyped() {
        assertEquals(ColumnType.LONG, tweets.column("tweet_id").type());
        assertEquals(ColumnType.DOUBLE, tweets.column("airline_sentiment_confidence").type());
        assertEquals(ColumnType.INTEGER, tweets.column("retweet_count").type());
        for (String name : List.of("airline_sentiment", "airline", "text", "tweet_created")) {
            assertEquals(ColumnType.STRING, tweets.column(name).type(), name);
        }
        assertEquals(570306133677760513L, raw.longColumn("tweet_id").getLong(0));
        assertEquals("2015-02-24 11:35:52 -0800", raw.stringColumn("tweet_created").get(0));
        assertEquals(2, raw.intColumn("csv_line").getInt(0));
        assertTrue(raw.doubleColumn("negativereason_confidence").isMissing(0));
    }

    @Test
    void duplicatePolicyOnGeneratedRows(@TempDir Path dir) throws Exception {
        Table t = Tweets.read(csv(dir, row("1", "neutral", "0.5", "same text") + row("2", "negative", "1.0", "hm")
                + row("1", "neutral", "0.9", "same text") + row("2", "positive", "1.0", "hm") + row("3", "positive", "1.0", "yay")));
        Table kept = Tweets.deduplicate(t);
        assertEquals(List.of(1L, 3L), kept.longColumn("tweet_id").asList());
        assertEquals(0.5, kept.doubleColumn("airline_sentiment_confidence").getDouble(0), "the first copy is kept");
        assertEquals(new Tweets.Duplicates(5, 3, 2, Set.of(2L), 2), Tweets.duplicates(t));
    }

    @Test
    void shortRowNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path file = csv(dir, row("1", "neutral", "1.0", "two\nlines") + "2,negative,1.0\n");
        DataException e = assertThrows(DataException.class, () -> Tweets.read(file));
        assertTrue(e.getMessage().startsWith("Tweets.csv line 4: expected 15 fields (as in the header), found 3"), e.getMessage());
    }

    @Test
    void spreadsheetMangledIdNamesFileLineAndValue(@TempDir Path dir) throws Exception {
        Path file = csv(dir, row("570306133677760513", "neutral", "1.0", "ok") + row("5.70306E+17", "neutral", "1.0", "ok"));
        DataException e = assertThrows(DataException.class, () -> Tweets.read(file));
        assertTrue(e.getMessage().startsWith("Tweets.csv line 3: column tweet_id has '5.70306E+17', not an integer."), e.getMessage());
    }

    @Test
    void unknownLabelNamesFileLineAndValue(@TempDir Path dir) throws Exception {
        Path file = csv(dir, row("1", "angry", "1.0", "grr"));
        DataException e = assertThrows(DataException.class, () -> Tweets.read(file));
        assertTrue(e.getMessage().startsWith("Tweets.csv line 2: column airline_sentiment has 'angry', 'angry' is not a tweet label"),
                e.getMessage());
    }

    @Test
    void wrongHeaderIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Tweets.csv");
        Files.writeString(file, "id,label,text\n1,neutral,hi\n");
        DataException e = assertThrows(DataException.class, () -> Tweets.read(file));
        assertTrue(e.getMessage().startsWith("Tweets.csv line 1: expected the Kaggle header tweet_id,airline_sentiment,"), e.getMessage());
        assertTrue(e.getMessage().contains("found id,label,text"), e.getMessage());
    }

    @Test
    void labelsReadTheCsvSpelling() {
        assertEquals(Tweets.Label.NEGATIVE, Tweets.Label.fromCsv("negative"));
        assertEquals(Tweets.Label.POSITIVE, Tweets.Label.fromCsv("positive"));
        assertEquals("neutral", Tweets.Label.NEUTRAL.csvName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tweets.Label.fromCsv("Negative"));
        assertTrue(e.getMessage().contains("'Negative' is not a tweet label"), e.getMessage());
    }
}
