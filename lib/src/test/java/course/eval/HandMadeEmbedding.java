package course.eval;

import course.embed.WordVectors;
import course.text.Vocabulary;
import java.util.List;

/**
 * A tiny embedding whose analogy answers can be worked out by hand. Three axes: (male, female, royal).
 * The male words lie in the (male, royal) plane at the angle given: man 0°, boy 3°, king 45°, prince 52°.
 * Lengths differ on purpose (the evaluators must normalise).
 */
final class HandMadeEmbedding {

    private HandMadeEmbedding() {}

    static final List<String> WORDS = List.of("man", "woman", "king", "queen", "boy", "prince", "apple");

    static WordVectors vectors() {
        float[][] rows = {
            inPlane(0, 1.0),        // man
            {0, 2, 0},              // woman
            inPlane(45, 3.0),       // king
            {0, (float) Math.sqrt(0.5), (float) Math.sqrt(0.5)}, // queen
            inPlane(3, 0.5),        // boy
            inPlane(52, 1.5),       // prince
            {-1, -1, -1},           // apple, far from everything
        };
        float[] data = new float[rows.length * 3];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, data, i * 3, 3);
        }
        long[] counts = new long[rows.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 100 - i;
        }
        return new WordVectors(Vocabulary.of(WORDS, counts), 3, data);
    }

    /** A vector of length {@code length} in the (male, royal) plane, {@code degrees} from the male axis. */
    private static float[] inPlane(double degrees, double length) {
        double r = Math.toRadians(degrees);
        return new float[] {(float) (length * Math.cos(r)), 0, (float) (length * Math.sin(r))};
    }
}
