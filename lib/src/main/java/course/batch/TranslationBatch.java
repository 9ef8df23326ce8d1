package course.batch;

import ai.djl.ndarray.NDArray;

/**
 * A batch of sentence pairs for an encoder–decoder, each side padded to its longest row. All arrays are in
 * libtorch's own memory and belong to the manager they were made in.
 *
 * <pre>
 *   source        (B, S) int32    source ids, then padding
 *   sourceLengths B ints          real source tokens per row, 1..S
 *   targetIn      (B, T) int32    &lt;s&gt; y₁ … y_n, then padding         the decoder's input ("teacher forcing")
 *   targetOut     (B, T) int32    y₁ … y_n &lt;/s&gt;, then padding        what each position must predict
 *   targetMask    (B, T) boolean  true at the n + 1 real positions     the loss's mask
 *   targetLengths B ints          n + 1 per row
 *   pairs         B ints          which pairs of the corpus the rows are
 * </pre>
 */
public record TranslationBatch(NDArray source, int[] sourceLengths, NDArray targetIn, NDArray targetOut, NDArray targetMask,
                               int[] targetLengths, int[] pairs) {

    public TranslationBatch {
        sourceLengths = sourceLengths.clone();
        targetLengths = targetLengths.clone();
        pairs = pairs.clone();
    }

    @Override
    public int[] sourceLengths() {
        return sourceLengths.clone();
    }

    @Override
    public int[] targetLengths() {
        return targetLengths.clone();
    }

    @Override
    public int[] pairs() {
        return pairs.clone();
    }

    /** Rows in the batch. */
    public int size() {
        return pairs.length;
    }

    /** Real target tokens (the loss's positions) in the batch. */
    public int targetTokens() {
        int n = 0;
        for (int t : targetLengths) n += t;
        return n;
    }
}
