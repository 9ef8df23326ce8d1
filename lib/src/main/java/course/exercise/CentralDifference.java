package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Notebook 00, exercise {@code 00-slope}: the slope of a function by a central finite difference
 * {@code (f(x+h) − f(x−h)) / 2h}, checked against DJL's autograd on three functions.
 */
public final class CentralDifference {

    public static final String ID = "00-slope";
    static final double H = 1e-2;
    static final String FIRST_HINT = "evaluate f a step h to each side of x and divide the rise by the run, 2h";

    /** What the learner writes: the slope of {@code f} at {@code x}, from steps of {@code h}. */
    @FunctionalInterface
    public interface Slope {
        double slope(DoubleUnaryOperator f, double x, double h);
    }

    private record Case(String name, DoubleUnaryOperator f, UnaryOperator<NDArray> tensor, double x) {}

    private static final List<Case> CASES = List.of(
            new Case("x³", v -> v * v * v, t -> t.mul(t).mul(t), 1.5),
            new Case("sin x", Math::sin, NDArray::sin, 0.7),
            new Case("eˣ", Math::exp, NDArray::exp, -0.3));

    public static Result check(Slope learner) {
        return Exercise.check(ID, FIRST_HINT, "your slopes match autograd on x³, sin x and eˣ to 4 digits", () -> problem(learner));
    }

    private static String problem(Slope learner) {
        for (Case c : CASES) {
            double mine = learner.slope(c.f, c.x, H);
            double exact = autogradSlope(c.tensor, c.x);
            if (close(mine, exact, 1e-3)) {
                continue;
            }
            String said = "your slope of " + c.name + " at " + c.x + " is " + num(mine) + "; autograd gives " + num(exact);
            double forward = (c.f.applyAsDouble(c.x + H) - c.f.applyAsDouble(c.x)) / H;
            double backward = (c.f.applyAsDouble(c.x) - c.f.applyAsDouble(c.x - H)) / H;
            if (Double.isNaN(mine)) {
                return said + " — NaN: is h used as a divisor somewhere it can be 0?";
            }
            if (close(mine, 2 * exact, 1e-3)) {
                return said + " — twice too large: the two points are 2h apart, so divide by 2h, not h";
            }
            if (close(mine, -exact, 1e-3)) {
                return said + " — the sign is flipped: subtract f(x−h) from f(x+h), not the other way round";
            }
            if (close(mine, forward, 1e-6) || close(mine, backward, 1e-6)) {
                return said + " — that is a one-sided difference, off by about h·f''/2; the central one, (f(x+h) − f(x−h)) / 2h, cancels that error";
            }
            return said + " — check the formula (f(x+h) − f(x−h)) / 2h";
        }
        return null;
    }

    /** df/dx at x by DJL's autograd: the reference. */
    static double autogradSlope(UnaryOperator<NDArray> f, double x) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = m.create(new double[] {x});
            t.setRequiresGradient(true);
            try (GradientCollector tape = Engine.getInstance().newGradientCollector()) {
                tape.backward(f.apply(t));
            }
            return t.getGradient().toDoubleArray()[0];
        }
    }
}
