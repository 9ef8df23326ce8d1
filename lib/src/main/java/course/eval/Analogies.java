package course.eval;

import course.data.DataStore;
import course.embed.WordVectors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The analogy test of Mikolov et al. (2013, "Efficient Estimation of Word Representations in Vector Space",
 * section 4.1): "a is to b as c is to d", answered by the word nearest to {@code b - a + c}. With unit
 * vectors that is 3CosAdd: argmax over x of cos(x, b) - cos(x, a) + cos(x, c). As in the paper and in
 * gensim, the three question words are not allowed as answers (otherwise b itself often wins), and a
 * question counts only when all four words are in the vocabulary: accuracy is over those covered questions,
 * and coverage says how many they were. Words are compared lower-cased, like gensim's case-insensitive mode.
 */
public final class Analogies {

    /** The registry name of Mikolov's 19,544 questions in 14 sections. */
    public static final String QUESTIONS_FILE = "word2vec-analogies/questions-words.txt";

    /** One question "a : b :: c : expected", words lower-cased, in its section of the file. */
    public record Question(String section, String a, String b, String c, String expected) {}

    /** Questions scored together against all vocabulary rows: their (dims, BLOCK) matrix stays in L1 cache. */
    private static final int BLOCK = 64;

    private Analogies() {}

    /** The questions of the course's verified copy of {@code questions-words.txt}. */
    public static List<Question> read(DataStore store) {
        return read(store.path(QUESTIONS_FILE));
    }

