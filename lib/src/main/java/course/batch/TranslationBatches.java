package course.batch;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.nn.NativeArrays;
import course.text.TranslationVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Sentence pairs cut into batches by a token budget, the way translation models are trained (Vaswani et al. 2017
 * §5.1: "each training batch contained a set of sentence pairs containing approximately 25000 source tokens and
 * 25000 target tokens"): pairs of similar length go together, so a batch is mostly real tokens, and short sentences
 * come many to a batch, long ones few.
 *
 * <p>The batches are cut once: pairs sorted by (source length, target length), ties in a seeded order, then filled
 * while B × (longest row + …) stays within {@code maxTokens} on each side. Each pass visits all of them in its own
 * seeded order, a function of (seed, pass) only, so a resumed run sees the same batches at the same steps.
 * Pairs longer than {@code maxLength} on either side (the target counted with its end token) are left out, and
 * {@link #dropped()} says how many.
 */
public final class TranslationBatches {

    private final List<int[]> sources;
    private final List<int[]> targets;
    private final List<int[]> batches;
    private final long seed;
    private final int dropped;

    /**
     * @param sources   each pair's source ids (no start or end), at least one
     * @param targets   each pair's target ids (no start or end); the batch adds &lt;s&gt; and &lt;/s&gt;
     * @param maxTokens padded tokens a batch may hold on each side
     * @param maxLength the model's longest sequence
     */
    public TranslationBatches(List<int[]> sources, List<int[]> targets, int maxTokens, int maxLength, long seed) {
        if (sources.size() != targets.size() || sources.isEmpty()) {
            throw new IllegalArgumentException("need as many sources as targets, at least one pair; got " + sources.size() + " and " + targets.size());
        }
        if (maxLength < 2 || maxTokens < maxLength) {
            throw new IllegalArgumentException("need maxLength >= 2 and maxTokens >= maxLength (one longest pair must fit), got maxTokens="
                    + maxTokens + ", maxLength=" + maxLength);
        }
        this.sources = List.copyOf(sources);
        this.targets = List.copyOf(targets);
        this.seed = seed;
        List<Integer> kept = new ArrayList<>();
        int out = 0;
        for (int i = 0; i < sources.size(); i++) {
            int s = sources.get(i).length, t = targets.get(i).length + 1;
            if (s >= 1 && s <= maxLength && t <= maxLength) kept.add(i);
            else out++;
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("every pair is empty or longer than maxLength = " + maxLength + " on one side: nothing to batch");
        }
        dropped = out;
        int[] tieBreak = new int[sources.size()];
        Random random = new Random(seed);
        for (int i = 0; i < tieBreak.length; i++) tieBreak[i] = random.nextInt();
        kept.sort(Comparator.<Integer>comparingInt(i -> sources.get(i).length).thenComparingInt(i -> targets.get(i).length)
                .thenComparingInt(i -> tieBreak[i]));
        List<int[]> cut = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int longestSource = 0, longestTarget = 0;
        for (int i : kept) {
            int s = Math.max(longestSource, sources.get(i).length);
            int t = Math.max(longestTarget, targets.get(i).length + 1);
            if (!current.isEmpty() && (current.size() + 1) * Math.max(s, t) > maxTokens) {
                cut.add(current.stream().mapToInt(Integer::intValue).toArray());
                current = new ArrayList<>();
                s = sources.get(i).length;
                t = targets.get(i).length + 1;
            }
            current.add(i);
            longestSource = s;
            longestTarget = t;
        }
        cut.add(current.stream().mapToInt(Integer::intValue).toArray());
        batches = List.copyOf(cut);
    }

    public int batchesPerEpoch() {
        return batches.size();
    }

    /** Pairs left out for being longer than the model's limit. */
    public int dropped() {
        return dropped;
    }

    /** The pairs of every batch, in the order they were cut (by length): for scoring or decoding a whole split. */
    public List<int[]> inLengthOrder() {
        return batches.stream().map(int[]::clone).toList();
    }

    /** The batch of training step {@code step}: pass step / N, in that pass's seeded order. */
    public TranslationBatch batch(NDManager manager, int step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        int n = batches.size();
        int[] order = passOrder(step / n);
        return of(manager, batches.get(order[step % n]));
    }

    private int[] passOrder(int pass) {
        int[] order = new int[batches.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Random random = new Random(seed * 1_000_003L + pass);
        for (int i = order.length - 1; i > 0; i--) {                 // Fisher–Yates
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** The given pairs as one padded batch. */
    public TranslationBatch of(NDManager manager, int[] pairs) {
        int b = pairs.length;
        int s = 0, t = 0;
        for (int p : pairs) {
            s = Math.max(s, sources.get(p).length);
            t = Math.max(t, targets.get(p).length + 1);
        }
        int[] source = new int[b * s];
        int[] in = new int[b * t];
        int[] out = new int[b * t];
        boolean[] mask = new boolean[b * t];
        int[] sourceLengths = new int[b];
        int[] targetLengths = new int[b];
        Arrays.fill(source, TranslationVocabulary.PAD);
        Arrays.fill(in, TranslationVocabulary.PAD);
        Arrays.fill(out, TranslationVocabulary.PAD);
        for (int r = 0; r < b; r++) {
            int[] x = sources.get(pairs[r]);
            int[] y = targets.get(pairs[r]);
            System.arraycopy(x, 0, source, r * s, x.length);
            sourceLengths[r] = x.length;
            in[r * t] = TranslationVocabulary.START;
            System.arraycopy(y, 0, in, r * t + 1, y.length);
            System.arraycopy(y, 0, out, r * t, y.length);
            out[r * t + y.length] = TranslationVocabulary.END;
            targetLengths[r] = y.length + 1;
            for (int i = 0; i <= y.length; i++) mask[r * t + i] = true;
        }
        return new TranslationBatch(NativeArrays.ints(manager, source, new Shape(b, s)), sourceLengths,
                NativeArrays.ints(manager, in, new Shape(b, t)), NativeArrays.ints(manager, out, new Shape(b, t)),
                NativeArrays.booleans(manager, mask, new Shape(b, t)), targetLengths, pairs);
    }
}
