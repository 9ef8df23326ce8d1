package course.embed;

import course.text.Vocabulary;

/**
 * A trained embedding: one vector of {@code dimensions} floats per vocabulary word, stored row after row
 * in one flat array (row {@code i} is word {@code i}). Immutable once built: {@link #vector} returns a copy.
 *
 * <p>{@link #normalised()} is the same embedding with every row scaled to length 1. With unit rows the cosine of
 * two words is just their dot product, so neighbour and analogy searches normalise once, here, instead of once per
 * comparison. A row of zeros (a word that never moved from a zero start) stays zero: its cosine with anything is 0.
 */
public final class WordVectors {

    private final Vocabulary vocabulary;
    private final int dimensions;
    private final float[] data;   // (size, dimensions), row after row; never handed out
    private final boolean unitRows;

    public WordVectors(Vocabulary vocabulary, int dimensions, float[] data) {
        this(vocabulary, checked(vocabulary, dimensions, data).clone(), dimensions, false);
    }

    /** Takes {@code data} as it is (no copy): only for arrays made here and never shared. */
    private WordVectors(Vocabulary vocabulary, float[] data, int dimensions, boolean unitRows) {
        this.vocabulary = vocabulary;
        this.dimensions = dimensions;
        this.data = data;
        this.unitRows = unitRows;
    }

    private static float[] checked(Vocabulary vocabulary, int dimensions, float[] data) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be >= 1, got " + dimensions);
        }
        if (data.length != (long) vocabulary.size() * dimensions) {
            throw new IllegalArgumentException("expected " + vocabulary.size() + " x " + dimensions + " = "
                    + (long) vocabulary.size() * dimensions + " values, got " + data.length);
        }
        return data;
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

    /**
     * These vectors with every row scaled to length 1 (zero rows stay zero); {@code this} is not changed. Already
     * normalised vectors return themselves, so normalising twice costs nothing and changes no bit.
     */
    public WordVectors normalised() {
        if (unitRows) {
            return this;
        }
        float[] unit = new float[data.length];
        for (int offset = 0; offset < data.length; offset += dimensions) {
            scaleToUnit(data, offset, unit, offset, dimensions);
        }
        return new WordVectors(vocabulary, unit, dimensions, true);
    }

    /** True for the result of {@link #normalised()}: every row has length 1 or is all zeros. */
    public boolean isNormalised() {
        return unitRows;
    }

    /** {@code vector} scaled to length 1 (a zero vector stays zero), by the same rule as {@link #normalised()}. */
    public static float[] normalise(float[] vector) {
        float[] unit = new float[vector.length];
        scaleToUnit(vector, 0, unit, 0, vector.length);
        return unit;
    }

    /** The id of {@code word} (exact spelling), or an exception that names it and suggests one that is there. */
    public int id(String word) {
        int id = vocabulary.idOrMinusOne(word);
        if (id < 0) {
            throw new IllegalArgumentException("'" + word + "' is not in the vocabulary of " + size()
                    + " words (too rare for the min count, or not in the corpus); pick a word that is, e.g. '"
                    + (size() > 0 ? vocabulary.word(Math.min(size() - 1, 100)) : "") + "'");
        }
        return id;
    }

    /** A copy of word {@code id}'s vector. */
    public float[] vector(int id) {
        checkId(id);
        float[] v = new float[dimensions];
        System.arraycopy(data, id * dimensions, v, 0, dimensions);
        return v;
    }

    /** A copy of {@code word}'s vector; an unknown word is an error that names it. */
    public float[] vector(String word) {
        return vector(id(word));
    }

    /** Component {@code d} of word {@code id}, without copying (the JIT makes it one array load in a hot loop). */
    public float get(int id, int d) {
        return data[id * dimensions + d];
    }

    /**
     * Writes {@code source[from .. from + n)} scaled to length 1 into {@code target[to ..]}. The squares are summed in
     * double: 100 float squares lose little, but the norm of a long row should not depend on it.
     */
    private static void scaleToUnit(float[] source, int from, float[] target, int to, int n) {
        double squares = 0;
        for (int d = 0; d < n; d++) {
            double v = source[from + d];
            squares += v * v;
        }
        double scale = squares > 0 ? 1.0 / Math.sqrt(squares) : 0.0;
        for (int d = 0; d < n; d++) {
            target[to + d] = (float) (source[from + d] * scale);
        }
    }

    private void checkId(int id) {
        if (id < 0 || id >= size()) {
            throw new IndexOutOfBoundsException("word id " + id + " is outside the vocabulary (0.." + (size() - 1) + ")");
        }
    }
}
