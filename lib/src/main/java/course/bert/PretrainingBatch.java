package course.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.nn.NativeArrays;
import java.util.List;

/**
 * A batch of masked pairs for one pretraining step, padded with [PAD] to its longest pair (T). The masked-LM targets
 * are kept as a flat list over the batch, so that the output layer (the expensive V-wide product) runs at the N
 * chosen positions only, not at all B·T.
 *
 * <pre>
 *   tokens          (B, T)  int32    corrupted input ids, [PAD] after each pair
 *   segments        (B, T)  int32    0 for [CLS] A [SEP], 1 for B [SEP] (and padding)
 *   real            (B, T)  boolean  true at the pair's tokens, false at padding: the attention mask
 *   maskedPositions (N)     int32    b·T + t for each chosen position, batch order
 *   maskedTargets   (N)     int32    the original id there
 *   nextSentence    (B)     int32    0 = IsNext, 1 = NotNext (BERT's convention)
 * </pre>
 *
 * All arrays are in libtorch's own memory ({@link NativeArrays}) and belong to the manager they were made in.
 */
public record PretrainingBatch(NDArray tokens, NDArray segments, NDArray real, NDArray maskedPositions, NDArray maskedTargets,
                               NDArray nextSentence, int predictions) {

    /** 0: B followed A; 1: B is from another document. */
    public static final int IS_NEXT = 0;
    public static final int NOT_NEXT = 1;

    public static PretrainingBatch of(NDManager manager, List<Masking.MaskedPair> pairs, SpecialIds special) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one pair");
        }
        int b = pairs.size();
        int t = pairs.stream().mapToInt(p -> p.pair().length()).max().orElseThrow();
        int n = pairs.stream().mapToInt(Masking.MaskedPair::predictions).sum();
        if (n == 0) {
            throw new IllegalArgumentException("no pair in the batch has a maskable token: nothing for the masked-LM to predict");
        }
        int[] tokens = new int[b * t];
        int[] segments = new int[b * t];
        boolean[] real = new boolean[b * t];
        int[] positions = new int[n];
        int[] targets = new int[n];
        int[] next = new int[b];
        java.util.Arrays.fill(tokens, special.pad());
        int k = 0;
        for (int row = 0; row < b; row++) {
            Masking.MaskedPair p = pairs.get(row);
            SentencePair pair = p.pair();
            for (int i = 0; i < pair.length(); i++) {
                tokens[row * t + i] = p.inputAt(i);
                segments[row * t + i] = pair.segment(i);
                real[row * t + i] = true;
            }
            for (int j = 0; j < p.predictions(); j++) {
                positions[k] = row * t + p.position(j);
                targets[k] = p.target(j);
                k++;
            }
            next[row] = pair.isNext() ? IS_NEXT : NOT_NEXT;
        }
        Shape bt = new Shape(b, t);
        return new PretrainingBatch(NativeArrays.ints(manager, tokens, bt), NativeArrays.ints(manager, segments, bt),
                NativeArrays.booleans(manager, real, bt), NativeArrays.ints(manager, positions, new Shape(n)),
                NativeArrays.ints(manager, targets, new Shape(n)), NativeArrays.ints(manager, next, new Shape(b)), n);
    }

    public int size() {
        return (int) tokens.getShape().get(0);
    }

    public int length() {
        return (int) tokens.getShape().get(1);
    }
}
