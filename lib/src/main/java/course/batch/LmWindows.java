package course.batch;

import ai.djl.ndarray.NDManager;
import java.util.Random;

/**
 * Random language-model windows over one token stream (GPT, notebook 06; nanoGPT's {@code get_batch}): each of the
 * {@code batchSize} rows starts at its own random position and holds {@code blockSize + 1} consecutive tokens, the
 * first {@code blockSize} as the input and the last {@code blockSize} as the target. Rows are independent, so no
 * state carries from one batch to the next; for that, see {@link BpttStreams}.
 *
 * <p>The draws are fixed: one {@code random.nextInt(tokens.length - blockSize - 1)} per row, in row order (so a
 * window never reaches the stream's last token, as in the notebook's original batcher). Given the same
 * {@code Random} state, {@link #sample} always returns the same batch.
 */
public final class LmWindows {

    private final int[] tokens;
    private final int batchSize;
    private final int blockSize;

    private LmWindows(int[] tokens, int batchSize, int blockSize) {
        if (batchSize < 1 || blockSize < 1) {
            throw new IllegalArgumentException("batchSize and blockSize must be at least 1; got " + batchSize + " and " + blockSize);
        }
        if (tokens.length < blockSize + 2) {
            throw new IllegalArgumentException("a stream of " + tokens.length + " tokens is too short for windows of "
                    + blockSize + " + 1 tokens; it needs at least " + (blockSize + 2));
        }
        this.tokens = tokens;
        this.batchSize = batchSize;
        this.blockSize = blockSize;
    }

    /** Windows of {@code blockSize} over {@code tokens} (not copied: do not change the array while sampling). */
    public static LmWindows over(int[] tokens, int batchSize, int blockSize) {
        return new LmWindows(tokens, batchSize, blockSize);
    }

    /** A batch of {@code batchSize} random windows, drawn from {@code random}, in {@code manager}. */
    public LmBatch sample(NDManager manager, Random random) {
        return LmBatch.fromStarts(manager, tokens, starts(random), blockSize);
    }

    /**
     * Where the next batch's rows start, without making arrays: the draws {@link #sample} makes, for code that keeps
     * batches as Java data (a benchmark writing them to a file). Row b's input is {@code tokens[starts[b] ..
     * starts[b] + blockSize)}, its target the same range plus one.
     */
    public int[] starts(Random random) {
        int[] starts = new int[batchSize];
        for (int b = 0; b < batchSize; b++) {
            starts[b] = random.nextInt(tokens.length - blockSize - 1);
        }
        return starts;
    }

    public int batchSize() {
        return batchSize;
    }

    public int blockSize() {
        return blockSize;
    }
}
