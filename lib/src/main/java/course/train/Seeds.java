package course.train;

import ai.djl.engine.Engine;
import java.util.Random;

/**
 * Seeding, done the same way everywhere. Two random sources matter: DJL's engine (PyTorch's generator:
 * parameter initialisation, dropout, {@code randomNormal}) and Java's {@link Random} (batch sampling,
 * shuffling). Each component gets its own {@code Random} derived from the run seed, never a shared one.
 */
public final class Seeds {

    private Seeds() {}

    /** Seeds the engine and returns a Java random source for the same seed. */
    public static Random seedAll(long seed) {
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        return new Random(seed);
    }

    /**
     * A seed for one step of one run: training can resume at any step and draw the same batch and the same
     * dropout masks it would have drawn without the interruption.
     */
    public static long forStep(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
