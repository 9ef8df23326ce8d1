package course.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.data.TweetSplit.Split;
import course.env.CoursePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class TweetSplitTest {

    static Table tweets;
    static TweetSplit committed;

    @BeforeAll
    static void load() {
        DataStore store = TestData.realStore();
        tweets = Tweets.load(store);
        committed = TweetSplit.load(store.paths());
    }

    @Test
    void partsAreDisjointAndCoverEveryDeduplicatedTweet() {
        Set<Long> union = new HashSet<>();
        int total = 0;
        for (Split split : Split.values()) {
            union.addAll(committed.ids(split));
            total += committed.ids(split).size();
        }
        assertEquals(total, union.size(), "no id is in two parts");
        assertEquals(tweets.longColumn("tweet_id").asSet(), union);
        assertEquals(List.of(11_574, 1_447, 1_446), List.of(committed.train().size(), committed.valid().size(), committed.test().size()));
    }

    @Test
    void everyLabelIsSplitEightyTenTen() {
        Map<Long, Tweets.Label> labelOf = new HashMap<>();
        List<Tweets.Label> labels = Tweets.labels(tweets);
        for (int row = 0; row < tweets.rowCount(); row++) {
            labelOf.put(tweets.longColumn("tweet_id").getLong(row), labels.get(row));
        }
        Map<Split, Double> target = Map.of(Split.TRAIN, 0.8, Split.VALID, 0.1, Split.TEST, 0.1);
        for (Tweets.Label label : Tweets.Label.values()) {
            Map<Split, Integer> counts = new EnumMap<>(Split.class);
            for (Split split : Split.values()) {
                counts.put(split, (int) committed.ids(split).stream().filter(id -> labelOf.get(id) == label).count());
            }
            int n = counts.values().stream().mapToInt(Integer::intValue).sum();
            for (Split split : Split.values()) {
                double share = counts.get(split) / (double) n;
                assertEquals(target.get(split), share, 0.01, label + " in " + split + ": " + counts);
            }
        }
    }

    @Test
    void regeneratingWithTheSeedReproducesTheCommittedLists() {
        assertEquals(committed, TweetSplit.generate(tweets, TweetSplit.SEED));
    }

    @Test
    void rowsOfASplitComeFromTheDeduplicatedTable() {
        Table valid = committed.rows(tweets, Split.VALID);
        assertEquals(1_447, valid.rowCount());
        assertEquals(new HashSet<>(committed.valid()), valid.longColumn("tweet_id").asSet());
        DataException e = assertThrows(DataException.class, () -> committed.rows(Tweets.raw(TestData.realStore()), Split.TRAIN));
        assertTrue(e.getMessage().contains("for the 11574 TRAIN ids; pass the de-duplicated tweets"), e.getMessage());
    }

    private static CoursePaths homeWithSplits(Path home, String train, String valid, String test) throws Exception {
        Path splits = Files.createDirectories(home.resolve("data/splits"));
        Files.writeString(splits.resolve("train.txt"), train);
        Files.writeString(splits.resolve("valid.txt"), valid);
        if (test != null) {
            Files.writeString(splits.resolve("test.txt"), test);
        }
        return new CoursePaths(home, home.resolve("cache"), Optional.empty(), home.resolve("runs"));
    }

    @Test
    void missingListNamesThePathAndHowToRestoreIt(@TempDir Path home) throws Exception {
        CoursePaths paths = homeWithSplits(home, "1\n", "2\n", null);
        DataException e = assertThrows(DataException.class, () -> TweetSplit.load(paths));
        assertTrue(e.getMessage().startsWith("The tweet split list " + home.resolve("data/splits/test.txt") + " is missing."), e.getMessage());
        assertTrue(e.getMessage().contains("git checkout data/splits"), e.getMessage());
    }

    @Test
    void badLineNamesFileAndLine(@TempDir Path home) throws Exception {
        CoursePaths paths = homeWithSplits(home, "1\n", "2\nabc\n", "3\n");
        DataException e = assertThrows(DataException.class, () -> TweetSplit.load(paths));
        assertTrue(e.getMessage().startsWith("valid.txt line 2: 'abc' is not a tweet id"), e.getMessage());
    }

    @Test
    void idInTwoPartsIsRefused(@TempDir Path home) throws Exception {
        CoursePaths paths = homeWithSplits(home, "1\n5\n", "5\n", "3\n");
        DataException e = assertThrows(DataException.class, () -> TweetSplit.load(paths));
        assertTrue(e.getMessage().contains("tweet 5 is in both TRAIN and VALID"), e.getMessage());
    }
}
