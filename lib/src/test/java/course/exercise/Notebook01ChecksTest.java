package course.exercise;

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
}
