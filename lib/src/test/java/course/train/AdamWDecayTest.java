package course.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import course.gpt.Gpt;
import course.gpt.GptConfig;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** AdamW decays a parameter because of its {@link Parameter.Type}, never because of its name. */
class AdamWDecayTest {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;
    private static final double DECAY = 0.5;   // large, so a decayed and an undecayed step differ by far more than float error
    private static final double RATE = 0.1;

    @Test
    void onlyWeightsDecay() {
        assertTrue(AdamW.decays(Parameter.Type.WEIGHT));
        for (Parameter.Type type : Parameter.Type.values()) {
            if (type != Parameter.Type.WEIGHT) {
                assertFalse(AdamW.decays(type), type.name());
            }
        }
    }

    @Test
    void aScalarMixWeightIsNotDecayedAndAWeightNamedBiasIs() {
        double[] w = {1, -2};
        double[] g = {0.3, -0.05};
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter mix = parameter(m, "mix.weight", Parameter.Type.OTHER, w);   // ELMo's scalar-mix weights
            Parameter bias = parameter(m, "x.bias", Parameter.Type.WEIGHT, w);
            AdamW adamW = new AdamW(new AdamW.Settings(BETA1, BETA2, EPSILON, DECAY));
            adamW.update("mix.weight", mix, m.create(toFloats(g)), RATE);
            adamW.update("x.bias", bias, m.create(toFloats(g)), RATE);
            assertValues(firstAdamWStep(w, g, false), mix.getArray(), "mix.weight (OTHER): Adam's step only");
            assertValues(firstAdamWStep(w, g, true), bias.getArray(), "x.bias (WEIGHT): decayed, then Adam's step");
        }
    }

    /**
     * The decisions for the course's GPT and notebook 06's classifier head, parameter by parameter: nanoGPT's, which
     * {@code bench/gpt/torch_peer.py} copies (decay exactly the parameters of two or more dimensions), and the same
     * as the name rule AdamW used before it read types, so notebook 06's numbers stay where they were.
     */
    @Test
    void gptParametersDecayExactlyWhenTheyAreMatricesAsInThePyTorchPeer() {
        Map<String, Boolean> withoutBias = new TreeMap<>(Map.of(
                "01Gpt_tokenEmbedding", true, "01Gpt_positionEmbedding", true,
                "01Gpt_01block0_01norm1_gamma", false, "01Gpt_01block0_03norm2_gamma", false, "01Gpt_02finalNorm_gamma", false,
                "01Gpt_01block0_02attention_inputWeight", true, "01Gpt_01block0_02attention_outputWeight", true,
                "01Gpt_01block0_04feedForward_hiddenWeight", true, "01Gpt_01block0_04feedForward_outputWeight", true,
                "02Linear_weight", true));
        withoutBias.put("02Linear_bias", false);
        assertEquals(withoutBias, decisions(false));
        Map<String, Boolean> withBias = new TreeMap<>(withoutBias);
        for (String bias : new String[] {"01Gpt_01block0_01norm1_beta", "01Gpt_01block0_03norm2_beta", "01Gpt_02finalNorm_beta",
                "01Gpt_01block0_02attention_inputBias", "01Gpt_01block0_02attention_outputBias",
                "01Gpt_01block0_04feedForward_hiddenBias", "01Gpt_01block0_04feedForward_outputBias"}) {
            withBias.put(bias, false);
        }
        assertEquals(withBias, decisions(true));
    }

    /** AdamW's decision for every parameter of a 1-layer GPT with a 3-way linear head, checked against the peer's rule. */
    private static Map<String, Boolean> decisions(boolean bias) {
        try (NDManager m = NDManager.newBaseManager()) {
            GptConfig config = new GptConfig(11, 8, 1, 2, 8, 0f, bias);
            SequentialBlock classifier = new SequentialBlock().add(new Gpt(config)).add(Linear.builder().setUnits(3).build());
            classifier.initialize(m, DataType.FLOAT32, new Shape(1, config.blockSize()));
            Map<String, Boolean> decisions = new TreeMap<>();
            for (Pair<String, Parameter> p : classifier.getParameters()) {
                boolean decays = AdamW.decays(p.getValue().getType());
                Shape shape = p.getValue().getArray().getShape();
                assertEquals(shape.dimension() >= 2, decays, p.getKey() + " " + shape + ": torch_peer.py decides by p.dim() >= 2");
                decisions.put(p.getKey(), decays);
            }
            return decisions;
        }
    }

    /** w after AdamW's first step, in doubles: m̂ = g and v̂ = g², so w ← w·(1 − ηλ)? − η·g / (|g| + ε). */
    private static double[] firstAdamWStep(double[] w, double[] g, boolean decayed) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double m = (1 - BETA1) * g[i];
            double v = (1 - BETA2) * g[i] * g[i];
            double mHat = m / (1 - BETA1);
            double vHat = v / (1 - BETA2);
            double kept = decayed ? w[i] * (1 - RATE * DECAY) : w[i];
            out[i] = kept - RATE * mHat / (Math.sqrt(vHat) + EPSILON);
        }
        return out;
    }

    private static Parameter parameter(NDManager m, String name, Parameter.Type type, double[] values) {
        return Parameter.builder().setName(name).setType(type).optArray(m.create(toFloats(values))).build();
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static void assertValues(double[] expected, NDArray actual, String what) {
        float[] got = actual.toFloatArray();
        assertEquals(expected.length, got.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 1e-6, what + " [" + i + "]");
        }
    }
}
