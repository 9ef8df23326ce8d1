package course.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Seeding, done the same way everywhere. Two random sources matter: DJL's engine (PyTorch's generator:
 * parameter initialisation, dropout, {@code randomNormal}) and Java's {@link Random} (batch sampling,
 * shuffling).
 *
 * <p>A run has one seed, in its config; every component that draws random numbers gets its own seed derived from
 * it by name, {@code Seeds.of(config.seed(), "char-gpt/init")}, so what a cell draws never depends on what other
 * cells drew before it (re-running one cell, or resuming half-way, gives the same numbers). The training loop
 * derives one more seed per step from its own, see {@link #forStep}.
 */
public final class Seeds {

    private Seeds() {}

    /** The seed of one named component of a run: the same name and run seed always give the same seed. */
    public static long of(long runSeed, String component) {
        long h = 0xcbf29ce484222325L;                    // FNV-1a over the name's UTF-8 bytes
        for (byte b : component.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return mix(runSeed ^ h);
    }

    /** Seeds the engine with {@code seed} (see {@link #engineSeed}) and returns a Java random source for the same seed. */
    public static Random seedAll(long seed) {
        Engine.getInstance().setRandomSeed(engineSeed(seed));
        return new Random(seed);
    }

    /**
     * Initialises {@code block}'s parameters (float32) from {@code seed} alone: the engine is seeded right before, so
     * the weights do not depend on what drew random numbers earlier. Use a component seed,
     * {@code Seeds.initialize(model, manager, Seeds.of(config.seed(), "char-gpt/init"), inputShape)}.
     */
    public static void initialize(Block block, NDManager manager, long seed, Shape... inputShapes) {
        Engine.getInstance().setRandomSeed(engineSeed(seed));
        block.initialize(manager, DataType.FLOAT32, inputShapes);
    }

    /**
     * The engine takes an {@code int} seed; this is the one place a 64-bit seed becomes one (the two halves folded
     * together, so seeds that differ only in their high bits still differ).
     */
    public static int engineSeed(long seed) {
        return (int) (seed ^ (seed >>> 32));
    }

    /**
     * A seed for one step of one run: training can resume at any step and draw the same batch and the same
     * dropout masks it would have drawn without the interruption.
     */
    public static long forStep(long seed, long step) {
        return mix(seed * 0x9E3779B97F4A7C15L + step);
    }

    /** SplitMix64's finaliser: nearby inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
