package course.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;

/**
 * The few primitives every block here shares: declaring parameters with GPT-2's initialisation, reading them in a
 * forward pass, and the fused PyTorch ops (linear, dropout, GELU) behind DJL's {@code NDArrayEx}.
 *
 * <p>Memory rule: every op's result belongs to the manager of its first operand. So each forward pass starts from
 * its input (which lives in the caller's per-step manager) and puts parameters second; results never pile up in the
 * model's manager.
 *
 * <p>Public only what a model assembled in another package (a {@code course.gpt.Gpt} and its blocks) needs:
 * {@link #INIT_STD}, {@link #weight}, {@link #uniformWeight}, {@link #bias}, {@link #value}, {@link #linear} and
 * {@link #dropout}, {@link #embedding}, and the argument checks; the rest stays inside this package.
 */
public final class Layers {

    /** GPT-2 / nanoGPT initialise weights and embeddings from N(0, 0.02²). */
    public static final float INIT_STD = 0.02f;

    private Layers() {}

    /** A weight of the given shape drawn from N(0, std²) by the engine's (seeded) generator. */
    public static Parameter weight(String name, Shape shape, float std) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(new NormalInitializer(std)).build();
    }

    /** A bias vector, zeros at first. Its type (BIAS, not WEIGHT) is what keeps AdamW from decaying it. */
    public static Parameter bias(String name, long size) {
        return bias(name, size, Initializer.ZEROS);
    }

    /** A bias vector with its own initial values, e.g. a constant for a gate that should start mostly closed. */
    public static Parameter bias(String name, long size, Initializer initializer) {
        return Parameter.builder().setName(name).setType(Parameter.Type.BIAS).optShape(new Shape(size))
                .optInitializer(initializer).build();
    }

    /**
     * A weight drawn from U(−1/√fanIn, 1/√fanIn), PyTorch's default for {@code nn.Linear}, {@code nn.Conv1d} and the
     * recurrent layers: every unit's input sum starts with a variance independent of how many inputs it has.
     */
    public static Parameter uniformWeight(String name, Shape shape, long fanIn) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(new ai.djl.training.initializer.UniformInitializer((float) (1 / Math.sqrt(fanIn)))).build();
    }

    /**
     * The parameter's current array. It is read from the parameter itself, not from a copy the store may have
     * cached, so a model whose parameters were just loaded from a checkpoint uses the loaded values even through a
     * store that was used before; the store only helps when the input sits on another device.
     */
    public static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        NDArray array = p.getArray();
        // The manager's device, not like.getDevice(): the latter asks the native side afresh for every new array.
        return array.getDevice().equals(like.getManager().getDevice()) ? array : ps.getValue(p, like.getManager().getDevice(), training);
    }

    /** x Wᵀ + b in one fused op: x (…, in), W (out, in), b (out) or null → (…, out). */
    public static NDArray linear(NDArray x, NDArray w, NDArray bOrNull) {
        return x.getNDArrayInternal().linear(x, w, bOrNull).singletonOrThrow();
    }

    /**
     * The rows of {@code table} (V, C) at integer {@code ids} (…) → (…, C), one fused lookup. The lookup's backward
     * pass scatters by the ids, so it reads a copy of them in libtorch's memory ({@link NativeArrays#indexCopy}), never
     * the caller's array, which may sit on a Java buffer that is freed before backward runs. The result belongs to the
     * ids' manager.
     */
    public static NDArray embedding(NDArray ids, NDArray table) {
        NDArray index = NativeArrays.indexCopy(ids);
        return index.getNDArrayInternal().embedding(index, table, ai.djl.ndarray.types.SparseFormat.DENSE).singletonOrThrow();
    }

    /** Inverted dropout: zero each element with probability p and scale the rest by 1/(1−p); identity unless training. */
    public static NDArray dropout(NDArray x, float p, boolean training) {
        if (!training || p == 0f) {
            return x;
        }
        return x.getNDArrayInternal().dropout(x, p, true).singletonOrThrow();
    }

    /**
     * A 0-dimensional array holding {@code value}, in x's manager and type, for multiplying x inside a recorded
     * (autograd) computation. Not {@code x.mul(value)}: DJL's PyTorch engine builds that scalar on a Java direct
     * buffer and drops the buffer as soon as the product is computed, while autograd keeps the scalar for the
     * backward pass (d(x·s)/dx = s); once the garbage collector frees the buffer the gradient reads freed memory
     * (garbage or NaN, depending on GC timing). {@code full} makes the scalar in PyTorch's own memory instead.
     */
    static NDArray scalar(NDArray x, float value) {
        return x.getManager().full(new Shape(), value, x.getDataType());
    }

    /** GELU(x) = x·Φ(x), the exact (erf) form, as PyTorch's {@code nn.GELU()} (Hendrycks &amp; Gimpel 2016). */
    static NDArray gelu(NDArray x) {
        return x.getNDArrayInternal().gelu();
    }

    public static void checkDropout(float dropout) {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    public static void checkLastDimension(NDArray x, long expected, String what) {
        Shape s = x.getShape();
        if (s.dimension() == 0 || s.get(s.dimension() - 1) != expected) {
            throw new IllegalArgumentException(what + " must end in the embedding size " + expected + ", got shape " + s);
        }
    }
}
