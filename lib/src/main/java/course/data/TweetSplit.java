package course.data;

import course.env.AtomicFile;
import course.env.CoursePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * The one fixed train / validation / test split of the tweets that every notebook uses, so that the last
 * notebook can put all results side by side: 80 / 10 / 10, stratified by label.
 *
 * <p>It is generated once and committed as three sorted id lists, {@code data/splits/train.txt},
 * {@code valid.txt} and {@code test.txt}; notebooks read the lists and never re-draw the split. How the
 * lists were drawn ({@link #generate}): over the de-duplicated tweets ({@link Tweets}), for each label in
 * the order NEGATIVE, NEUTRAL, POSITIVE, the ids of that label sorted ascending are shuffled by
 * Fisher-Yates with one {@code java.util.Random(SEED)} shared across labels ({@code j = nextInt(i + 1)} for
 * {@code i} from the last index down to 1); the first {@code round(0.8 n)} go to train, the next
 * {@code round(0.1 n)} to validation, the rest to test. {@code java.util.Random}'s sequence is fixed by its
 * specification, so any JDK redraws the same lists; a test checks that it does.
 *
 * @param train sorted, distinct tweet ids
 * @param valid sorted, distinct tweet ids
 * @param test  sorted, distinct tweet ids
 */
public record TweetSplit(List<Long> train, List<Long> valid, List<Long> test) {

    /** The seed the committed lists were drawn with: the date of the newest tweets, 24 February 2015. */
    public static final long SEED = 20150224L;

    /** The three parts; {@link #fileName()} is the list's name under {@code data/splits/}. */
    public enum Split {
        TRAIN, VALID, TEST;

        public String fileName() {
            return name().toLowerCase() + ".txt";
        }
    }

    public TweetSplit {
        train = List.copyOf(train);
        valid = List.copyOf(valid);
        test = List.copyOf(test);
        Map<Long, Split> seen = new HashMap<>();
        for (Split split : Split.values()) {
            List<Long> ids = split == Split.TRAIN ? train : split == Split.VALID ? valid : test;
            for (int i = 0; i < ids.size(); i++) {
                if (i > 0 && ids.get(i) <= ids.get(i - 1)) {
                    throw new IllegalArgumentException(split + " ids must be sorted and distinct: " + ids.get(i) + " follows " + ids.get(i - 1));
                }
                Split other = seen.put(ids.get(i), split);
                if (other != null) {
                    throw new IllegalArgumentException("tweet " + ids.get(i) + " is in both " + other + " and " + split);
                }
            }
        }
    }

    /** The committed split, from {@code <home>/data/splits/}. */
    public static TweetSplit load(CoursePaths paths) {
        Path dir = paths.splits();
        try {
            return new TweetSplit(readIds(dir, Split.TRAIN), readIds(dir, Split.VALID), readIds(dir, Split.TEST));
        } catch (IllegalArgumentException e) {
            throw new DataException("The tweet split lists in " + dir + " are inconsistent: " + e.getMessage()
                    + ". Restore them with `git checkout data/splits`.", e);
        }
    }

    /** The committed split of this process's course folder. */
    public static TweetSplit load() {
        return load(CoursePaths.fromEnvironment());
    }

    /** Draws the split from de-duplicated {@code tweets} as described in the class comment. */
    public static TweetSplit generate(Table tweets, long seed) {
        LongColumn ids = tweets.longColumn("tweet_id");
        List<Tweets.Label> labels = Tweets.labels(tweets);
        Map<Tweets.Label, List<Long>> byLabel = new EnumMap<>(Tweets.Label.class);
        for (int row = 0; row < tweets.rowCount(); row++) {
            byLabel.computeIfAbsent(labels.get(row), l -> new ArrayList<>()).add(ids.getLong(row));
        }
        Random random = new Random(seed);
        List<Long> train = new ArrayList<>();
        List<Long> valid = new ArrayList<>();
        List<Long> test = new ArrayList<>();
        for (List<Long> group : byLabel.values()) { // EnumMap iterates in label order
            group.sort(null);
            for (int i = group.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Long swap = group.get(i);
                group.set(i, group.get(j));
                group.set(j, swap);
            }
            int nTrain = (int) Math.round(0.8 * group.size());
            int nValid = (int) Math.round(0.1 * group.size());
            train.addAll(group.subList(0, nTrain));
            valid.addAll(group.subList(nTrain, nTrain + nValid));
            test.addAll(group.subList(nTrain + nValid, group.size()));
        }
        train.sort(null);
        valid.sort(null);
        test.sort(null);
        return new TweetSplit(train, valid, test);
    }

    /** The ids of one part, sorted. */
    public List<Long> ids(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VALID -> valid;
            case TEST -> test;
        };
    }

    /**
     * The rows of {@code tweets} (the de-duplicated table of {@link Tweets#load}) that belong to {@code split},
     * in the table's order. Fails if the table does not hold every id of the split exactly once.
     */
    public Table rows(Table tweets, Split split) {
        List<Long> wanted = ids(split);
        Table rows = tweets.where(tweets.longColumn("tweet_id").isIn(wanted.stream().mapToLong(Long::longValue).toArray()));
        if (rows.rowCount() != wanted.size()) {
            throw new DataException("The table '" + tweets.name() + "' has " + rows.rowCount() + " rows for the "
                    + wanted.size() + " " + split + " ids; pass the de-duplicated tweets of Tweets.load(...), not the raw"
                    + " file or a filtered table.");
        }
        return rows.setName("tweets " + split.name().toLowerCase());
    }

    /** Writes the three lists, one id per line, into {@code dir}. */
    public void write(Path dir) {
        for (Split split : Split.values()) {
            String text = ids(split).stream().map(String::valueOf).collect(Collectors.joining("\n", "", "\n"));
            AtomicFile.writeString(dir.resolve(split.fileName()), text);
        }
    }

    /** Regenerates {@code data/splits/} from the verified tweets; the result must equal the committed lists. */
    public static void main(String[] args) {
        DataStore store = DataStore.fromEnvironment();
        TweetSplit split = generate(Tweets.load(store), SEED);
        split.write(store.paths().splits());
        System.out.printf("Wrote %s: train %d, valid %d, test %d tweets (seed %d)%n", store.paths().splits(),
                split.train().size(), split.valid().size(), split.test().size(), SEED);
    }

    private static List<Long> readIds(Path dir, Split split) {
        Path file = dir.resolve(split.fileName());
        if (!Files.isRegularFile(file)) {
            throw new DataException("The tweet split list " + file + " is missing. Restore it with `git checkout data/splits`,"
                    + " or regenerate all three lists with `java -cp 'lib/target/kernel-classpath/*' course.data.TweetSplit`.");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                ids.add(Long.parseLong(line));
            } catch (NumberFormatException e) {
                throw new DataException(split.fileName() + " line " + (i + 1) + ": '" + line + "' is not a tweet id (one"
                        + " integer per line). Restore the file with `git checkout data/splits`.", e);
            }
        }
        return ids;
    }
}
