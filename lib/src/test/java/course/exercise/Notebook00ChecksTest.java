package course.exercise;

import org.junit.jupiter.api.Test;

/** The checks of notebook 00's exercises: the reference solution passes, typical mistakes get their hint. */
class Notebook00ChecksTest {

    @Test
    void centralDifference() {
        Outcomes.passes(CentralDifference.check((f, x, h) -> (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h)));
        Outcomes.notAttempted(CentralDifference.check((f, x, h) -> { throw Exercise.notAttempted(); }));
        Outcomes.wrongWith(CentralDifference.check((f, x, h) -> (f.applyAsDouble(x + h) - f.applyAsDouble(x)) / h), "one-sided difference");
        Outcomes.wrongWith(CentralDifference.check((f, x, h) -> (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / h), "divide by 2h, not h");
        Outcomes.wrongWith(CentralDifference.check((f, x, h) -> (f.applyAsDouble(x - h) - f.applyAsDouble(x + h)) / (2 * h)), "sign is flipped");
    }

    private static double mse(double[] p, double[] t) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += (p[i] - t[i]) * (p[i] - t[i]);
        }
        return s / p.length;
    }

    @Test
    void meanSquaredError() {
        Outcomes.passes(MeanSquaredError.check(Notebook00ChecksTest::mse));
        Outcomes.notAttempted(MeanSquaredError.check((p, t) -> { throw Exercise.notAttempted(); }));
        Outcomes.wrongWith(MeanSquaredError.check((p, t) -> mse(p, t) * p.length), "times too large");
        Outcomes.wrongWith(MeanSquaredError.check((p, t) -> mse(p, t) / 2), "½·MSE");
        Outcomes.wrongWith(MeanSquaredError.check((p, t) -> Math.sqrt(mse(p, t))), "RMSE");
        Outcomes.wrongWith(MeanSquaredError.check((p, t) -> {
            double s = 0;
            for (int i = 0; i < p.length; i++) {
                s += p[i] - t[i];
            }
            return s / p.length;
        }), "did you square the differences?");
    }

    @Test
    void gradientStep() {
        Outcomes.passes(GradientStep.check((w, g, lr) -> {
            double[] out = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                out[i] = w[i] - lr * g[i];
            }
            return out;
        }));
        Outcomes.notAttempted(GradientStep.check((w, g, lr) -> null));
        Outcomes.wrongWith(GradientStep.check((w, g, lr) -> {
            for (int i = 0; i < w.length; i++) {
                w[i] -= lr * g[i];
            }
            return w;
        }), "you changed the weights array passed in");
        Outcomes.wrongWith(GradientStep.check((w, g, lr) -> {
            double[] out = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                out[i] = w[i] + lr * g[i];
            }
            return out;
        }), "stepped up the gradient");
        Outcomes.wrongWith(GradientStep.check((w, g, lr) -> {
            double[] out = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                out[i] = w[i] - g[i];
            }
            return out;
        }), "multiply it by the learning rate");
    }
}
