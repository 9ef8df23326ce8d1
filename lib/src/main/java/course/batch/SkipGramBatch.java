package course.batch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.embed.NoiseTable;
import course.nn.NativeArrays;
import java.util.List;
import java.util.Random;

/**
 * A skip-gram batch with negative sampling, for word2vec written as tensors (notebook 01 §6): B (centre, context)
 * pairs and K noise words per pair. The ids are in libtorch's own memory (the lookups' backward passes read them).
 *
 * @param centres   (B) int32 centre word ids: rows of the input vectors
 * @param contexts  (B) int32 context word ids: rows of the output vectors, the true pairs
 * @param negatives (B, K) int32 noise word ids drawn from the noise table: rows of the output vectors
 */
public record SkipGramBatch(NDArray centres, NDArray contexts, NDArray negatives) {

    /**
     * Pairs {@code from} to {@code from + size - 1} of {@code pairs} (each {@code {centre, context}}), with
     * {@code negatives} noise words per pair: {@code size · negatives} draws from {@code random}, row by row.
     */
    public static SkipGramBatch of(NDManager manager, List<int[]> pairs, int from, int size, NoiseTable noise, int negatives,
            Random random) {
        int[] centres = new int[size];
        int[] contexts = new int[size];
        for (int i = 0; i < size; i++) {
            int[] pair = pairs.get(from + i);
            centres[i] = pair[0];
            contexts[i] = pair[1];
        }
        int[] noiseIds = noise.draw(random, size * negatives);
        return new SkipGramBatch(NativeArrays.ints(manager, centres, new Shape(size)),
                NativeArrays.ints(manager, contexts, new Shape(size)),
                NativeArrays.ints(manager, noiseIds, new Shape(size, negatives)));
    }

    /** B, the number of pairs. */
    public int batchSize() {
        return (int) centres.getShape().get(0);
    }
}
