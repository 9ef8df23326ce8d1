package course.eval;

import course.embed.WordVectors;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Principal component analysis down to two axes, for a labelled map of a few dozen word vectors. The axes
 * are the top two eigenvectors of the covariance matrix, found by power iteration: multiply a vector by the
 * covariance again and again and it turns towards the direction of largest variance. The second axis comes
 * from the same iteration on the covariance with the first direction removed ("deflation").
 *
 * <p>Deterministic: a fixed start vector, and each axis's sign chosen so that its largest component is
 * positive (an eigenvector's sign is arbitrary; without the rule the map could flip between runs).
 */
public final class Pca {

    /** The 2-D map of some words: {@code x[i], y[i]} is where {@code words.get(i)} goes. */
    public record Projection(List<String> words, double[] x, double[] y, double explainedX, double explainedY) {}

    private static final int MAX_ITERATIONS = 10_000;
    private static final double TOLERANCE = 1e-12;

    private final double[] mean;
    private final double[][] axes;      // (2, dims), unit length, orthogonal
    private final double[] variances;   // variance along each axis (the eigenvalues)
    private final double totalVariance; // trace of the covariance

    private Pca(double[] mean, double[][] axes, double[] variances, double totalVariance) {
        this.mean = mean;
        this.axes = axes;
        this.variances = variances;
        this.totalVariance = totalVariance;
    }

    /** The 2-D PCA map of {@code words}' vectors (the axes are fitted on these rows only). */
    public static Projection map(WordVectors vectors, List<String> words) {
        List<String> missing = words.stream().filter(w -> !vectors.vocabulary().contains(w)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("not in the vocabulary of " + vectors.size() + " words: " + missing
                    + "; leave them out of the map or lower the min count");
        }
        double[][] rows = new double[words.size()][];
        for (int i = 0; i < rows.length; i++) {
            float[] v = vectors.vector(words.get(i));
            rows[i] = new double[v.length];
            for (int d = 0; d < v.length; d++) {
                rows[i][d] = v[d];
            }
        }
        Pca pca = fit(rows);
        double[][] xy = pca.project(rows);
        return new Projection(List.copyOf(words), xy[0], xy[1], pca.explained(0), pca.explained(1));
    }

    /** Fits the two main axes of {@code rows} (n rows of equal length, n >= 2). */
    public static Pca fit(double[][] rows) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 rows, got " + rows.length);
        }
        int dims = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != dims) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + dims);
            }
        }
        double[] mean = new double[dims];
        for (double[] r : rows) {
            for (int d = 0; d < dims; d++) {
                mean[d] += r[d] / rows.length;
            }
        }
        double[][] cov = new double[dims][dims]; // (dims, dims), divided by n - 1
        for (double[] r : rows) {
            for (int i = 0; i < dims; i++) {
                double ci = r[i] - mean[i];
                for (int j = 0; j < dims; j++) {
                    cov[i][j] += ci * (r[j] - mean[j]) / (rows.length - 1);
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < dims; i++) {
            trace += cov[i][i];
        }
        double[][] axes = new double[2][];
        double[] variances = new double[2];
        Random random = new Random(20130116); // fixed: the same start vector every time
        for (int k = 0; k < 2; k++) {
            List<double[]> found = Arrays.asList(axes).subList(0, k);
            axes[k] = topEigenvector(cov, found, random);
            variances[k] = quadratic(cov, axes[k]);
            for (int i = 0; i < dims; i++) { // deflation: cov -= lambda v v^T takes the found direction out
                for (int j = 0; j < dims; j++) {
                    cov[i][j] -= variances[k] * axes[k][i] * axes[k][j];
                }
            }
        }
        return new Pca(mean, axes, variances, trace);
    }

    /** Axis {@code k} (0 or 1), a unit vector; a copy. */
    public double[] axis(int k) {
        return axes[k].clone();
    }

    /** The variance of the data along axis {@code k}. */
    public double variance(int k) {
        return variances[k];
    }

    /** The fraction of the total variance that axis {@code k} shows (0..1). */
    public double explained(int k) {
        return totalVariance == 0 ? 0 : variances[k] / totalVariance;
    }

    /** Coordinates of {@code rows} on the two axes: {@code [0]} is x, {@code [1]} is y. */
    public double[][] project(double[][] rows) {
        double[][] xy = new double[2][rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != mean.length) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, the PCA was fitted on " + mean.length);
            }
            for (int k = 0; k < 2; k++) {
                double s = 0;
                for (int d = 0; d < mean.length; d++) {
                    s += (rows[i][d] - mean[d]) * axes[k][d];
                }
                xy[k][i] = s;
            }
        }
        return xy;
    }

    /** Power iteration, kept orthogonal to the axes already {@code found} (deflation alone drifts numerically). */
    private static double[] topEigenvector(double[][] cov, List<double[]> found, Random random) {
        int dims = cov.length;
        double[] v = new double[dims];
        for (int d = 0; d < dims; d++) {
            v[d] = random.nextGaussian();
        }
        orthonormalise(v, found);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] next = new double[dims];
            for (int i = 0; i < dims; i++) {
                for (int j = 0; j < dims; j++) {
                    next[i] += cov[i][j] * v[j];
                }
            }
            if (!orthonormalise(next, found)) {
                break; // no variance left in any new direction (e.g. 1-D data): keep the start direction
            }
            double change = 0;
            for (int d = 0; d < dims; d++) {
                change += (next[d] - v[d]) * (next[d] - v[d]);
            }
            v = next;
            if (change < TOLERANCE) {
                break;
            }
        }
        int largest = 0;
        for (int d = 1; d < dims; d++) {
            largest = Math.abs(v[d]) > Math.abs(v[largest]) ? d : largest;
        }
        if (v[largest] < 0) {
            for (int d = 0; d < dims; d++) {
                v[d] = -v[d];
            }
        }
        return v;
    }

    /** Removes from {@code v} its parts along {@code found}, scales it to length 1; false if nothing was left. */
    private static boolean orthonormalise(double[] v, List<double[]> found) {
        for (double[] u : found) {
            double dot = 0;
            for (int d = 0; d < v.length; d++) {
                dot += v[d] * u[d];
            }
            for (int d = 0; d < v.length; d++) {
                v[d] -= dot * u[d];
            }
        }
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        if (norm < 1e-300) {
            return false;
        }
        norm = Math.sqrt(norm);
        for (int d = 0; d < v.length; d++) {
            v[d] /= norm;
        }
        return true;
    }

    private static double quadratic(double[][] m, double[] v) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                s += v[i] * m[i][j] * v[j];
            }
        }
        return s;
    }
}
