package course.tweets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import course.batch.ClassificationBatch;
import course.data.DataException;
import course.data.Tweets;
import course.env.AtomicFile;
import course.eval.Classification;
import course.repro.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A classifier's predictions on tweets, one row per tweet, in the one format every chapter writes and notebook 07
 * reads: {@code runs/<profile>/<notebook>/tweets_predictions.csv} ({@link #FILE_NAME}), UTF-8, with the header
 *
 * <pre>
 *   tweet_id,true_label,predicted_label,p_negative,p_neutral,p_positive
 *   570301031407624196,negative,negative,0.81234,0.10587,0.08179
 * </pre>
 *
 * Labels by name ({@link Tweets.Label#csvName()}), probabilities the softmax of the classifier's logits as Java
 * writes a {@code float} (read back exactly). The predicted label is the logits' arg-max.
 *
 * @param rows the predictions, in the order of the tweets evaluated
 */
public record TweetPredictions(List<Prediction> rows) {

    /** The file's name inside a run folder. */
    public static final String FILE_NAME = "tweets_predictions.csv";
    /** The file's header line. */
    public static final String HEADER = "tweet_id,true_label,predicted_label,p_negative,p_neutral,p_positive";

    /**
     * One tweet's prediction.
     *
     * @param tweetId       the tweet's id
     * @param truth         the gold label
     * @param predicted     the classifier's label
     * @param probabilities p(negative), p(neutral), p(positive)
     */
    public record Prediction(long tweetId, Tweets.Label truth, Tweets.Label predicted, float[] probabilities) {
        public Prediction {
            if (probabilities.length != Tweets.Label.values().length) {
                throw new IllegalArgumentException("tweet " + tweetId + ": " + probabilities.length + " probabilities, expected 3");
            }
            probabilities = probabilities.clone();
        }

        @Override
        public float[] probabilities() {
            return probabilities.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Prediction p && p.tweetId == tweetId && p.truth == truth && p.predicted == predicted
                    && java.util.Arrays.equals(p.probabilities, probabilities);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(tweetId, truth, predicted, java.util.Arrays.hashCode(probabilities));
        }

        @Override
        public String toString() {
            return "Prediction[" + tweetId + ", " + truth + " → " + predicted + ", " + java.util.Arrays.toString(probabilities) + "]";
        }

        /** The probability given to {@code label}. */
        public float probability(Tweets.Label label) {
            return probabilities[label.ordinal()];
        }
    }

    public TweetPredictions {
        rows = List.copyOf(rows);
    }

    /**
     * Runs {@code classifier} over {@code tweets} in order, {@code batchSize} at a time, each batch in its own
     * sub-manager of {@code manager} (freed before the next): predicted label = arg-max of the logits, probabilities =
     * their softmax.
     */
    public static TweetPredictions predict(NDManager manager, EncodedTweets tweets, int batchSize, TweetClassifier classifier) {
        List<Prediction> rows = new ArrayList<>(tweets.size());
        Tweets.Label[] labels = Tweets.Label.values();
        for (int from = 0; from < tweets.size(); from += batchSize) {
            int size = Math.min(batchSize, tweets.size() - from);
            try (NDManager m = manager.newSubManager()) {
                ClassificationBatch batch = tweets.batch(m, from, size);
                NDArray logits = classifier.logits(batch);
                if (!logits.getShape().equals(new Shape(size, labels.length))) {
                    throw new IllegalArgumentException("the classifier returned logits of shape " + logits.getShape()
                            + " for a batch of " + size + "; expected (" + size + ", " + labels.length + ")");
                }
                int[] guess = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
                float[] p = logits.toType(DataType.FLOAT32, false).softmax(1).toFloatArray();
                for (int i = 0; i < size; i++) {
                    EncodedTweet t = tweets.get(from + i);
                    float[] row = new float[labels.length];
                    System.arraycopy(p, i * labels.length, row, 0, labels.length);
                    rows.add(new Prediction(t.tweetId(), t.label(), labels[guess[i]], row));
                }
            }
        }
        return new TweetPredictions(rows);
    }

    /** Accuracy, per-class precision / recall / F1, macro-F1 and the confusion matrix of these predictions. */
    public Classification classification() {
        int[] truth = new int[rows.size()];
        int[] predicted = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            truth[i] = rows.get(i).truth().ordinal();
            predicted[i] = rows.get(i).predicted().ordinal();
        }
        return Classification.of(TweetTask.LABELS, truth, predicted);
    }

    /** Records {@code tweets_accuracy} and {@code tweets_macro_f1}, the names every chapter reports, and returns the scores. */
    public Classification recordMetrics(RunRecord run) {
        Classification result = classification();
        run.metric("tweets_accuracy", result.accuracy());
        run.metric("tweets_macro_f1", result.macroF1());
        return result;
    }

    /** Writes {@link #FILE_NAME} into the run's folder (atomically) and returns its path. */
    public Path write(RunRecord run) {
        return write(run.dir().resolve(FILE_NAME));
    }

    /** Writes the CSV to {@code file} atomically: a reader sees the old file or the whole new one. */
    public Path write(Path file) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Prediction p : rows) {
            text.append(p.tweetId()).append(',').append(p.truth().csvName()).append(',').append(p.predicted().csvName());
            for (float v : p.probabilities) {
                text.append(',').append(v);
            }
            text.append('\n');
        }
        return AtomicFile.writeString(file, text.toString());
    }

    /** Reads a file written by {@link #write}; a malformed file fails with its name, the line and what is wrong. */
    public static TweetPredictions read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the tweet predictions " + file + ": " + e.getMessage()
                    + ". Run the notebook that writes them first.", e);
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new DataException(file + " line 1: expected the header " + HEADER + ", found "
                    + (lines.isEmpty() ? "an empty file" : "'" + lines.get(0) + "'") + ". This is not a tweet predictions file"
                    + " (TweetPredictions.write); re-run the notebook that wrote it.");
        }
        List<Prediction> rows = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            rows.add(parse(file, i + 1, line));
        }
        return new TweetPredictions(rows);
    }

    private static Prediction parse(Path file, int lineNumber, String line) {
        String[] f = line.split(",", -1);
        String where = file + " line " + lineNumber + ": ";
        if (f.length != 6) {
            throw new DataException(where + "expected 6 comma-separated fields (" + HEADER + "), found " + f.length
                    + " in '" + line + "'. Re-run the notebook that wrote the file.");
        }
        long id;
        try {
            id = Long.parseLong(f[0].strip());
        } catch (NumberFormatException e) {
            throw new DataException(where + "tweet_id '" + f[0] + "' is not an integer. Re-run the notebook that wrote the file.", e);
        }
        Tweets.Label truth = label(where, "true_label", f[1]);
        Tweets.Label predicted = label(where, "predicted_label", f[2]);
        float[] p = new float[3];
        for (int k = 0; k < 3; k++) {
            try {
                p[k] = Float.parseFloat(f[3 + k].strip());
            } catch (NumberFormatException e) {
                throw new DataException(where + "probability '" + f[3 + k] + "' is not a number. Re-run the notebook that wrote the file.", e);
            }
            if (!(p[k] >= 0 && p[k] <= 1)) {
                throw new DataException(where + "probability " + f[3 + k] + " is outside [0, 1]. Re-run the notebook that wrote the file.");
            }
        }
        return new Prediction(id, truth, predicted, p);
    }

    private static Tweets.Label label(String where, String column, String value) {
        try {
            return Tweets.Label.fromCsv(value.strip());
        } catch (IllegalArgumentException e) {
            throw new DataException(where + column + ": " + e.getMessage() + ". Re-run the notebook that wrote the file.", e);
        }
    }
}
