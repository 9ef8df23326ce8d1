package course.decode;

import java.util.Arrays;
import java.util.Random;

/**
 * Choosing the next token from a language model's logits — pure functions of one position's logits
 * ({@code float[V]}, V = vocabulary size) and, for the random ones, an explicit {@link Random}, so a seed
 * makes a sample reproducible.
 *
 * <p>The pipeline of {@link #probabilities}, in this order (the order Hugging Face's {@code generate} uses
 * too):
 *
 * <ol>
 *   <li><b>Temperature</b> T: softmax(logits / T). T &lt; 1 sharpens the distribution, T &gt; 1 flattens it;
 *       T → 0 puts all mass on the largest logit, so T = 0 <i>means</i> greedy.
 *   <li><b>Top-k</b> (Fan et al. 2018): keep the k most probable tokens — the k <i>largest</i> logits —
 *       and give the rest probability exactly 0. (minGPT once "removed" tokens by setting their logits to
 *       1e-10 instead of -1e10 — a sign slip that left them in play, and made them <i>more</i> likely than
 *       the kept tokens whenever those had negative logits: karpathy/minGPT#10. The tests pin this down.)
 *   <li><b>Top-p</b>, nucleus sampling (Holtzman et al. 2020): sort what is left by probability, highest
 *       first, and keep the smallest prefix whose mass is at least p. The nucleus grows when the model is
 *       unsure and shrinks to a token or two when it is sure — unlike a fixed k.
 *   <li>Renormalise what is kept to sum to 1, and draw.
 * </ol>
 *
 * <p><b>Ties</b> are broken towards the smaller token id, everywhere: greedy picks the first of several
 * equal maxima; top-k keeps exactly k tokens, preferring smaller ids among equal logits at the cut; top-p
 * orders equal probabilities by id and stops as soon as the mass reaches p, so of two tokens tied at the
 * boundary only the one with the smaller id may be kept. With this rule top-k with k = 1 is exactly greedy.
 * (PyTorch-based samplers such as nanoGPT's keep every token tied with the k-th logit instead.)
 *
 * <p><b>Rounding.</b> Logits are floats (about 7 significant digits), so a probability meant to be 0.4 comes
 * out as 0.39999999838 or 0.40000000074. Top-p therefore compares the running mass with p − 1e-6: a nucleus
 * that reaches p up to rounding (0.4 against p = 0.4, or 0.5 + 0.2 against 0.7) stops there instead of
 * taking one more token.
 *
 * <p>Logits may be {@code -Infinity} (a token ruled out, probability 0) but not NaN or {@code +Infinity}:
 * those mean the model is broken, and sampling from them would hide it.
 */
public final class Samplers {

    /** Slack for "mass ≥ p" comparisons, see the class comment. */
    static final double MASS_TOLERANCE = 1e-6;

    private Samplers() {}

    /** The id of the largest logit (the smallest such id if several are equal). */
    public static int greedy(float[] logits) {
        checkLogits(logits);
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Draws one token id from the filtered distribution of {@link #probabilities}. Temperature 0 is greedy
     * (and draws nothing from {@code random}).
     *
     * @param temperature ≥ 0; 0 means greedy, 1 leaves the logits as they are
     * @param topK ≥ 0; 0 means no top-k filter
     * @param topP in (0, 1]; 1 means no nucleus filter
     */
    public static int sample(float[] logits, double temperature, int topK, double topP, Random random) {
        checkSettings(temperature, topK, topP);
        if (temperature == 0) {
            return greedy(logits);
        }
        return draw(probabilities(logits, temperature, topK, topP), random);
    }

    /**
     * The distribution {@link #sample} draws from: one probability per token id, zero for filtered tokens,
     * summing to 1. For temperature 0 it is one-hot on the greedy token.
     */
    public static double[] probabilities(float[] logits, double temperature, int topK, double topP) {
        checkSettings(temperature, topK, topP);
        checkLogits(logits);
        int v = logits.length;
        double[] p = new double[v];
        if (temperature == 0) {
            p[greedy(logits)] = 1;
            return p;
        }
        // 1. temperature: softmax(logits / T), shifted by the maximum so exp never overflows
        double max = logits[greedy(logits)];
        double sum = 0;
        for (int i = 0; i < v; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature); // exactly 1 at the maximum, even for tiny T
            sum += p[i];
        }
        for (int i = 0; i < v; i++) {
            p[i] /= sum;
        }
        if (topK == 0 && topP == 1) {
            return p; // no filter
        }
        // The token ids by decreasing logit (= decreasing probability), ties by increasing id.
        Integer[] order = new Integer[v];
        for (int i = 0; i < v; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
        // 2. top-k: keep the first k of that order
        int kept = topK == 0 ? v : Math.min(topK, v);
        // 3. top-p: of those (renormalised), keep the shortest prefix with mass >= p
        if (topP < 1) {
            double keptMass = 0;
            for (int r = 0; r < kept; r++) {
                keptMass += p[order[r]];
            }
            double mass = 0;
            for (int r = 0; r < kept; r++) {
                mass += p[order[r]] / keptMass;
                if (mass >= topP - MASS_TOLERANCE) {
                    kept = r + 1;
                    break;
                }
            }
        }
        // 4. zero the rest and renormalise
        double keptSum = 0;
        for (int r = 0; r < kept; r++) {
            keptSum += p[order[r]];
        }
        for (int r = 0; r < v; r++) {
            p[order[r]] = r < kept ? p[order[r]] / keptSum : 0;
        }
        return p;
    }

    /** Draws an index with probability {@code p[i]} (the p sum to 1) by inverting the cumulative sum. */
    public static int draw(double[] p, Random random) {
        double u = random.nextDouble();
        double cumulative = 0;
        int last = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                cumulative += p[i];
                last = i;
                if (u < cumulative) {
                    return i;
                }
            }
        }
        if (last < 0) {
            throw new IllegalArgumentException("cannot draw from a distribution with no positive probability");
        }
        return last; // u fell into the rounding gap just below 1
    }

    static void checkSettings(double temperature, int topK, double topP) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0 (0 means greedy), got "
                    + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0 (0 means no top-k filter), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1] (1 means no nucleus filter), got " + topP);
        }
    }

    private static void checkLogits(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("logits are empty: expected one per vocabulary entry");
        }
        boolean anyFinite = false;
        for (int i = 0; i < logits.length; i++) {
            float x = logits[i];
            if (Float.isNaN(x) || x == Float.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("logit " + i + " is " + x + ": the model's output is broken"
                        + " (a diverged loss? an uninitialised parameter?) — refusing to sample from it");
            }
            anyFinite |= x != Float.NEGATIVE_INFINITY;
        }
        if (!anyFinite) {
            throw new IllegalArgumentException("all " + logits.length + " logits are -Infinity: no token is allowed");
        }
    }
}
