package course.gpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.decode.Generator;
import course.nn.KvCache;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@link GptLogits} with a {@link KvCache}: the same next-token logits (up to float rounding), computed by
 * running the model on the new token alone instead of the whole context. A drop-in {@link Generator.LogitsFunction}:
 *
 * <pre>
 *   try (CachedGptLogits model = new CachedGptLogits(gpt, parameters, scope)) {
 *       int[] text = Generator.generate(prompt, 200, gpt.config().blockSize(), sampler, random, model);
 *   }
 * </pre>
 *
 * <p>How it knows what is new. It remembers the tokens whose keys and values are in the cache. When the generator's
 * next context is those tokens plus some more — the usual step, one more — it runs the model on the extra tokens at
 * the positions after the cached ones. Any other context (the first call, a new prompt, or a window that slid) is
 * run from scratch: the cache is cleared and rebuilt from the whole context, a "prefill".
 *
 * <p>Past the block size. The generator crops the context to the last {@code blockSize} tokens, so once the text is
 * longer than that, every step's context is the previous one shifted by a token. With learned absolute position
 * embeddings, shifting changes every token's position, hence every key and value in every layer: nothing in the
 * cache stays valid. So each such step rebuilds the cache from the cropped context, which is exactly the cropped
 * recomputation {@link GptLogits} does (and costs as much): the cache speeds up the first {@code blockSize} tokens of
 * a context, and gives identical results after them. (Models with relative positions can keep a rolling cache
 * instead; its results then differ from recomputing the cropped window.)
 *
 * <p>Memory. Each call runs in its own sub-manager of {@code scope}, closed before it returns; the cache lives in
 * another sub-manager of {@code scope} and holds 2 × layers arrays of at most (1, H, blockSize, D). Nothing grows per
 * token. It borrows {@code scope} and never closes it; close this object (or the scope) to free the cache.
 */
public final class CachedGptLogits implements Generator.LogitsFunction, AutoCloseable {

    private final Gpt gpt;
    private final ParameterStore parameters;
    private final NDManager scope;
    private final KvCache cache;
    private int[] cached = new int[0];   // the tokens whose keys and values the cache holds, in order
    private int prefills;                // how many calls ran the whole context (for tests and the notebook's note)

    public CachedGptLogits(Gpt gpt, ParameterStore parameters, NDManager scope) {
        this.gpt = Objects.requireNonNull(gpt, "gpt");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.scope = Objects.requireNonNull(scope, "scope (the manager whose sub-managers hold the cache and each step)");
        this.cache = gpt.newCache(scope);
    }

    /**
     * @param context T token ids, 1 ≤ T ≤ blockSize ({@link Generator} crops longer contexts)
     * @return float[V], the logits for the token after {@code context}
     */
    @Override
    public float[] nextLogits(int[] context) {
        if (context.length == 0) {
            throw new IllegalArgumentException("the context is empty: need at least one token");
        }
        if (context.length > gpt.config().blockSize()) {
            throw new IllegalArgumentException("context of " + context.length + " tokens is longer than the block size "
                    + gpt.config().blockSize() + ": crop it to the last " + gpt.config().blockSize() + " tokens (Generator does)");
        }
        int from = extendsCached(context) ? cached.length : 0;
        if (from == 0) {
            cache.clear();                                           // a new context: rebuild the cache from all of it
            cached = new int[0];
            prefills++;
        }
        int[] fresh = Arrays.copyOfRange(context, from, context.length);
        try (NDManager step = scope.newSubManager()) {
            NDArray logits = gpt.forward(parameters, step.create(fresh, new Shape(1, fresh.length)), cache, false).logits();  // (1, Tnew, V)
            cached = context.clone();
            return logits.get(0, fresh.length - 1).toFloatArray();                                                          // (V)
        } catch (RuntimeException e) {
            if (!cache.isClosed()) {
                cache.clear();                                       // a failed pass may have filled some layers only
            }
            cached = new int[0];
            throw e;
        }
    }

    /** How many calls so far ran the whole context instead of the new tokens alone (first call, new prompt, slid window). */
    public int prefills() {
        return prefills;
    }

    /** Positions the cache holds now. */
    public int cachedLength() {
        return cache.length();
    }

    /** Frees the cache. */
    @Override
    public void close() {
        cache.close();
    }

    /** Whether {@code context} is the cached tokens followed by at least one more. */
    private boolean extendsCached(int[] context) {
        return cached.length > 0 && context.length > cached.length
                && Arrays.equals(context, 0, cached.length, cached, 0, cached.length);
    }
}
