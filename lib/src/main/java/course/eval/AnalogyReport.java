package course.eval;

import course.eval.Analogies.Question;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The outcome of {@link Analogies#evaluate}: counts per section of the question file, in file order, and the
 * answer given to every covered question (to look at the mistakes). Percentages are in [0, 100]; a group with
 * no covered question has accuracy 0, not NaN, so that it can go into a metrics.json.
 *
 * <p>"Semantic" and "syntactic" follow Mikolov et al.: the {@code gram*} sections test grammar (plurals,
 * tenses, comparatives), the others (capitals, currencies, cities, family) test meaning.
 */
public record AnalogyReport(List<Section> sections, List<Answer> answers) {

    /** One section, or a group of sections: how many questions, how many covered, how many answered right. */
    public record Section(String name, int correct, int covered, int total) {

        /** Percent of the covered questions answered right. */
        public double accuracy() {
            return covered == 0 ? 0.0 : 100.0 * correct / covered;
        }

        /** Percent of the questions whose four words are all in the vocabulary. */
        public double coverage() {
            return total == 0 ? 0.0 : 100.0 * covered / total;
        }
    }

    /** The word the embedding gave for a covered question, spelled as in its vocabulary. */
    public record Answer(Question question, String predicted) {
        /** Right when it lower-cases to the expected word: the questions' words are lower-cased, as is the lookup. */
        public boolean correct() {
            return predicted.toLowerCase(Locale.ROOT).equals(question.expected());
        }
    }

    public AnalogyReport {
        sections = List.copyOf(sections);
        answers = List.copyOf(answers);
    }

    /** Counts {@code answers} (covered questions only) against all {@code questions}, section by section. */
    static AnalogyReport of(List<Question> questions, List<Answer> answers) {
        Map<String, int[]> counts = new LinkedHashMap<>(); // section -> {correct, covered, total}
        for (Question q : questions) {
            counts.computeIfAbsent(q.section(), s -> new int[3])[2]++;
        }
        for (Answer a : answers) {
            int[] c = counts.get(a.question().section());
            c[1]++;
            c[0] += a.correct() ? 1 : 0;
        }
        List<Section> sections = new ArrayList<>();
        counts.forEach((name, c) -> sections.add(new Section(name, c[0], c[1], c[2])));
        return new AnalogyReport(sections, answers);
    }

    /** All sections together. */
    public Section overall() {
        return sum("total", sections);
    }

    /** The sections about meaning: every section whose name does not start with "gram". */
    public Section semantic() {
        return sum("semantic", sections.stream().filter(s -> !isSyntactic(s)).toList());
    }

    /** The sections about grammar: names starting with "gram" in Mikolov's file. */
    public Section syntactic() {
        return sum("syntactic", sections.stream().filter(AnalogyReport::isSyntactic).toList());
    }

    /** Percent of the covered questions answered right, over all sections. */
    public double accuracy() {
        return overall().accuracy();
    }

    /** Percent of all questions that were covered. */
    public double coverage() {
        return overall().coverage();
    }

    /** The covered questions answered wrongly, in file order. */
    public List<Answer> mistakes() {
        return answers.stream().filter(a -> !a.correct()).toList();
    }

    /** The section by name, or an exception listing the names there are. */
    public Section section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no section '" + name + "'; the sections are "
                        + sections.stream().map(Section::name).toList()));
    }

    /**
     * Numbers for a metrics file: {@code analogy_accuracy}, {@code analogy_coverage}, the semantic and
     * syntactic accuracies, and {@code analogy_accuracy/<section>} per section, all in percent.
     */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("analogy_accuracy", accuracy());
        m.put("analogy_coverage", coverage());
        m.put("analogy_accuracy_semantic", semantic().accuracy());
        m.put("analogy_accuracy_syntactic", syntactic().accuracy());
        for (Section s : sections) {
            m.put("analogy_accuracy/" + s.name(), s.accuracy());
        }
        return m;
    }

    /** One row per section, then the semantic, syntactic and total rows; print with {@code table.print()}. */
    public Table table(String title) {
        StringColumn name = StringColumn.create("section");
        IntColumn correct = IntColumn.create("correct");
        IntColumn covered = IntColumn.create("covered");
        IntColumn total = IntColumn.create("questions");
        DoubleColumn accuracy = DoubleColumn.create("accuracy %");
        DoubleColumn coverage = DoubleColumn.create("coverage %");
        List<Section> rows = new ArrayList<>(sections);
        rows.add(semantic());
        rows.add(syntactic());
        rows.add(overall());
        for (Section s : rows) {
            name.append(s.name());
            correct.append(s.correct());
            covered.append(s.covered());
            total.append(s.total());
            accuracy.append(Math.round(s.accuracy() * 10) / 10.0);
            coverage.append(Math.round(s.coverage() * 10) / 10.0);
        }
        return Table.create(title, name, correct, covered, total, accuracy, coverage);
    }

    private static boolean isSyntactic(Section s) {
        return s.name().startsWith("gram");
    }

    private static Section sum(String name, List<Section> parts) {
        int correct = 0, covered = 0, total = 0;
        for (Section s : parts) {
            correct += s.correct();
            covered += s.covered();
            total += s.total();
        }
        return new Section(name, correct, covered, total);
    }
}
