package course.eval;

import course.embed.WordVectors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Cosine nearest neighbours in an embedding: the words whose vectors point most nearly the same way as a
 * given word's, or as any vector (such as {@code king - man + woman}). The rows are normalised once when
 * this object is built, so each query is one pass of dot products over the vocabulary (20k x 100: about a
 * millisecond), fast enough to call from a notebook cell as often as you like.
 */
public final class Neighbours {

    /** One neighbour: a word and its cosine similarity (1 = same direction, 0 = unrelated, -1 = opposite). */
    public record Neighbour(String word, double cosine) {}

    private final WordVectors unit;
    private final ThreeCosAdd analogies;

    private Neighbours(ThreeCosAdd analogies) {
        this.unit = analogies.unitVectors();
        this.analogies = analogies;
    }

    /**
     * Neighbour search over {@code vectors}: normalised once here ({@code vectors} is unchanged; vectors that are
     * already {@link WordVectors#normalised()} are used as they are).
     */
    public static Neighbours of(WordVectors vectors) {
        return new Neighbours(ThreeCosAdd.of(vectors));
    }

    /** The normalised vectors it searches. */
    public WordVectors unitVectors() {
        return unit;
    }

    /** The {@code count} words nearest to {@code word} (exact spelling), most similar first, the word itself left out. */
    public List<Neighbour> nearestTo(String word, int count) {
        return nearestTo(unit.vector(unit.id(word)), count, List.of(word));
    }

    /**
     * The {@code count} words nearest to {@code vector} (any length; only its direction matters), most
     * similar first, leaving out the words in {@code exclude} (words outside the vocabulary are ignored there).
     * Equal cosines are ordered by id, i.e. the more frequent word first, so results are reproducible.
     */
    public List<Neighbour> nearestTo(float[] vector, int count, Collection<String> exclude) {
        if (vector.length != unit.dimensions()) {
            throw new IllegalArgumentException("the query vector has " + vector.length + " components but the embedding has "
                    + unit.dimensions() + " dimensions");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        Set<Integer> skip = new HashSet<>();
        for (String w : exclude) {
            int id = unit.vocabulary().idOrMinusOne(w);
            if (id >= 0) {
                skip.add(id);
            }
        }
        float[] q = WordVectors.normalise(vector);
        int dims = unit.dimensions();
        float[] cosines = new float[unit.size()];
        for (int i = 0; i < cosines.length; i++) {
            float dot = 0;
            for (int d = 0; d < dims; d++) {
                dot += unit.get(i, d) * q[d];
            }
            cosines[i] = dot;
        }
        return best(cosines, 1, count, skip);
    }

    /**
     * "{@code a} is to {@code b} as {@code c} is to ?": the {@code count} words nearest to {@code b - a + c} (unit
     * vectors), best first, with their cosines to it. The rule of {@link Analogies}, by the same code
     * ({@link ThreeCosAdd}): words are looked up lower-cased, the three question words are left out, and the first
     * word is the one {@link Analogies#evaluate} answers. E.g. ("man", "king", "woman").
     */
    public List<Neighbour> analogy(String a, String b, String c, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        int ia = analogies.id(a), ib = analogies.id(b), ic = analogies.id(c);
        float[] scores = analogies.scores(ia, ib, ic);  // x . t for the unnormalised target t = b - a + c
        double length = analogies.targetLength(ia, ib, ic);
        return best(scores, length > 0 ? 1.0 / length : 0.0, count, new HashSet<>(List.of(ia, ib, ic)));  // a question may repeat a word
    }

    /**
     * The {@code count} highest {@code scores} outside {@code skip}, best first, each reported as score x
     * {@code toCosine}. Equal scores are ordered by id, i.e. the more frequent word first.
     */
    private List<Neighbour> best(float[] scores, double toCosine, int count, Set<Integer> skip) {
        // A min-heap of the best `count` ids seen so far: the root is the weakest of them, the one to evict.
        PriorityQueue<Integer> best = new PriorityQueue<>(Math.max(1, count), (x, y) -> worse(scores, x, y));
        for (int i = 0; i < scores.length && count > 0; i++) {
            if (skip.contains(i)) {
                continue;
            }
            if (best.size() < count) {
                best.add(i);
            } else if (worse(scores, best.peek(), i) < 0) {
                best.poll();
                best.add(i);
            }
        }
        List<Neighbour> result = new ArrayList<>(best.size());
        while (!best.isEmpty()) {
            int id = best.poll();
            result.add(0, new Neighbour(unit.vocabulary().word(id), scores[id] * toCosine));
        }
        return result;
    }

    /** The neighbours as a table (rank, word, cosine) to print with {@code table.print()}. */
    public static Table table(String title, List<Neighbour> neighbours) {
        IntColumn rank = IntColumn.create("rank");
        StringColumn word = StringColumn.create("word");
        DoubleColumn cosine = DoubleColumn.create("cosine");
        for (int i = 0; i < neighbours.size(); i++) {
            rank.append(i + 1);
            word.append(neighbours.get(i).word());
            cosine.append(Math.round(neighbours.get(i).cosine() * 1000) / 1000.0);
        }
        return Table.create(title, rank, word, cosine);
    }

    /** Negative when id {@code x} ranks below id {@code y}: lower score, or the same score and a larger id. */
    private static int worse(float[] scores, int x, int y) {
        int byScore = Float.compare(scores[x], scores[y]);
        return byScore != 0 ? byScore : Integer.compare(y, x);
    }
}
