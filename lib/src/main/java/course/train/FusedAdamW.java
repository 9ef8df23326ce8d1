package course.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AdamW}'s update in one pass over the weight, its gradient and the two moments, on SIMD lanes, straight in
 * libtorch's memory. The op-by-op update reads and writes each parameter-sized array some 30 times (15 ops, four of
 * them allocating); this reads four arrays and writes three, once. For a word-level LSTM with a 10,000-word
 * vocabulary (4.7M parameters, most of them in the embedding and the output layer) that is the difference between
 * an optimiser step slower than PyTorch's and one several times faster (bench/lstm).
 *
 * <p>The arithmetic is PyTorch's for-loop AdamW ({@code torch.optim.AdamW}, foreach off, as on CPU tensors), rounding
 * step by rounding step: w ← w·(1 − ηλ); m ← lerp(m, g, 1 − β1) = fma(1 − β1, g − m, m); v ← v·β2 + ((1 − β2)·g)·g;
 * w ← w + (−η/(1 − β1ᵗ))·m / (√v / √(1 − β2ᵗ) + ε), every constant rounded to float32 as PyTorch rounds its Python
 * scalars.
 *
 * <p>Used only when each array is a contiguous float32 CPU tensor whose buffer really is the tensor's memory
 * ({@link #aliased}); otherwise {@link AdamW} falls back to its ops. Loaded only when the JVM has the Vector API
 * module ({@code --add-modules jdk.incubator.vector}, as the course's kernel does).
 */
final class FusedAdamW {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private FusedAdamW() {}

    /**
     * One update of {@code weight} in place (and of {@code m}, {@code v}); false, with nothing changed, when an array
     * is not one this pass can write directly.
     */
    static boolean update(NDArray weight, NDArray grad, NDArray m, NDArray v, AdamW.Settings s, int step, double learningRate,
            boolean decays) {
        long n = weight.size();
        if (n * Float.BYTES > Integer.MAX_VALUE || grad.size() != n || m.size() != n || v.size() != n) {
            return false;
        }
        ByteBuffer w = aliased(weight);
        ByteBuffer g = aliased(grad);
        ByteBuffer mb = aliased(m);
        ByteBuffer vb = aliased(v);
        if (w == null || g == null || mb == null || vb == null) {
            return false;
        }
        // PyTorch's Python scalars, computed in double and rounded to float32 where the kernel meets them.
        float decay = decays && s.weightDecay() > 0 ? (float) (1 - learningRate * s.weightDecay()) : 1f;
        float lerpWeight = (float) (1 - s.beta1());
        float beta2 = (float) s.beta2();
        float oneMinusBeta2 = (float) (1 - s.beta2());
        float correction2 = (float) Math.sqrt(1 - Math.pow(s.beta2(), step));
        float epsilon = (float) s.epsilon();
        float negativeStep = (float) -(learningRate / (1 - Math.pow(s.beta1(), step)));
        int size = (int) n;
        int i = 0;
        if (lerpWeight < 0.5f) {   // lerp's form for small weights (β1 > 0.5, as always in practice)
            FloatVector lerp = FloatVector.broadcast(SPECIES, lerpWeight);
            int upper = SPECIES.loopBound(size);
            for (; i < upper; i += SPECIES.length()) {
                int at = i * Float.BYTES;
                FloatVector gi = FloatVector.fromByteBuffer(SPECIES, g, at, ORDER);
                FloatVector wi = FloatVector.fromByteBuffer(SPECIES, w, at, ORDER);
                if (decay != 1f) {
                    wi = wi.mul(decay);
                }
                FloatVector mi = FloatVector.fromByteBuffer(SPECIES, mb, at, ORDER);
                mi = gi.sub(mi).fma(lerp, mi);                                                        // lerp(m, g, 1 − β1)
                FloatVector vi = FloatVector.fromByteBuffer(SPECIES, vb, at, ORDER).mul(beta2);
                vi = vi.add(gi.mul(oneMinusBeta2).mul(gi));                                           // addcmul
                FloatVector denominator = vi.sqrt().div(correction2).add(epsilon);
                wi = wi.add(mi.mul(negativeStep).div(denominator));                                   // addcdiv
                mi.intoByteBuffer(mb, at, ORDER);
                vi.intoByteBuffer(vb, at, ORDER);
                wi.intoByteBuffer(w, at, ORDER);
            }
        }
        for (; i < size; i++) {   // the tail, or every element for β1 ≤ 0.5
            int at = i * Float.BYTES;
            float gi = g.getFloat(at);
            float wi = w.getFloat(at);
            if (decay != 1f) {
                wi *= decay;
            }
            float mi = mb.getFloat(at);
            mi = lerpWeight < 0.5f ? Math.fma(lerpWeight, gi - mi, mi) : Math.fma(lerpWeight - 1f, gi - mi, gi);
            float vi = vb.getFloat(at) * beta2;
            vi = vi + oneMinusBeta2 * gi * gi;
            float denominator = (float) Math.sqrt(vi) / correction2 + epsilon;
            wi = wi + negativeStep * mi / denominator;
            mb.putFloat(at, mi);
            vb.putFloat(at, vi);
            w.putFloat(at, wi);
        }
        return true;
    }

    /**
     * The array's memory as a buffer, or null when the buffer DJL hands out is not that memory. For a contiguous CPU
     * tensor {@code toByteBuffer(true)} wraps libtorch's own data; for any other it is a fresh contiguous copy, and
     * writing to it would change nothing. Told apart by writing one flipped bit through one buffer and reading it
     * through a second (a copy would not see it), then putting the bit back.
     */
    static ByteBuffer aliased(NDArray array) {
        if (array.getDataType() != DataType.FLOAT32 || !array.getDevice().equals(Device.cpu()) || array.size() == 0) {
            return null;
        }
        ByteBuffer one = array.toByteBuffer(true);
        if (!one.isDirect() || one.capacity() != array.size() * Float.BYTES) {
            return null;
        }
        ByteBuffer two = array.toByteBuffer(true);
        int bits = one.getInt(0);
        one.putInt(0, bits ^ 1);
        boolean same = two.getInt(0) == (bits ^ 1);
        one.putInt(0, bits);
        return same ? one.order(ORDER) : null;
    }
}
