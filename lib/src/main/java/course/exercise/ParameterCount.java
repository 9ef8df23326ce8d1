package course.exercise;

import course.gpt.GptConfig;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Notebook 06, exercise {@code 06-params}: the number of trainable parameters of a GPT, counted by hand from its
 * config. The learner's count is compared with the notebook's real model (the sizes of its parameter arrays), then
 * with {@link GptConfig#parameterCount()} on two more configs, one with biases; the usual miscounts are recognised
 * from the difference and named.
 */
public final class ParameterCount {

    public static final String ID = "06-params";
    static final String FIRST_HINT = "add the token embedding (V × C) and the position embedding (blockSize × C); per block two layer"
            + " norms, the q, k, v and output projections (4 C × C) and the MLP (C × 4C and 4C × C); then the final layer norm."
            + " No separate output layer: it is the token embedding again";

    private ParameterCount() {}

    /**
     * Runs the learner's count on {@code model} (whose real model has {@code actual} parameters) and on two more
     * configs, prints ✓ or ✗ with a hint, and returns the result.
     *
     * @param learner the learner's method: config → the parameter count, or null while not attempted
     * @param model   the config of the model the notebook built
     * @param actual  the sum of the sizes of that model's parameter arrays
     */
    public static Result check(Function<GptConfig, Long> learner, GptConfig model, long actual) {
        String confirmation = String.format(Locale.ROOT, "your count matches the %,d parameters of the model above (char_parameters),"
                + " and GptConfig.parameterCount on two more configs, one with biases", actual);
        return Exercise.check(ID, FIRST_HINT, confirmation, () -> problem(learner, model, actual));
    }

    private static String problem(Function<GptConfig, Long> learner, GptConfig model, long actual) {
        List<GptConfig> configs = List.of(model, new GptConfig(50, 16, 2, 2, 32, 0f, true), new GptConfig(97, 24, 3, 4, 48, 0.1f, false));
        for (int i = 0; i < configs.size(); i++) {
            GptConfig config = configs.get(i);
            long want = i == 0 ? actual : config.parameterCount();
            long got = Exercise.answer(learner.apply(config));
            if (got != want) {
                return miscount(config, got, want);
            }
        }
        return null;
    }

    /** The hint for a count that is {@code got} instead of {@code want}: the usual mistake if the difference shows one. */
    static String miscount(GptConfig config, long got, long want) {
        long c = config.embedding();
        long layers = config.layers();
        long norms = 2 * layers + 1;
        long norm = config.bias() ? 2 * c : c;
        long biasesPerLayer = 3 * c + c + config.hidden() + c;
        long d = got - want;
        String yours = String.format(Locale.ROOT, "for V = %d, blockSize = %d, L = %d, C = %d, bias = %s your count is %,d, the model has %,d (%s%,d)",
                config.vocabSize(), config.blockSize(), layers, c, config.bias(), got, want, d > 0 ? "+" : "", d);
        if (d == (long) config.vocabSize() * c) {
            return yours + ": you counted a separate V × C output layer, but GPT reuses the token embedding there (weight tying)";
        }
        if (d == -(long) config.blockSize() * c) {
            return yours + ": the position embedding (blockSize × C, one learned vector per position) is missing";
        }
        if (d == -(long) config.vocabSize() * c) {
            return yours + ": the token embedding (V × C) is missing; it is also the output layer";
        }
        if (config.bias() && d == -layers * biasesPerLayer) {
            return yours + ": the biases of the linear layers are missing (this config has bias = true: 3C + C + 4C + C per block)";
        }
        if (d == -norms * norm || (config.bias() && d == -norms * c)) {
            return String.format(Locale.ROOT, "%s: check the layer norms: %d of them (two per block and a final one), each with %s",
                    yours, norms, config.bias() ? "a weight and a bias of C" : "a weight of C (bias = false: no bias)");
        }
        if (d == -norm) {
            return yours + ": the final layer norm, after the last block, is missing";
        }
        if (!config.bias() && (d == layers * biasesPerLayer || d == norms * c || d == layers * biasesPerLayer + norms * c)) {
            return yours + ": this config has bias = false, so the linear layers have no biases and each layer norm has a weight only";
        }
        if (d == -layers * 6 * c * c) {
            return yours + ": the MLP is 4 times wider than the stream: C → 4C → C, so each of its two matrices has 4C² entries";
        }
        if (d == -layers * (2 * c * c + (config.bias() ? 2 * c : 0))) {
            return yours + ": queries, keys and values each have their own C × C projection (3C² together), and the heads share them";
        }
        if (d == -layers * (c * c + (config.bias() ? c : 0))) {
            return yours + ": the attention's output projection (C × C, after the heads are joined) is missing";
        }
        long perLayer = (want - (long) (config.vocabSize() + config.blockSize()) * c - norm) / layers;
        if (layers > 1 && d == -(layers - 1) * perLayer) {
            return String.format(Locale.ROOT, "%s: did you count one block only? There are L = %d, each with %,d parameters", yours, layers, perLayer);
        }
        return yours + " — " + FIRST_HINT;
    }
}
