package course.embed;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link FloatOps} on the widest SIMD registers the CPU has (8 floats with AVX2, 16 with AVX-512). */
final class SimdOps implements FloatOps {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private SimdOps() {}

    static SimdOps create() {
        return new SimdOps();
    }

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        FloatVector sum = FloatVector.zero(SPECIES);
        int i = 0;
        int upper = SPECIES.loopBound(length);
        for (; i < upper; i += SPECIES.length()) {
            FloatVector va = FloatVector.fromArray(SPECIES, a, aOffset + i);
            FloatVector vb = FloatVector.fromArray(SPECIES, b, bOffset + i);
            sum = va.fma(vb, sum);
        }
        float s = sum.reduceLanes(VectorOperators.ADD);
        for (; i < length; i++) {
            s += a[aOffset + i] * b[bOffset + i];
        }
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int length) {
        int i = 0;
        int upper = SPECIES.loopBound(length);
        FloatVector va = FloatVector.broadcast(SPECIES, alpha);
        for (; i < upper; i += SPECIES.length()) {
            FloatVector vx = FloatVector.fromArray(SPECIES, x, xOffset + i);
            FloatVector vy = FloatVector.fromArray(SPECIES, y, yOffset + i);
            vx.fma(va, vy).intoArray(y, yOffset + i);
        }
        for (; i < length; i++) {
            y[yOffset + i] += alpha * x[xOffset + i];
        }
    }
}
