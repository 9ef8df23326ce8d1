package course.eval;

import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How well a classifier did on labelled examples: accuracy, per-class precision, recall and F1, macro-F1 (the
 * unweighted mean of the per-class F1s) and the confusion matrix. On the airline tweets 63% are negative, so
 * accuracy alone flatters a model that leans on the majority; macro-F1 weighs the three classes equally.
 *
 * @param classes class names, by index
 * @param confusion {@code confusion[truth][predicted]} counts
 */
public record Classification(List<String> classes, int[][] confusion) {

    public Classification {
        if (confusion.length != classes.size()) {
            throw new IllegalArgumentException(classes.size() + " classes but a " + confusion.length + "-row confusion matrix");
        }
        int[][] copy = new int[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            if (confusion[i].length != classes.size()) {
                throw new IllegalArgumentException("confusion row " + i + " has " + confusion[i].length + " columns, expected " + classes.size());
            }
            copy[i] = confusion[i].clone();
        }
        confusion = copy;
        classes = List.copyOf(classes);
    }

    /** Scores predictions against the truth; both hold class indices in [0, classes). */
    public static Classification of(List<String> classes, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true labels but " + predicted.length + " predictions");
        }
        int[][] confusion = new int[classes.size()][classes.size()];
        for (int i = 0; i < truth.length; i++) {
            for (int label : new int[] {truth[i], predicted[i]}) {
                if (label < 0 || label >= classes.size()) {
                    throw new IllegalArgumentException("example " + i + ": class index " + label + " is outside [0, " + classes.size() + ")");
                }
            }
            confusion[truth[i]][predicted[i]]++;
        }
        return new Classification(classes, confusion);
    }

    @Override
    public int[][] confusion() {
        int[][] copy = new int[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    public int total() {
        int n = 0;
        for (int[] row : confusion) {
            for (int c : row) {
                n += c;
            }
        }
        return n;
    }

    public double accuracy() {
        int right = 0;
        for (int i = 0; i < confusion.length; i++) {
            right += confusion[i][i];
        }
        return total() == 0 ? Double.NaN : (double) right / total();
    }

    /** Of the examples predicted as class {@code k}, the share that are {@code k} (0 when none were). */
    public double precision(int k) {
        int predicted = 0;
        for (int[] row : confusion) {
            predicted += row[k];
        }
        return predicted == 0 ? 0 : (double) confusion[k][k] / predicted;
    }

    /** Of the examples of class {@code k}, the share predicted as {@code k} (0 when there are none). */
    public double recall(int k) {
        int actual = 0;
        for (int c : confusion[k]) {
            actual += c;
        }
        return actual == 0 ? 0 : (double) confusion[k][k] / actual;
    }

    public double f1(int k) {
        double p = precision(k);
        double r = recall(k);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroF1() {
        double sum = 0;
        for (int k = 0; k < classes.size(); k++) {
            sum += f1(k);
        }
        return sum / classes.size();
    }

    /** Per-class precision, recall, F1 and support; print with {@code table.print()}. */
    public Table table(String title) {
        int n = classes.size();
        int[] support = new int[n];
        for (int k = 0; k < n; k++) {
            support[k] = java.util.Arrays.stream(confusion[k]).sum();   // row k: every example whose truth is k
        }
        return Table.create(String.format("%s: accuracy %.3f, macro-F1 %.3f", title, accuracy(), macroF1()),
                StringColumn.create("class", classes),
                DoubleColumn.create("precision", perClass(this::precision)),
                DoubleColumn.create("recall", perClass(this::recall)),
                DoubleColumn.create("F1", perClass(this::f1)),
                IntColumn.create("support", support));
    }

    private double[] perClass(java.util.function.IntToDoubleFunction metric) {
        return java.util.stream.IntStream.range(0, classes.size()).mapToDouble(k -> round(metric.applyAsDouble(k))).toArray();
    }

    /** The confusion matrix as doubles (rows: truth, columns: prediction), e.g. for Charts.heatmap. */
    public double[][] confusionAsDoubles() {
        double[][] d = new double[confusion.length][confusion.length];
        for (int i = 0; i < d.length; i++) {
            for (int j = 0; j < d.length; j++) {
                d[i][j] = confusion[i][j];
            }
        }
        return d;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
