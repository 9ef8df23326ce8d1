package course.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaTest {

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }

    private static double[] unit(double... v) {
        double n = Math.sqrt(dot(v, v));
        double[] u = v.clone();
        for (int i = 0; i < u.length; i++) {
            u[i] /= n;
        }
        return u;
    }

    /** Points spread 3.0 along u, 1.0 along w (orthogonal to u), 0.1 noise in all 6 dimensions, off-centre. */
    private static double[][] cloud(double[] u, double[] w, long seed) {
        Random r = new Random(seed);
        double[][] rows = new double[400][6];
        for (double[] row : rows) {
            double s = 3.0 * r.nextGaussian(), t = 1.0 * r.nextGaussian();
            for (int d = 0; d < 6; d++) {
                row[d] = 5.0 + s * u[d] + t * w[d] + 0.1 * r.nextGaussian();
            }
        }
        return rows;
    }

    @Test
    void recoversTheDominantDirectionsOfSyntheticData() {
        double[] u = unit(1, 2, 0, -1, 0.5, 0);
        double[] w = unit(2, -1, 1, 0, 0, 0); // u . w = 0
        assertEquals(0.0, dot(u, w), 1e-12);
        Pca pca = Pca.fit(cloud(u, w, 1));
        assertTrue(Math.abs(dot(pca.axis(0), u)) > 0.999, "axis 0 . u = " + dot(pca.axis(0), u));
        assertTrue(Math.abs(dot(pca.axis(1), w)) > 0.99, "axis 1 . w = " + dot(pca.axis(1), w));
        assertEquals(0.0, dot(pca.axis(0), pca.axis(1)), 1e-9);
        assertEquals(9.0, pca.variance(0), 1.0);
        assertEquals(1.0, pca.variance(1), 0.2);
        assertTrue(pca.explained(0) > 0.85 && pca.explained(0) + pca.explained(1) > 0.97);
    }

    @Test
    void deterministicWithAFixedSign() {
        double[][] rows = cloud(unit(0, 0, 1, 1, 0, 0), unit(1, 0, 0, 0, 0, 0), 2);
        Pca first = Pca.fit(rows), second = Pca.fit(rows);
        assertArrayEquals(first.axis(0), second.axis(0));
        assertArrayEquals(first.project(rows)[1], second.project(rows)[1]);
        for (int k = 0; k < 2; k++) {
            double[] a = first.axis(k);
            int largest = 0;
            for (int d = 1; d < a.length; d++) {
                largest = Math.abs(a[d]) > Math.abs(a[largest]) ? d : largest;
            }
            assertTrue(a[largest] > 0, "axis " + k + " has its largest component negative");
        }
    }

    @Test
    void mapsWordsOfAnEmbedding() {
        Pca.Projection map = Pca.map(HandMadeEmbedding.vectors(), List.of("man", "woman", "king", "queen"));
        assertEquals(4, map.x().length);
        assertEquals(0.0, map.x()[0] + map.x()[1] + map.x()[2] + map.x()[3], 1e-9); // centred
        assertTrue(map.explainedX() >= map.explainedY());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pca.map(HandMadeEmbedding.vectors(), List.of("king", "castle")));
        assertTrue(e.getMessage().contains("[castle]"), e.getMessage());
    }
}