    /**
     * Questions from a file in Mikolov's format: a line {@code : name} starts a section, each other non-blank
     * line is four words {@code a b c d}. A malformed line is an error naming the file and the line number.
     */
    public static List<Question> read(Path file) {
        List<Question> questions = new ArrayList<>();
        String section = null;
        int lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                if (text.startsWith(":")) {
                    section = text.substring(1).strip();
                    if (section.isEmpty()) {
                        throw bad(file, lineNumber, "a section line needs a name after ':', e.g. ': capital-world'");
                    }
                    continue;
                }
                String[] w = text.toLowerCase(Locale.ROOT).split("\\s+");
                if (w.length != 4) {
                    throw bad(file, lineNumber, "expected four words 'a b c d', found " + w.length + ": '" + text + "'");
                }
                if (section == null) {
                    throw bad(file, lineNumber, "a question before the first section line ': name'");
                }
                questions.add(new Question(section, w[0], w[1], w[2], w[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the analogy questions " + file + ": " + e.getMessage(), e);
        }
        return questions;
    }

    /** Evaluates {@code vectors} on {@code questions} using every processor. */
    public static AnalogyReport evaluate(WordVectors vectors, List<Question> questions) {
        return evaluate(UnitVectors.of(vectors), questions, Runtime.getRuntime().availableProcessors());
    }

    /** Evaluates on {@code threads} threads; the result does not depend on the thread count. */
    public static AnalogyReport evaluate(UnitVectors unit, List<Question> questions, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        // Lower-cased lookup; when two vocabulary words differ only in case, the more frequent (smaller id) wins.
        Map<String, Integer> ids = new HashMap<>();
        for (int id = unit.size() - 1; id >= 0; id--) {
            ids.put(unit.vocabulary().word(id).toLowerCase(Locale.ROOT), id);
        }
        List<Question> covered = new ArrayList<>();
        List<int[]> coveredIds = new ArrayList<>(); // (a, b, c, expected) per covered question
        for (Question q : questions) {
            Integer a = ids.get(q.a()), b = ids.get(q.b()), c = ids.get(q.c()), d = ids.get(q.expected());
            if (a != null && b != null && c != null && d != null) {
                covered.add(q);
                coveredIds.add(new int[] {a, b, c, d});
            }
        }
        int[] predicted = answer(unit, coveredIds, threads);
        List<AnalogyReport.Answer> answers = new ArrayList<>(covered.size());
        for (int i = 0; i < covered.size(); i++) {
            // -1: a vocabulary of only the three question words has no candidate left; that answer is wrong.
            String word = predicted[i] < 0 ? "" : unit.vocabulary().word(predicted[i]);
            answers.add(new AnalogyReport.Answer(covered.get(i), word));
        }
        return AnalogyReport.of(questions, answers);
    }

    /** For each (a, b, c, d): the id maximising x . (b - a + c) over unit rows x, with a, b and c excluded. */
    private static int[] answer(UnitVectors unit, List<int[]> questions, int threads) {
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
                jobs.add(pool.submit(() -> answerBlock(unit, questions, from, to, predicted)));
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
     * Questions {@code from..to} against every row. The targets are stored transposed, (dims, BLOCK), so the
     * innermost loop {@code score[j] += x[d] * target[d][j]} runs over questions: a plain multiply-add over
     * contiguous floats that the JIT turns into SIMD instructions. Two rows and two dimensions per pass share
     * the loads of the targets and halve the loads and stores of the scores (about twice as fast as one by
     * one). One pass over the vocabulary serves 64 questions: all 19,544 questions x 20k words x 100 dims take
     * about 8 s on one core, 4-5 s on two (Brown + SOTU vectors cover 8,451 questions: 1-2 s).
     */
    private static void answerBlock(UnitVectors unit, List<int[]> questions, int from, int to, int[] predicted) {
        int m = to - from;
        int dims = unit.dimensions();
        float[] x = unit.data();
        float[] target = new float[dims * BLOCK]; // (dims, BLOCK); unused columns stay 0
        int[][] excluded = new int[m][];
        for (int j = 0; j < m; j++) {
            int[] q = questions.get(from + j);
            excluded[j] = new int[] {q[0], q[1], q[2]};
            for (int d = 0; d < dims; d++) {
                target[d * BLOCK + j] = x[q[1] * dims + d] - x[q[0] * dims + d] + x[q[2] * dims + d];
            }
        }
        float[] best = new float[m];
        int[] bestId = new int[m];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        Arrays.fill(bestId, -1);
        float[] s0 = new float[BLOCK], s1 = new float[BLOCK]; // scores of rows r and r + 1
        int size = unit.size();
        for (int r = 0; r < size; r += 2) {
            int b0 = r * dims;
            int b1 = r + 1 < size ? b0 + dims : b0; // an odd last row is simply computed twice
            Arrays.fill(s0, 0f);
            Arrays.fill(s1, 0f);
            int d = 0;
            for (; d + 1 < dims; d += 2) {
                float x0 = x[b0 + d], x1 = x[b0 + d + 1], y0 = x[b1 + d], y1 = x[b1 + d + 1];
                int t0 = d * BLOCK, t1 = t0 + BLOCK;
                for (int j = 0; j < BLOCK; j++) {
                    float u = target[t0 + j], v = target[t1 + j];
                    s0[j] += x0 * u + x1 * v;
                    s1[j] += y0 * u + y1 * v;
                }
            }
            if (d < dims) { // odd number of dimensions
                float x0 = x[b0 + d], y0 = x[b1 + d];
                for (int j = 0; j < BLOCK; j++) {
                    s0[j] += x0 * target[d * BLOCK + j];
                    s1[j] += y0 * target[d * BLOCK + j];
                }
            }
            keepBest(s0, r, m, excluded, best, bestId);
            if (r + 1 < size) {
                keepBest(s1, r + 1, m, excluded, best, bestId);
            }
        }
        System.arraycopy(bestId, 0, predicted, from, m);
    }

    private static void keepBest(float[] score, int row, int m, int[][] excluded, float[] best, int[] bestId) {
        for (int j = 0; j < m; j++) {
            // Strictly greater: on a tie the smaller id (the more frequent word) keeps the place.
            if (score[j] > best[j] && row != excluded[j][0] && row != excluded[j][1] && row != excluded[j][2]) {
                best[j] = score[j];
                bestId[j] = row;
            }
        }
    }

    private static IllegalArgumentException bad(Path file, int line, String problem) {
        return new IllegalArgumentException(file + ":" + line + ": " + problem
                + ". The file should be in Mikolov's questions-words.txt format (': section' lines, then 'a b c d' lines).");
    }
}
