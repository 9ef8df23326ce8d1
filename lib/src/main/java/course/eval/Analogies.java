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
import java.util.List;
import java.util.Locale;

/**
 * The analogy test of Mikolov et al. (2013, "Efficient Estimation of Word Representations in Vector Space",
 * section 4.1): "a is to b as c is to d", answered by the word nearest to {@code b - a + c}. With unit
 * vectors that is 3CosAdd: argmax over x of cos(x, b) - cos(x, a) + cos(x, c). As in the paper and in
 * gensim, the three question words are not allowed as answers (otherwise b itself often wins), and a
 * question counts only when all four words are in the vocabulary: accuracy is over those covered questions,
 * and coverage says how many they were. Words are compared lower-cased, like gensim's case-insensitive mode. The
 * rule itself, shared with {@link Neighbours#analogy}, is {@link ThreeCosAdd}.
 */
public final class Analogies {

    /** The registry name of Mikolov's 19,544 questions in 14 sections. */
    public static final String QUESTIONS_FILE = "word2vec-analogies/questions-words.txt";

    /** One question "a : b :: c : expected", words lower-cased, in its section of the file. */
    public record Question(String section, String a, String b, String c, String expected) {}

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
        return evaluate(vectors, questions, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Evaluates on {@code threads} threads; the result does not depend on the thread count. {@code vectors} are
     * normalised first, unless they already are ({@link WordVectors#normalised()}).
     */
    public static AnalogyReport evaluate(WordVectors vectors, List<Question> questions, int threads) {
        ThreeCosAdd rule = ThreeCosAdd.of(vectors);
        List<Question> covered = new ArrayList<>();
        List<int[]> coveredIds = new ArrayList<>(); // (a, b, c, expected) per covered question
        for (Question q : questions) {
            int a = rule.idOrMinusOne(q.a()), b = rule.idOrMinusOne(q.b()), c = rule.idOrMinusOne(q.c());
            int d = rule.idOrMinusOne(q.expected());
            if (a >= 0 && b >= 0 && c >= 0 && d >= 0) {
                covered.add(q);
                coveredIds.add(new int[] {a, b, c, d});
            }
        }
        int[] predicted = rule.best(coveredIds, threads);
        List<AnalogyReport.Answer> answers = new ArrayList<>(covered.size());
        for (int i = 0; i < covered.size(); i++) {
            // -1: a vocabulary of only the three question words has no candidate left; that answer is wrong.
            String word = predicted[i] < 0 ? "" : vectors.vocabulary().word(predicted[i]);
            answers.add(new AnalogyReport.Answer(covered.get(i), word));
        }
        return AnalogyReport.of(questions, answers);
    }

    private static IllegalArgumentException bad(Path file, int line, String problem) {
        return new IllegalArgumentException(file + ":" + line + ": " + problem
                + ". The file should be in Mikolov's questions-words.txt format (': section' lines, then 'a b c d' lines).");
    }
}
