package course.embed;

import course.text.Vocabulary;

/**
 * A trained embedding: one vector of {@code dimensions} floats per vocabulary word, stored row after row
 * in one flat array (row {@code i} is word {@code i}). Immutable once built: {@link #vector} returns a copy.
 */
public final class WordVectors {

    private final Vocabulary vocabulary;
    private final int dimensions;
    private final float[] data;

    public WordVectors(Vocabulary vocabulary, int dimensions, float[] data) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be >= 1, got " + dimensions);
        }
        if (data.length != (long) vocabulary.size() * dimensions) {
            throw new IllegalArgumentException("expected " + vocabulary.size() + " x " + dimensions + " = "
                    + (long) vocabulary.size() * dimensions + " values, got " + data.length);
        }
        this.vocabulary = vocabulary;
        this.dimensions = dimensions;
        this.data = data.clone();
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

    /** A copy of word {@code id}'s vector. */
    public float[] vector(int id) {
        float[] v = new float[dimensions];
        System.arraycopy(data, id * dimensions, v, 0, dimensions);
        return v;
    }

    /** A copy of {@code word}'s vector; an unknown word is an error that names it. */
    public float[] vector(String word) {
        return vector(vocabulary.id(word).orElseThrow(() -> new IllegalArgumentException("'" + word
                + "' is not in the vocabulary of " + size() + " words (too rare, or not in the corpus)")));
    }

    /** Component {@code d} of word {@code id}, without copying. */
    public float get(int id, int d) {
        return data[id * dimensions + d];
    }
}
