package course.eval;

import course.embed.WordVectors;
import course.text.Vocabulary;

/**
 * The rows of a {@link WordVectors}, each scaled to length 1. With unit rows the cosine of two words is just
 * their dot product, so neighbour and analogy searches normalise once here instead of once per comparison.
 * A row of zeros (a word that never moved from a zero start) stays zero: its cosine with anything is 0.
 *
 * <p>Immutable; {@link #row} returns a copy. The evaluators in this package read the flat array directly.
 */
public final class UnitVectors {

    private final Vocabulary vocabulary;
    private final int dimensions;
    private final float[] data; // (size, dimensions), row after row

    private UnitVectors(Vocabulary vocabulary, int dimensions, float[] data) {
        this.vocabulary = vocabulary;
        this.dimensions = dimensions;
        this.data = data;
    }

    /** Normalised copies of every row of {@code vectors}; {@code vectors} itself is not changed. */
    public static UnitVectors of(WordVectors vectors) {
        int n = vectors.size();
        int dims = vectors.dimensions();
        float[] data = new float[n * dims];
        for (int i = 0; i < n; i++) {
            double squares = 0;
            for (int d = 0; d < dims; d++) {
                double v = vectors.get(i, d);
                squares += v * v;
            }
            // Summed in double: 100 float squares lose little, but the norm of a long row should not depend on it.
            double scale = squares > 0 ? 1.0 / Math.sqrt(squares) : 0.0;
            for (int d = 0; d < dims; d++) {
                data[i * dims + d] = (float) (vectors.get(i, d) * scale);
            }
        }
        return new UnitVectors(vectors.vocabulary(), dims, data);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public int dimensions() {
        return dimensions;
    }

    public int size() {
        return vocabulary.size();
    }

    /** A copy of the unit vector of word {@code id}. */
    public float[] row(int id) {
        checkId(id);
        float[] v = new float[dimensions];
        System.arraycopy(data, id * dimensions, v, 0, dimensions);
        return v;
    }

    /** The cosine similarity of words {@code a} and {@code b} (ids). */
    public double cosine(int a, int b) {
        checkId(a);
        checkId(b);
        double dot = 0;
        for (int d = 0; d < dimensions; d++) {
            dot += data[a * dimensions + d] * data[b * dimensions + d];
        }
        return dot;
    }

    /** The id of {@code word}, or an exception that names it. */
    public int id(String word) {
        int id = vocabulary.idOrMinusOne(word);
        if (id < 0) {
            throw new IllegalArgumentException("'" + word + "' is not in the vocabulary of " + size()
                    + " words (too rare for the min count, or not in the corpus); pick a word that is, e.g. '"
                    + (size() > 0 ? vocabulary.word(Math.min(size() - 1, 100)) : "") + "'");
        }
        return id;
    }

    /** Scales {@code vector} to length 1 (a zero vector stays zero); returns a new array. */
    public static float[] normalise(float[] vector) {
        double squares = 0;
        for (float v : vector) {
            squares += (double) v * v;
        }
        double scale = squares > 0 ? 1.0 / Math.sqrt(squares) : 0.0;
        float[] unit = new float[vector.length];
        for (int d = 0; d < vector.length; d++) {
            unit[d] = (float) (vector[d] * scale);
        }
        return unit;
    }

    /** The flat (size, dimensions) array itself, for the evaluators of this package only: never hand it out. */
    float[] data() {
        return data;
    }

    private void checkId(int id) {
        if (id < 0 || id >= size()) {
            throw new IndexOutOfBoundsException("word id " + id + " is outside the vocabulary (0.." + (size() - 1) + ")");
        }
    }
}
