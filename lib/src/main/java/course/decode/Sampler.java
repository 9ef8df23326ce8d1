package course.decode;

import java.util.Random;

/**
 * A decoding strategy as a value: temperature, top-k and top-p settings, checked once when made, applied by
 * {@link Samplers}. Use the factories — {@code Sampler.greedy()}, {@code Sampler.topP(0.9, 0.8)} — or the
 * constructor to combine filters.
 *
 * @param temperature ≥ 0; 0 means greedy
 * @param topK ≥ 0; 0 means off
 * @param topP in (0, 1]; 1 means off
 */
public record Sampler(double temperature, int topK, double topP) {

    public Sampler {
        Samplers.checkSettings(temperature, topK, topP);
    }

    /** Always the most likely token: deterministic, and prone to loops ("the the the"). */
    public static Sampler greedy() {
        return new Sampler(0, 0, 1);
    }

    /** Plain sampling from softmax(logits / t); t = 1 is the model's own distribution. */
    public static Sampler temperature(double t) {
        return new Sampler(t, 0, 1);
    }

    /** Sampling among the k most likely tokens, after temperature t. */
    public static Sampler topK(int k, double t) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k needs k >= 1, got " + k + " (for no filter use temperature(t))");
        }
        return new Sampler(t, k, 1);
    }

    /** Nucleus sampling: among the most likely tokens holding probability mass p, after temperature t. */
    public static Sampler topP(double p, double t) {
        return new Sampler(t, 0, p);
    }

    /** The next token id for one position's {@code logits}. */
    public int next(float[] logits, Random random) {
        return Samplers.sample(logits, temperature, topK, topP, random);
    }

    /** The distribution {@link #next} draws from (see {@link Samplers#probabilities}). */
    public double[] probabilities(float[] logits) {
        return Samplers.probabilities(logits, temperature, topK, topP);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }

    /** For tables and plot legends: "greedy", "temperature 0.8", "top-k 40, temperature 1", "top-p 0.9, …". */
    public String describe() {
        if (isGreedy()) {
            return "greedy";
        }
        StringBuilder s = new StringBuilder();
        if (topK > 0) {
            s.append("top-k ").append(topK).append(", ");
        }
        if (topP < 1) {
            s.append("top-p ").append(number(topP)).append(", ");
        }
        return s.append("temperature ").append(number(temperature)).toString();
    }

    private static String number(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : Double.toString(x);
    }
}
