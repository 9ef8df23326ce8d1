package course.embed;

/** {@link FloatOps} as plain loops, four accumulators wide so the CPU can overlap the multiplications. */
final class ScalarOps implements FloatOps {

    @Override
    public float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < length; i += 4) {
            s0 += a[aOffset + i] * b[bOffset + i];
            s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
            s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
            s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
        }
        for (; i < length; i++) {
            s0 += a[aOffset + i] * b[bOffset + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int length) {
        for (int i = 0; i < length; i++) {
            y[yOffset + i] += alpha * x[xOffset + i];
        }
    }
}
