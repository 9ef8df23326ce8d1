package course.gpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.decode.Generator;
import java.util.Objects;

/**
 * A {@link Gpt} as {@link Generator} sees it: next-token logits for a context of token ids. Each call runs one
 * forward pass (no dropout) on the context as a batch of one, (1, T) → (1, T, V), and returns the last position's
 * V logits as a Java array. Everything the pass creates lives in a sub-manager of {@code scope} that is closed before
 * the call returns, so a long generation holds no more native memory than one step.
 *
 * <p>It borrows {@code scope} and never closes it: use it only while that manager is open (e.g. inside the
 * try-with-resources block or validation callback that owns it).
 *
 * <p>Every call recomputes the whole context. {@link CachedGptLogits} gives the same logits from a KV cache, running
 * the model on the new token alone.
 */
public final class GptLogits implements Generator.LogitsFunction {

    private final Gpt gpt;
    private final ParameterStore parameters;
    private final NDManager scope;

    public GptLogits(Gpt gpt, ParameterStore parameters, NDManager scope) {
        this.gpt = Objects.requireNonNull(gpt, "gpt");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.scope = Objects.requireNonNull(scope, "scope (the manager whose sub-manager each forward pass uses)");
    }

    /**
     * @param context T token ids, 1 ≤ T ≤ blockSize ({@link Generator} crops longer contexts; a caller of its own
     *                must crop too, or {@link Gpt#forward} refuses it)
     * @return float[V], the logits for the token after {@code context}
     */
    @Override
    public float[] nextLogits(int[] context) {
        try (NDManager step = scope.newSubManager()) {
            NDArray logits = gpt.logits(parameters, step.create(context, new Shape(1, context.length)), false);  // (1, T, V)
            return logits.get(0, context.length - 1).toFloatArray();                                             // (V)
        }
    }
}
