package course.batch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.embed.NoiseTable;
import course.nn.NativeArrays;
import java.util.List;
import java.util.Random;

/**
 * A CBOW batch with negative sampling, for word2vec written as tensors (notebook 01 §6, CBOW): B windows of context
 * words, the centre word each predicts, and K noise words per window. The ids are in libtorch's own memory.
 *
 * @param contexts  (B, W) int32 context word ids of each window (W = 2 · window half-width)
 * @param centres   (B) int32 centre word ids, the words to predict
 * @param negatives (B, K) int32 noise word ids
 */
public record CbowBatch(NDArray contexts, NDArray centres, NDArray negatives) {

    /** One training example: the context words around a position and the word at it. */
    public record Example(int[] context, int centre) {
        public Example {
            context = context.clone();
        }
    }

    /**
     * Examples {@code from} to {@code from + size - 1}, all with contexts of the same width, and {@code negatives} noise
     * words per example: {@code size · negatives} draws from {@code random}, row by row.
     */
    public static CbowBatch of(NDManager manager, List<Example> examples, int from, int size, NoiseTable noise, int negatives,
            Random random) {
        int width = examples.get(from).context().length;
        int[] contexts = new int[size * width];
        int[] centres = new int[size];
        for (int i = 0; i < size; i++) {
            Example e = examples.get(from + i);
            if (e.context().length != width) {
                throw new IllegalArgumentException("example " + (from + i) + " has " + e.context().length
                        + " context words, the batch's first has " + width + "; a batch needs one width");
            }
            System.arraycopy(e.context(), 0, contexts, i * width, width);
            centres[i] = e.centre();
        }
        int[] noiseIds = noise.draw(random, size * negatives);
        return new CbowBatch(NativeArrays.ints(manager, contexts, new Shape(size, width)),
                NativeArrays.ints(manager, centres, new Shape(size)),
                NativeArrays.ints(manager, noiseIds, new Shape(size, negatives)));
    }

    /** B, the number of examples. */
    public int batchSize() {
        return (int) centres.getShape().get(0);
    }
}
