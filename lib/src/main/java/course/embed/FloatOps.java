package course.embed;

/**
 * The two loops word2vec spends its time in, over slices of flat float arrays: a dot product and
 * {@code y += a·x} ("axpy"). They run on SIMD lanes through the JDK's Vector API when the JVM was started
 * with {@code --add-modules jdk.incubator.vector} (the course's kernel is), and as plain loops otherwise.
 */
sealed interface FloatOps permits ScalarOps, SimdOps {

    float dot(float[] a, int aOffset, float[] b, int bOffset, int length);

    void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int length);

    /** SIMD when the Vector API module is present, scalar loops otherwise. */
    static FloatOps best() {
        boolean vectorApi = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        return vectorApi && !Boolean.getBoolean("course.noSimd") ? SimdOps.create() : new ScalarOps();
    }
}
