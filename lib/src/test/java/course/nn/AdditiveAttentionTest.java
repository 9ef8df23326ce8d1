package course.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.train.Seeds;
import org.junit.jupiter.api.Test;

class AdditiveAttentionTest {

    @Test
    void scoresWeightsAndContextEqualTheEquationsWrittenOut() {
        int q = 3, k = 2, a = 4, s = 3;
        try (NDManager m = NDManager.newBaseManager()) {
            AdditiveAttention attention = new AdditiveAttention(q, k, a);
            Seeds.initialize(attention, m, 5, new Shape(1, q), new Shape(1, s, k), new Shape(1, s));
            ParameterStore ps = new ParameterStore(m, false);
            float[] query = {0.5f, -1, 2};
            float[] keys = {1, 0, -1, 2, 0.3f, 0.7f};
            NDArray h = m.create(keys, new Shape(1, s, k));
            NDArray mask = m.create(new boolean[] {true, true, true}, new Shape(1, s));
            AdditiveAttention.Step step = attention.attend(ps, m.create(query, new Shape(1, q)), attention.projectKeys(ps, h, false), h, mask, false);
            float[] w = attention.getParameters().get("queryWeight").getArray().toFloatArray();
            float[] u = attention.getParameters().get("keyWeight").getArray().toFloatArray();
            float[] bias = attention.getParameters().get("keyBias").getArray().toFloatArray();
            float[] v = attention.getParameters().get("scoreWeight").getArray().toFloatArray();
            double[] e = new double[s];
            for (int j = 0; j < s; j++) {
                for (int i = 0; i < a; i++) {
                    double x = bias[i];
                    for (int c = 0; c < q; c++) x += w[i * q + c] * query[c];
                    for (int c = 0; c < k; c++) x += u[i * k + c] * keys[j * k + c];
                    e[j] += v[i] * Math.tanh(x);
                }
            }
            double z = 0;
            for (double x : e) z += Math.exp(x);
            float[] got = step.weights().toFloatArray();
            double[] context = new double[k];
            for (int j = 0; j < s; j++) {
                assertEquals(Math.exp(e[j]) / z, got[j], 1e-6, "α_" + j);
                for (int c = 0; c < k; c++) context[c] += Math.exp(e[j]) / z * keys[j * k + c];
            }
            float[] c = step.context().toFloatArray();
            for (int i = 0; i < k; i++) assertEquals(context[i], c[i], 1e-6);
        }
    }

    @Test
    void paddingGetsNoWeightAndTheRestSumsToOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            AdditiveAttention attention = new AdditiveAttention(4, 6, 5);
            Seeds.initialize(attention, m, 6, new Shape(2, 4), new Shape(2, 5, 6), new Shape(2, 5));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray h = m.randomNormal(new Shape(2, 5, 6));
            NDArray mask = m.create(new boolean[] {true, true, false, false, false, true, true, true, true, true}, new Shape(2, 5));
            AdditiveAttention.Step step = attention.attend(ps, m.randomNormal(new Shape(2, 4)), attention.projectKeys(ps, h, false), h, mask, false);
            float[] w = step.weights().toFloatArray();
            for (int j = 2; j < 5; j++) assertEquals(0f, w[j], 0f, "padding position " + j);
            assertEquals(1f, w[0] + w[1], 1e-6f);
            assertEquals(1f, w[5] + w[6] + w[7] + w[8] + w[9], 1e-6f);
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> attention.attend(ps, m.zeros(new Shape(2, 4)),
                    attention.projectKeys(ps, h, false), h, m.ones(new Shape(2, 5), DataType.FLOAT32), false));
            assertTrue(bad.getMessage().contains("keyMask must be boolean"), bad.getMessage());
        }
    }
}
