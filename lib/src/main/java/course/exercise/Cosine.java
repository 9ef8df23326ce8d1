package course.exercise;

import static course.exercise.Exercise.close;
import static course.exercise.Exercise.num;

import course.embed.WordVectors;
import java.util.Random;

/**
 * Notebook 01, exercise {@code 01-cosine}: the cosine similarity of two vectors, checked against the dot product
 * of the vectors made unit length by {@link WordVectors#normalise} (what the neighbour search uses).
 */
public final class Cosine {

    /** What the learner writes: cos θ between a and b, in [−1, 1]; the inputs are not to be changed. */
    @FunctionalInterface
    public interface Similarity {
        double cosine(float[] a, float[] b);
    }

    public static final String ID = "01-cosine";
    static final String FIRST_HINT = "the dot product a·b divided by the lengths |a| and |b|, each the square root of a vector's dot product with itself";

    public static Result check(Similarity learner) {
        return Exercise.check(ID, FIRST_HINT, "your cosine matches the unit-vector dot product, and is 1 for a vector and 3 times itself", () -> problem(learner));
    }

    private static String problem(Similarity learner) {
        Random random = new Random(1);
        for (int trial = 0; trial < 4; trial++) {
            float[] a = new float[8];
            float[] b = new float[8];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (random.nextGaussian() * 2);
                b[i] = trial == 0 ? 3 * a[i] : (float) (random.nextGaussian() * 2 + 0.5);
            }
            double mine = learner.cosine(a.clone(), b.clone());
            double expected = dot(WordVectors.normalise(a), WordVectors.normalise(b));
            if (close(mine, expected, 1e-5)) {
                continue;
            }
            String said = (trial == 0 ? "for a vector and 3 times itself" : "for two random vectors") + " your cosine is " + num(mine)
                    + "; expected " + num(expected);
            double ab = dot(a, b);
            double na = Math.sqrt(dot(a, a));
            double nb = Math.sqrt(dot(b, b));
            if (close(mine, ab, 1e-5)) {
                return said + " — that is the plain dot product: divide by |a|·|b| so length does not count, only direction";
            }
            if (close(mine, ab / na, 1e-5) || close(mine, ab / nb, 1e-5)) {
                return said + " — you divided by one length only: divide by both |a| and |b|";
            }
            if (close(mine, ab / (na * na * nb * nb), 1e-5) || close(mine, ab / (na * na), 1e-5) || close(mine, ab / (nb * nb), 1e-5)) {
                return said + " — you divided by a squared length: |a| is the square root of a·a";
            }
            return said;
        }
        return null;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
