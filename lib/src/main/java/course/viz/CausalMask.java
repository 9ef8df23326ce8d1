package course.viz;

/**
 * Which keys a query may attend to in a decoder: position {@code i} sees positions {@code 0..i} and none after,
 * a lower-triangular {@code T×T} pattern. The diagram of the decoder block draws this model.
 */
public record CausalMask(int size) {

    public CausalMask {
        if (size < 1) {
            throw new IllegalArgumentException("a mask needs at least one position, got " + size);
        }
    }

    public boolean allows(int query, int key) {
        return key <= query;
    }

    /** {@code cells()[query][key]} is whether the query may attend to the key. */
    public boolean[][] cells() {
        boolean[][] cells = new boolean[size][size];
        for (int q = 0; q < size; q++) {
            for (int k = 0; k < size; k++) {
                cells[q][k] = allows(q, k);
            }
        }
        return cells;
    }
}
