package course.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.nn.NativeArrays;

/**
 * The Transformer's fixed position signal (Vaswani et al. 2017, §3.5):
 *
 * <pre>
 *   PE(pos, 2i)   = sin(pos / 10000^(2i / d_model))
 *   PE(pos, 2i+1) = cos(pos / 10000^(2i / d_model))
 * </pre>
 *
 * Each pair of dimensions is a clock hand turning at its own speed, from one turn every 2π positions (i = 0) to one
 * every 10000·2π; "for any fixed offset k, PE(pos+k) can be represented as a linear function of PE(pos)" — a rotation
 * of each pair — so attention can learn relative offsets. Nothing is learned, so it extends to any length.
 */
public final class SinusoidalPositions {

    private SinusoidalPositions() {}

    /** The table (length, dModel) as numbers, row = position; computed in double, stored as float. */
    public static float[][] table(int length, int dModel) {
        if (length < 1 || dModel < 2 || dModel % 2 != 0) {
            throw new IllegalArgumentException("need length >= 1 and an even dModel >= 2, got length=" + length + ", dModel=" + dModel);
        }
        float[][] pe = new float[length][dModel];
        for (int pos = 0; pos < length; pos++) {
            for (int i = 0; i < dModel / 2; i++) {
                double angle = pos / Math.pow(10000, 2.0 * i / dModel);
                pe[pos][2 * i] = (float) Math.sin(angle);
                pe[pos][2 * i + 1] = (float) Math.cos(angle);
            }
        }
        return pe;
    }

    /** The table as a (length, dModel) array in libtorch's memory, owned by {@code manager}. */
    public static NDArray array(NDManager manager, int length, int dModel) {
        float[][] pe = table(length, dModel);
        float[] flat = new float[length * dModel];
        for (int pos = 0; pos < length; pos++) {
            System.arraycopy(pe[pos], 0, flat, pos * dModel, dModel);
        }
        return NativeArrays.floats(manager, flat, new Shape(length, dModel));
    }
}
