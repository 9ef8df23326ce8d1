package course.exercise;

import org.junit.jupiter.api.Test;

/** The checks of notebook 01's exercises. */
class Notebook01ChecksTest {

    @Test
    void keepProbability() {
        Outcomes.passes(KeepProbability.evaluate((count, total, t) -> {
            double f = (double) count / total;
            return Math.min(1, (Math.sqrt(f / t) + 1) * t / f);
        }));
        Outcomes.notAttempted(KeepProbability.evaluate((count, total, t) -> { throw Exercise.notAttempted(); }));
        Outcomes.wrongWith(KeepProbability.evaluate((count, total, t) -> Math.min(1, (Math.sqrt(count / t) + 1) * t / count)),
                "did you use the count instead of the frequency");
        Outcomes.wrongWith(KeepProbability.evaluate((count, total, t) -> Math.min(1, Math.sqrt(t / ((double) count / total)))), "the paper's √(t/f)");
        Outcomes.wrongWith(KeepProbability.evaluate((count, total, t) -> {
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
        Outcomes.passes(NoiseDistribution.evaluate(c -> powered(c, 0.75, true)));
        Outcomes.notAttempted(NoiseDistribution.evaluate(c -> null));
        Outcomes.wrongWith(NoiseDistribution.evaluate(c -> powered(c, 0.75, false)), "divide each weight by the sum");
        Outcomes.wrongWith(NoiseDistribution.evaluate(c -> powered(c, 1, true)), "did you forget the power 0.75?");
        Outcomes.wrongWith(NoiseDistribution.evaluate(c -> powered(c, 0.5, true)), "is the power smaller than 0.75?");
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
        Outcomes.passes(Cosine.evaluate((a, b) -> dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b))));
        Outcomes.notAttempted(Cosine.evaluate((a, b) -> { throw Exercise.notAttempted(); }));
        Outcomes.wrongWith(Cosine.evaluate(Notebook01ChecksTest::dot), "plain dot product");
        Outcomes.wrongWith(Cosine.evaluate((a, b) -> dot(a, b) / Math.sqrt(dot(a, a))), "divided by one length only");
        Outcomes.wrongWith(Cosine.evaluate((a, b) -> dot(a, b) / (dot(a, a) * dot(b, b))), "squared length");
    }
}
