package course.elmo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.nn.Highway;
import course.nn.NativeArrays;
import course.train.Seeds;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElmoPartsTest {

    @Test
    void wordsBecomeRowsOfByteIdsBetweenMarks() {
        CharacterIds ids = new CharacterIds(8);
        assertArrayEquals(new int[] {257, 'p' + 1, 'l' + 1, 'a' + 1, 'y' + 1, 258, 0, 0}, ids.of("play"));
        assertArrayEquals(new int[] {257, 259, 258, 0, 0, 0, 0, 0}, ids.of("<s>"));
        // é is two UTF-8 bytes, 0xC3 0xA9.
        assertArrayEquals(new int[] {257, 0xC3 + 1, 0xA9 + 1, 258, 0, 0, 0, 0}, ids.of("é"));
        // Too long: the first maxChars − 2 bytes, and still the end mark.
        assertArrayEquals(new int[] {257, 'a' + 1, 'b' + 1, 'c' + 1, 'd' + 1, 'e' + 1, 'f' + 1, 258}, ids.of("abcdefghij"));
        var e = assertThrows(IllegalArgumentException.class, () -> ids.of(""));
        assertTrue(e.getMessage().contains("at least one character"), e.getMessage());
        assertEquals(16, ids.of(List.of("a", "b")).length);
    }

    @Test
    void anyWordGetsAVectorEvenUnseenOrFiftyCharactersLong() {
        Seeds.seedAll(1);
        try (NDManager m = NDManager.newBaseManager()) {
            CharCnnConfig config = CharCnnConfig.small(12);
            CharCnn cnn = new CharCnn(config);
            cnn.initialize(m, DataType.FLOAT32, new Shape(1, 1, config.maxChars()));
            CharacterIds ids = new CharacterIds(config.maxChars());
            List<String> words = List.of("covfefe", "a".repeat(50), "😀", "play");
            NDArray input = NativeArrays.ints(m, ids.of(words), new Shape(1, 4, config.maxChars()));
            NDArray vectors = cnn.forward(new ParameterStore(m, false), input, false);
            assertEquals(new Shape(1, 4, 12), vectors.getShape());
            assertEquals(0, vectors.isNaN().sum().getLong());
            float[] v = vectors.toFloatArray();
            float[] covfefe = java.util.Arrays.copyOfRange(v, 0, 12);
            float[] play = java.util.Arrays.copyOfRange(v, 36, 48);
            assertTrue(!java.util.Arrays.equals(covfefe, play), "different words, different vectors");
        }
    }

    @Test
    void theEncoderRefusesBadIdsWithAMessage() {
        try (NDManager m = NDManager.newBaseManager()) {
            CharCnnConfig config = CharCnnConfig.small(8);
            CharCnn cnn = new CharCnn(config);
            cnn.initialize(m, DataType.FLOAT32, new Shape(1, 1, config.maxChars()));
            ParameterStore ps = new ParameterStore(m, false);
            var wrongLength = assertThrows(IllegalArgumentException.class, () -> cnn.forward(ps, m.zeros(new Shape(1, 2, 7), DataType.INT32), false));
            assertTrue(wrongLength.getMessage().contains("(B, T, maxChars = 20)"), wrongLength.getMessage());
            int[] bad = new int[20];
            bad[0] = 300;
            var outOfRange = assertThrows(IllegalArgumentException.class, () -> cnn.forward(ps, m.create(bad, new Shape(1, 1, 20)), false));
            assertTrue(outOfRange.getMessage().contains("character ids must be in [0, 261), got ids from 0 to 300"), outOfRange.getMessage());
            var narrow = assertThrows(IllegalArgumentException.class, () -> config.withMaxChars(4));
            assertTrue(narrow.getMessage().contains("narrower than the widest filter (5)"), narrow.getMessage());
        }
    }

    @Test
    void aNewHighwayMostlyCarriesItsInputThrough() {
        Seeds.seedAll(2);
        try (NDManager m = NDManager.newBaseManager()) {
            Highway h = new Highway(64);
            h.initialize(m, DataType.FLOAT32, new Shape(1, 64));
            NDArray x = m.randomNormal(new Shape(200, 64));
            NDArray y = h.forward(new ParameterStore(m, false), x, false);
            // y − x = t ⊙ (ReLU(…) − x) with t ≈ σ(−2) ≈ 0.12: small against x itself.
            double change = y.sub(x).norm().getFloat() / x.norm().getFloat();
            assertTrue(change > 0.02 && change < 0.4, "relative change " + change);
        }
    }

    @Test
    void theScalarMixIsASoftmaxWeightedSumScaledByGammaAndLearnsBoth() {
        try (NDManager m = NDManager.newBaseManager()) {
            ScalarMix mix = new ScalarMix(3);
            mix.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            ParameterStore ps = new ParameterStore(m, false);
            List<NDArray> layers = List.of(m.ones(new Shape(2, 4)), m.ones(new Shape(2, 4)).mul(2), m.ones(new Shape(2, 4)).mul(6));
            NDArray mixed = mix.forward(ps, layers, false);
            assertArrayEquals(new float[] {3, 3, 3, 3, 3, 3, 3, 3}, mixed.toFloatArray(), 1e-6f);      // equal shares: (1 + 2 + 6) / 3
            assertEquals(1.0, java.util.Arrays.stream(mix.sharesNow()).sum(), 1e-9);
            try (var tape = Engine.getInstance().newGradientCollector()) {
                tape.backward(mix.forward(ps, layers, true).sum());
            }
            mix.getParameters().forEach(p -> assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0,
                    p.getKey() + " gets a gradient"));
            // d/dγ Σ = Σ mixed / γ = 8 · 3
            assertEquals(24f, mix.getParameters().get("gamma").getArray().getGradient().getFloat(0), 1e-4f);
            var e = assertThrows(IllegalArgumentException.class, () -> mix.forward(ps, layers.subList(0, 2), false));
            assertTrue(e.getMessage().contains("3 layer weights but got 2"), e.getMessage());
        }
    }
}
