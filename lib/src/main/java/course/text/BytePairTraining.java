package course.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Learns the merges of a {@link BytePairEncoder} from a text — the loop of Sennrich et al. (2016), Alg. 1:
 * count adjacent pairs, merge the most frequent one everywhere, repeat.
 *
 * <p>Done naively, every merge would recount every pair of the whole text: thousands of passes over a
 * million bytes. Three observations make it fast (a few seconds for Tiny Shakespeare):
 *
 * <ol>
 *   <li><b>Count distinct chunks once.</b> Pairs never cross chunk boundaries, so a chunk that occurs 5,000
 *       times (" the") is stored once with weight 5,000. Tiny Shakespeare's ~300k chunks are ~25k distinct.
 *   <li><b>Update counts locally.</b> Merging {@code (a, b)} changes the pair counts only of chunks that
 *       contain {@code a b}. For each of those: subtract all its pairs (times its weight), merge, add its
 *       pairs back. An index from each pair to the chunks that contain it finds them directly.
 *   <li><b>Keep candidates in a priority queue</b> ordered by count (then by the tie rule). When a pair's
 *       count changes we push a fresh entry instead of finding the old one; an entry whose count no longer
 *       matches the current count is out of date and is skipped when it reaches the top ("lazy deletion").
 * </ol>
 */
final class BytePairTraining {

    /** A pair with its count when queued; higher counts first, ties by smaller (left, right). */
    private record Candidate(long pair, long count) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate other) {
            int byCount = Long.compare(other.count, count);
            return byCount != 0 ? byCount : Long.compare(pair, other.pair); // ids >= 0: long order = (left, right)
        }
    }

    private final Consumer<String> progress;
    private final int[][] chunks;   // every distinct chunk as its current token ids ...
    private final int[] lengths;    // ... of which the first lengths[c] are in use
    private final long[] weights;   // how often the chunk occurs in the text
    private final Map<Long, Long> pairCounts = new HashMap<>();        // pair -> weighted count (> 0)
    private final Map<Long, Set<Integer>> chunksWithPair = new HashMap<>(); // pair -> chunks that may hold it
    private final PriorityQueue<Candidate> queue = new PriorityQueue<>();

    BytePairTraining(String text, Consumer<String> progress) {
        this.progress = progress;
        Map<String, Long> chunkCounts = new LinkedHashMap<>();
        long total = 0;
        for (String chunk : PreSplit.chunks(text)) {
            chunkCounts.merge(chunk, 1L, Long::sum);
            total++;
        }
        int n = chunkCounts.size();
        chunks = new int[n][];
        lengths = new int[n];
        weights = new long[n];
        int c = 0;
        for (Map.Entry<String, Long> e : chunkCounts.entrySet()) {
            byte[] bytes = BytePairEncoder.utf8(e.getKey());
            chunks[c] = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                chunks[c][i] = bytes[i] & 0xFF;
            }
            lengths[c] = bytes.length;
            weights[c] = e.getValue();
            c++;
        }
        Set<Long> changed = new HashSet<>();
        for (c = 0; c < n; c++) {
            countPairs(c, +1, changed);
        }
        enqueue(changed);
        progress.accept(String.format("pre-split %,d characters into %,d chunks (%,d distinct), %,d distinct pairs",
                text.length(), total, n, pairCounts.size()));
    }

    /** Learns up to {@code maxMerges} merges. */
    BytePairEncoder run(int maxMerges) {
        long start = System.nanoTime();
        List<Candidate> learned = new ArrayList<>();
        int reportEvery = Math.max(1, maxMerges / 10);
        while (learned.size() < maxMerges) {
            Candidate best = pollCurrent();
            if (best == null || best.count < 2) {
                progress.accept(String.format("stopped after %,d of %,d merges: no pair occurs twice any more",
                        learned.size(), maxMerges));
                break;
            }
            int left = (int) (best.pair >>> 32);
            int right = (int) best.pair;
            mergeEverywhere(left, right, BytePairEncoder.BYTES + learned.size());
            learned.add(best);
            if (learned.size() % reportEvery == 0 || learned.size() == 1) {
                BytePairEncoder soFar = encoder(learned);
                progress.accept(String.format("merge %,d/%,d: %s (count %,d)", learned.size(), maxMerges,
                        soFar.describeMerge(learned.size() - 1), best.count));
            }
        }
        progress.accept(String.format("learned %,d merges in %.2f s; vocabulary %,d tokens", learned.size(),
                (System.nanoTime() - start) / 1e9, BytePairEncoder.BYTES + learned.size()));
        return encoder(learned);
    }

    private static BytePairEncoder encoder(List<Candidate> merges) {
        int[] lefts = new int[merges.size()];
        int[] rights = new int[merges.size()];
        for (int k = 0; k < merges.size(); k++) {
            lefts[k] = (int) (merges.get(k).pair >>> 32);
            rights[k] = (int) merges.get(k).pair;
        }
        return new BytePairEncoder(lefts, rights);
    }

    /** The queue's best entry that is still up to date, or null when the queue runs dry. */
    private Candidate pollCurrent() {
        Candidate top;
        while ((top = queue.poll()) != null) {
            if (pairCounts.getOrDefault(top.pair, 0L) == top.count) {
                return top;
            }
        }
        return null;
    }

    /** Merges {@code left right} into {@code merged} in every chunk that holds it, updating all counts. */
    private void mergeEverywhere(int left, int right, int merged) {
        Set<Integer> holders = chunksWithPair.remove(BytePairEncoder.pair(left, right));
        Set<Long> changed = new HashSet<>();
        for (int c : holders) {
            if (!contains(c, left, right)) {
                continue; // an earlier merge already took this pair apart in this chunk
            }
            countPairs(c, -1, changed);
            lengths[c] = BytePairEncoder.mergeAll(chunks[c], lengths[c], left, right, merged);
            countPairs(c, +1, changed);
        }
        // Now no chunk holds "left right" next to each other any more: its count is 0 and it left the map.
        enqueue(changed);
    }

    /** Adds (sign +1) or removes (sign -1) the weighted pairs of chunk {@code c}, noting which changed. */
    private void countPairs(int c, int sign, Set<Long> changed) {
        int[] symbols = chunks[c];
        long delta = sign * weights[c];
        for (int i = 0; i + 1 < lengths[c]; i++) {
            long pair = BytePairEncoder.pair(symbols[i], symbols[i + 1]);
            long count = pairCounts.getOrDefault(pair, 0L) + delta;
            if (count == 0) {
                pairCounts.remove(pair);
            } else {
                pairCounts.put(pair, count);
            }
            if (sign > 0) {
                chunksWithPair.computeIfAbsent(pair, p -> new HashSet<>()).add(c);
            }
            changed.add(pair);
        }
    }

    private boolean contains(int c, int left, int right) {
        for (int i = 0; i + 1 < lengths[c]; i++) {
            if (chunks[c][i] == left && chunks[c][i + 1] == right) {
                return true;
            }
        }
        return false;
    }

    /** Queues the current count of every changed pair that could still be merged (count >= 2). */
    private void enqueue(Set<Long> changed) {
        for (long pair : changed) {
            long count = pairCounts.getOrDefault(pair, 0L);
            if (count >= 2) {
                queue.add(new Candidate(pair, count));
            }
        }
    }
}
