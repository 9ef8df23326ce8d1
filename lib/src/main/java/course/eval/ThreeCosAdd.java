package course.eval;

import course.embed.WordVectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * 3CosAdd, the analogy rule of Mikolov et al. (2013, section 4.1; named so by Levy &amp; Goldberg 2014): "a is to b as
 * c is to ?" is answered by the word x maximising x . (b - a + c) over unit vectors, which is cos(x, b) - cos(x, a)
 * + cos(x, c) up to the constant length of the target. The one implementation of the rule, for {@link Analogies}
 * (the best word of thousands of questions) and {@link Neighbours#analogy} (the ranked words of one question):
 * <ul>
 *   <li>words are looked up lower-cased, like gensim's case-insensitive mode; when two vocabulary words differ only
 *       in case, the more frequent (smaller id) wins;</li>
 *   <li>the three question words are not allowed as answers (otherwise b itself often wins);</li>
 *   <li>on a tie the smaller id (the more frequent word) ranks first.</li>
 * </ul>
 * Immutable, and safe to share between threads.
 */
final class ThreeCosAdd {

    /** Receives the scores of vocabulary row {@code row} against the questions of one block. */
    @FunctionalInterface
    private interface RowScores {
        void accept(int row, float[] score);
    }

    /** Questions scored together against all vocabulary rows: their (dims, BLOCK) matrix stays in L1 cache. */
    private static final int BLOCK = 64;

    private final WordVectors unit;
    private final Map<String, Integer> lowerCaseIds;

    private ThreeCosAdd(WordVectors unit) {
        this.unit = unit;
        lowerCaseIds = new HashMap<>();
        for (int id = unit.size() - 1; id >= 0; id--) { // downwards: the smallest id of a case-folded word is put last
            lowerCaseIds.put(unit.vocabulary().word(id).toLowerCase(Locale.ROOT), id);
        }
    }

    /** The rule over {@code vectors}' normalised rows ({@code vectors} itself is not changed). */
    static ThreeCosAdd of(WordVectors vectors) {
        return new ThreeCosAdd(vectors.normalised());
    }

    /** The unit vectors it scores. */
    WordVectors unitVectors() {
        return unit;
    }

    /** The id of {@code word} lower-cased, or -1 when no vocabulary word lower-cases to it. */
    int idOrMinusOne(String word) {
        return lowerCaseIds.getOrDefault(word.toLowerCase(Locale.ROOT), -1);
    }

    /** The id of {@code word} lower-cased, or an exception that names it. */
    int id(String word) {
        int id = idOrMinusOne(word);
        if (id < 0) {
            throw new IllegalArgumentException("'" + word + "' is not in the vocabulary of " + unit.size()
                    + " words, not even lower-cased (too rare for the min count, or not in the corpus)");
        }
        return id;
    }

    /**
     * The answer to each question (a, b, c) of ids: the id maximising x . (b - a + c), a, b and c excluded; -1 when
     * the vocabulary holds nothing but the question words. Blocks of questions run on {@code threads} threads; the
     * result does not depend on their number.
     */
    int[] best(List<int[]> questions, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        int n = questions.size();
        int[] predicted = new int[n];
        if (n == 0) {
            return predicted;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "analogies");
            t.setDaemon(true); // never keeps a notebook kernel or a JVM alive
            return t;
        });
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int start = 0; start < n; start += BLOCK) {
                int from = start, to = Math.min(n, start + BLOCK);
                jobs.add(pool.submit(() -> bestOfBlock(questions.subList(from, to), predicted, from)));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("analogy evaluation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("analogy evaluation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return predicted;
    }

    /**
     * Every row's score x . (b - a + c) for one question (float[size]), by the same arithmetic as {@link #best}, so
     * the highest score outside a, b and c is the answer {@code best} gives.
     */
    float[] scores(int a, int b, int c) {
        float[] all = new float[unit.size()];
        scoreRows(List.of(new int[] {a, b, c}), (row, score) -> all[row] = score[0]);
        return all;
    }

    /** The length of the target b - a + c, to turn {@link #scores} into cosines (0 for a zero target). */
    double targetLength(int a, int b, int c) {
        double squares = 0;
        for (float t : target(a, b, c)) {
            squares += (double) t * t;
        }
        return Math.sqrt(squares);
    }

    /** b - a + c, float[dims], in float arithmetic as the scores use it. */
    private float[] target(int a, int b, int c) {
        float[] t = new float[unit.dimensions()];
        for (int d = 0; d < t.length; d++) {
            t[d] = unit.get(b, d) - unit.get(a, d) + unit.get(c, d);
        }
        return t;
    }

    private void bestOfBlock(List<int[]> block, int[] predicted, int from) {
        int m = block.size();
        int[][] question = block.toArray(new int[0][]); // (a, b, c, ...) per question: the excluded ids come first
        float[] best = new float[m];
        int[] bestId = new int[m];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        Arrays.fill(bestId, -1);
        scoreRows(block, (row, score) -> {
            for (int j = 0; j < m; j++) {
                int[] q = question[j];
                // Strictly greater: on a tie the smaller id (the more frequent word) keeps the place.
                if (score[j] > best[j] && row != q[0] && row != q[1] && row != q[2]) {
                    best[j] = score[j];
                    bestId[j] = row;
                }
            }
        });
        System.arraycopy(bestId, 0, predicted, from, m);
    }

    /**
     * Scores up to {@code BLOCK} questions (a, b, c) against every row, handing each row's scores to {@code sink} in
     * id order. The targets b - a + c are stored transposed, (dims, width), so the innermost loop
     * {@code score[j] += x[d] * target[d][j]} runs over questions: a plain multiply-add over contiguous floats that the
     * JIT turns into SIMD instructions. Two rows and two dimensions per pass share the loads of the targets and halve
     * the loads and stores of the scores (about twice as fast as one by one). One pass over the vocabulary serves 64
     * questions: all 19,544 questions x 20k words x 100 dims take about 8 s on one core, 4-5 s on two (Brown + SOTU
     * vectors cover 8,451 questions: 1-2 s). A question's scores do not depend on the others in its block.
     */
    private void scoreRows(List<int[]> questions, RowScores sink) {
        int m = questions.size();
        if (m > BLOCK) {
            throw new IllegalArgumentException("at most " + BLOCK + " questions per pass, got " + m);
        }
        int width = m == 1 ? 1 : BLOCK; // one question (a neighbour list) needs no padding
        int dims = unit.dimensions();
        float[] target = new float[dims * width]; // (dims, width); unused columns stay 0
        for (int j = 0; j < m; j++) {
            int[] q = questions.get(j);
            float[] t = target(q[0], q[1], q[2]);
            for (int d = 0; d < dims; d++) {
                target[d * width + j] = t[d];
            }
        }
        float[] s0 = new float[width], s1 = new float[width]; // scores of rows r and r + 1
        int size = unit.size();
        for (int r = 0; r < size; r += 2) {
            int r1 = r + 1 < size ? r + 1 : r; // an odd last row is simply computed twice
            Arrays.fill(s0, 0f);
            Arrays.fill(s1, 0f);
            int d = 0;
            for (; d + 1 < dims; d += 2) {
                float x0 = unit.get(r, d), x1 = unit.get(r, d + 1), y0 = unit.get(r1, d), y1 = unit.get(r1, d + 1);
                int t0 = d * width, t1 = t0 + width;
                for (int j = 0; j < width; j++) {
                    float u = target[t0 + j], v = target[t1 + j];
                    s0[j] += x0 * u + x1 * v;
                    s1[j] += y0 * u + y1 * v;
                }
            }
            if (d < dims) { // odd number of dimensions
                float x0 = unit.get(r, d), y0 = unit.get(r1, d);
                for (int j = 0; j < width; j++) {
                    s0[j] += x0 * target[d * width + j];
                    s1[j] += y0 * target[d * width + j];
                }
            }
            sink.accept(r, s0);
            if (r + 1 < size) {
                sink.accept(r + 1, s1);
            }
        }
    }
}
