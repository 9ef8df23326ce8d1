package course.batch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.nn.NativeArrays;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of labelled texts for a sequence classifier, padded to one length T: every row holds a text's first
 * {@code min(length, T)} token ids, then the pad id up to T. Padding sits <em>after</em> the text, so with causal
 * attention (GPT) or a left-to-right LSTM the last real token never sees it. All arrays are in libtorch's own memory
 * ({@link course.nn.NativeArrays}: autograd may read the ids, the selector and the masks) and belong to the manager
 * they were made in.
 *
 * <pre>
 *   tokens    (B, T)    int32    ids, pad id after the text
 *   lengths   (B)       int32    real tokens per row, 1..T (after truncation)
 *   mask      (B, T)    boolean  true at real positions: t &lt; length
 *   labels    (B)       int32    class index per row
 *   lastToken (B, T, 1) float32  one-hot at t = length - 1: hidden (B, T, C) · lastToken, summed over T, is the
 *                                state of each row's last real token (GPT-1's classifier input)
 *   lmMask    (B, T-1)  boolean  true where position t's next-token target t + 1 is inside the text, t &lt; length - 1:
 *                                the mask for a language-model loss on logits[:, :-1] against tokens[:, 1:]
 * </pre>
 *
 * @param tokens    (B, T) int32
 * @param lengths   (B) int32
 * @param mask      (B, T) boolean
 * @param labels    (B) int32
 * @param lastToken (B, T, 1) float32
 * @param lmMask    (B, T - 1) boolean
 */
public record ClassificationBatch(NDArray tokens, NDArray lengths, NDArray mask, NDArray labels, NDArray lastToken, NDArray lmMask) {

    /** One encoded text and its class index; {@code tokens} may be longer than the batch's length (it is truncated). */
    public record Example(int[] tokens, int label) {
        public Example {
            if (tokens.length == 0) {
                throw new IllegalArgumentException("an example needs at least one token (the classifier reads the last one)");
            }
            if (label < 0) {
                throw new IllegalArgumentException("label " + label + " is not a class index");
            }
        }
    }

    /**
     * The batch of {@code examples}, in order, each truncated to its first {@code maxLength} tokens and padded with
     * {@code padId} to exactly {@code maxLength} (T = maxLength for every batch, whatever its texts' lengths).
     */
    public static ClassificationBatch of(NDManager manager, List<Example> examples, int maxLength, int padId) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one example");
        }
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2 (the LM mask has maxLength - 1 positions); got " + maxLength);
        }
        int size = examples.size();
        int length = maxLength;
        int[] tokens = new int[size * length];
        int[] lengths = new int[size];
        boolean[] mask = new boolean[size * length];
        int[] labels = new int[size];
        float[] last = new float[size * length];
        boolean[] lm = new boolean[size * (length - 1)];
        Arrays.fill(tokens, padId);
        for (int b = 0; b < size; b++) {
            Example e = examples.get(b);
            int n = Math.min(e.tokens().length, length);
            System.arraycopy(e.tokens(), 0, tokens, b * length, n);
            lengths[b] = n;
            Arrays.fill(mask, b * length, b * length + n, true);
            labels[b] = e.label();
            last[b * length + n - 1] = 1;
            Arrays.fill(lm, b * (length - 1), b * (length - 1) + n - 1, true);
        }
        return new ClassificationBatch(
                NativeArrays.ints(manager, tokens, new Shape(size, length)),
                NativeArrays.ints(manager, lengths, new Shape(size)),
                NativeArrays.booleans(manager, mask, new Shape(size, length)),
                NativeArrays.ints(manager, labels, new Shape(size)),
                NativeArrays.floats(manager, last, new Shape(size, length, 1)),
                NativeArrays.booleans(manager, lm, new Shape(size, length - 1)));
    }

    /** B, the number of rows. */
    public int batchSize() {
        return (int) tokens.getShape().get(0);
    }

    /** T, the padded length. */
    public int length() {
        return (int) tokens.getShape().get(1);
    }
}
