package course.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import course.embed.Word2Vec;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checks of notebook 01's exercises. */
class Notebook01ChecksTest {

    @Test
    void keepProbability() {
        Outcomes.passes(KeepProbability.check((count, total, t) -> {
            double f = (double) count / total;
            return Math.min(1, (Math.sqrt(f / t) + 1) * t / f);
        }));
        Outcomes.notAttempted(KeepProbability.check((count, total, t) -> { throw Exercise.notAttempted(); }));
        Outcomes.wrongWith(KeepProbability.check((count, total, t) -> Math.min(1, (Math.sqrt(count / t) + 1) * t / count)),
                "did you use the count instead of the frequency");
        Outcomes.wrongWith(KeepProbability.check((count, total, t) -> Math.min(1, Math.sqrt(t / ((double) count / total)))), "the paper's √(t/f)");
        Outcomes.wrongWith(KeepProbability.check((count, total, t) -> {
            double f = (double) count / total;
            return (Math.sqrt(f / t) + 1) * t / f;
        }), "cap it with min(1, …)");
    }

    private static double[] powered(long[] counts, double power, boolean normalise) {
        double[] w = new double[counts.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.pow(counts[i], power);
            sum += w[i];
        }
        for (int i = 0; i < w.length && normalise; i++) {
            w[i] /= sum;
        }
        return w;
    }

    @Test
    void noiseDistribution() {
        Outcomes.passes(NoiseDistribution.check(c -> powered(c, 0.75, true)));
        Outcomes.notAttempted(NoiseDistribution.check(c -> null));
        Outcomes.wrongWith(NoiseDistribution.check(c -> powered(c, 0.75, false)), "divide each weight by the sum");
        Outcomes.wrongWith(NoiseDistribution.check(c -> powered(c, 1, true)), "did you forget the power 0.75?");
        Outcomes.wrongWith(NoiseDistribution.check(c -> powered(c, 0.5, true)), "is the power smaller than 0.75?");
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void cosine() {
        Outcomes.passes(Cosine.check((a, b) -> dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b))));
        Outcomes.notAttempted(Cosine.check((a, b) -> { throw Exercise.notAttempted(); }));
        Outcomes.wrongWith(Cosine.check(Notebook01ChecksTest::dot), "plain dot product");
        Outcomes.wrongWith(Cosine.check((a, b) -> dot(a, b) / Math.sqrt(dot(a, a))), "divided by one length only");
        Outcomes.wrongWith(Cosine.check((a, b) -> dot(a, b) / (dot(a, a) * dot(b, b))), "squared length");
    }

    /** The solution of 01-sgns-update, as the notebook's solutions file has it. */
    private static double solvedUpdate(float[] v, float[][] rows, float eta) {
        double loss = 0;
        float[] gradient = new float[v.length];
        for (int k = 0; k < rows.length; k++) {
            double s = dot(v, rows[k]);
            double sigma = 1 / (1 + Math.exp(-s));
            loss += k == 0 ? -Math.log(sigma) : -Math.log(1 - sigma);
            double g = eta * ((k == 0 ? 1 : 0) - sigma);
            for (int i = 0; i < v.length; i++) {
                gradient[i] += (float) (g * rows[k][i]);
                rows[k][i] += (float) (g * v[i]);
            }
        }
        for (int i = 0; i < v.length; i++) {
            v[i] += gradient[i];
        }
        return loss;
    }

    @Test
    void negativeSamplingUpdate() {
        Outcomes.passes(NegativeSamplingUpdate.check(Notebook01ChecksTest::solvedUpdate));
        Outcomes.notAttempted(NegativeSamplingUpdate.check((v, rows, eta) -> { throw Exercise.notAttempted(); }));
        Outcomes.wrongWith(NegativeSamplingUpdate.check((v, rows, eta) -> -solvedUpdate(v, rows, eta)), "you returned log σ");
        Outcomes.wrongWith(NegativeSamplingUpdate.check((v, rows, eta) -> {
            solvedUpdate(v.clone(), new float[][] {rows[0].clone()}, eta);
            return solvedUpdate(v.clone(), new float[][] {rows[0].clone()}, eta);
        }), "you left out the noise words");
        Outcomes.wrongWith(NegativeSamplingUpdate.check((v, rows, eta) -> solvedUpdate(v.clone(), copy(rows), eta)), "did not change");
        Outcomes.wrongWith(NegativeSamplingUpdate.check((v, rows, eta) -> {
            double loss = solvedUpdate(v.clone(), copy(rows), eta);
            solvedUpdate(v, rows, -eta);
            return loss;
        }), "moved the wrong way");
        for (NegativeSamplingUpdate.Order wrong : new NegativeSamplingUpdate.Order[] {NegativeSamplingUpdate.Order.UPDATED_ROWS,
                NegativeSamplingUpdate.Order.V_EACH_ROW}) {
            Outcomes.wrongWith(NegativeSamplingUpdate.check((v, rows, eta) -> {
                double loss = NegativeSamplingUpdate.loss(v, rows);
                NegativeSamplingUpdate.step(v, rows, eta, wrong);
                return loss;
            }), wrong == NegativeSamplingUpdate.Order.UPDATED_ROWS ? "before you move u_k" : "move v once, after the loop");
        }
    }

    private static float[][] copy(float[][] rows) {
        float[][] c = new float[rows.length][];
        for (int k = 0; k < rows.length; k++) {
            c[k] = rows[k].clone();
        }
        return c;
    }

    @Test
    void theExercisesUpdateIsTheFastTrainers() {
        Random random = new Random(2);
        int dim = 6;
        float[] v = new float[dim];
        float[][] rows = new float[4][dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
            for (float[] row : rows) {
                row[i] = (float) random.nextGaussian();
            }
        }
        float[] input = new float[4 * dim];   // V = 4 words; only word 0's input row is used
        System.arraycopy(v, 0, input, 0, dim);
        float[] output = new float[4 * dim];
        for (int k = 0; k < 4; k++) {
            System.arraycopy(rows[k], 0, output, k * dim, dim);
        }
        float eta = 0.1f;
        double libLoss = Word2Vec.skipGramUpdate(input, output, dim, new int[] {0}, new int[] {0}, new int[] {1, 2, 3}, eta);
        assertEquals(NegativeSamplingUpdate.loss(v, rows), libLoss, 1e-5);
        NegativeSamplingUpdate.step(v, rows, eta, NegativeSamplingUpdate.Order.WORD2VEC);
        double tolerance = 1.6e-3 * eta * 4;   // the trainer's sigmoid table, times the size of the vectors
        for (int i = 0; i < dim; i++) {
            assertEquals(v[i], input[i], tolerance, "v[" + i + "]");
            for (int k = 0; k < 4; k++) {
                assertEquals(rows[k][i], output[k * dim + i], tolerance, "row " + k + "[" + i + "]");
            }
        }
    }
}
