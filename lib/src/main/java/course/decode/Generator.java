package course.decode;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Autoregressive generation: feed the context to the model, take the logits of its last position, choose a
 * token with a {@link Sampler}, append it, repeat. It does not know the model class: anything that maps a
 * context to next-token logits will do. For a {@code course.gpt.Gpt} that is {@code course.gpt.GptLogits}, e.g.
 * {@code Generator.generate(prompt, 200, gpt.config().blockSize(), sampler, random, new GptLogits(gpt, parameters, scope))}.
 *
 * <p>A GPT has learned position embeddings for {@code blockSize} positions only, so the context it sees is
 * cropped to the last {@code blockSize} tokens — as in nanoGPT's {@code generate}. With {@code GptLogits} each step
 * recomputes the whole context; {@code course.gpt.CachedGptLogits} keeps the keys and values of earlier positions in
 * a KV cache and runs the model on the new token alone, with the same tokens as the result.
 */
public final class Generator {

    /** The model, seen from the sampler: next-token logits ({@code float[V]}) for a context of token ids. */
    @FunctionalInterface
    public interface LogitsFunction {
        float[] nextLogits(int[] context);
    }

    private Generator() {}

    /** The prompt followed by {@code newTokens} generated tokens. */
    public static int[] generate(int[] prompt, int newTokens, int blockSize, Sampler sampler, Random random,
            LogitsFunction model) {
        return generate(prompt, newTokens, blockSize, sampler, random, model, null);
    }

    /**
     * As above, and tells {@code onTokenOrNull} each token as soon as it is chosen (to print text as it
     * appears; with a byte-level BPE decode the whole sequence so far, a token may hold half a character).
     */
    public static int[] generate(int[] prompt, int newTokens, int blockSize, Sampler sampler, Random random,
            LogitsFunction model, IntConsumer onTokenOrNull) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty: a GPT needs at least one token to condition on"
                    + " (start with a newline or an end-of-text token)");
        }
        if (newTokens < 0) {
            throw new IllegalArgumentException("newTokens must be >= 0, got " + newTokens);
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be >= 1, got " + blockSize);
        }
        int[] tokens = Arrays.copyOf(prompt, prompt.length + newTokens);
        for (int n = prompt.length; n < tokens.length; n++) {
            int[] context = Arrays.copyOfRange(tokens, Math.max(0, n - blockSize), n); // the last blockSize tokens
            float[] logits = model.nextLogits(context);
            tokens[n] = sampler.next(logits, random);
            if (onTokenOrNull != null) {
                onTokenOrNull.accept(tokens[n]);
            }
        }
        return tokens;
    }
}
