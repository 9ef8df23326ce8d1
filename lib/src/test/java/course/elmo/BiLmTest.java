package course.elmo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.nn.Losses;
import course.nn.NativeArrays;
import course.train.AdamW;
import course.train.LearningRate;
import course.train.Seeds;
import course.train.TrainLoop;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BiLmTest {

    private static final BiLmConfig TINY = new BiLmConfig(
            new CharCnnConfig(8, List.of(new CharCnnConfig.Filter(1, 8), new CharCnnConfig.Filter(2, 8), new CharCnnConfig.Filter(3, 16)), 1, 16, 12),
            16, 2, 12, 0f);

    private static BiLm model(NDManager m, BiLmConfig config) {
        BiLm lm = new BiLm(config);
        lm.initialize(m, DataType.FLOAT32, new Shape(1, 1, config.encoder().maxChars()));
        return lm;
    }

    private static NDArray chars(NDManager m, List<List<String>> rows) {
        CharacterIds ids = new CharacterIds(TINY.encoder().maxChars());
        int t = rows.get(0).size();
        int[] data = new int[rows.size() * t * ids.maxChars()];
        for (int r = 0; r < rows.size(); r++) {
            for (int i = 0; i < t; i++) {
                ids.write(rows.get(r).get(i), data, (r * t + i) * ids.maxChars());
            }
        }
        return NativeArrays.ints(m, data, new Shape(rows.size(), t, ids.maxChars()));
    }

    private static float[] positions(NDArray x, int from, int to) {
        return x.get(":, " + from + ":" + to + ", :").toFloatArray();
    }

    @Test
    void theForwardLmSeesOnlyThePastAndTheBackwardLmOnlyTheFuture() {
        Seeds.seedAll(4);
        try (NDManager m = NDManager.newBaseManager()) {
            BiLm lm = model(m, TINY);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray a = chars(m, List.of(List.of("the", "cat", "sat", "on", "the", "mat")));
            NDArray laterChanged = chars(m, List.of(List.of("the", "cat", "sat", "under", "a", "dog")));
            NDArray earlierChanged = chars(m, List.of(List.of("my", "dog", "ate", "on", "the", "mat")));
            assertArrayEquals(positions(lm.forwardLm(ps, a, null, false).top(), 0, 3),
                    positions(lm.forwardLm(ps, laterChanged, null, false).top(), 0, 3), 0f);
            // In the features, the backward half (the second H of each layer) at positions 3.. ignores positions 0..2.
            List<NDArray> x = lm.layers(ps, a, null);
            List<NDArray> y = lm.layers(ps, earlierChanged, null);
            List<NDArray> z = lm.layers(ps, laterChanged, null);
            for (int j = 1; j <= TINY.layers(); j++) {
                assertArrayEquals(x.get(j).get(":, 3:, 16:").toFloatArray(), y.get(j).get(":, 3:, 16:").toFloatArray(), 0f, "layer " + j);
                assertArrayEquals(x.get(j).get(":, :3, :16").toFloatArray(), z.get(j).get(":, :3, :16").toFloatArray(), 0f, "layer " + j);
                assertTrue(maxDiff(x.get(j).get(":, :3, 16:").toFloatArray(), y.get(j).get(":, :3, 16:").toFloatArray()) > 1e-5);
            }
            assertEquals(TINY.layers() + 1, x.size());
            assertEquals(new Shape(1, 6, 32), x.get(0).getShape());
        }
    }

    @Test
    void paddedRowsGiveTheSameFeaturesAsEachSentenceAlone() {
        Seeds.seedAll(5);
        try (NDManager m = NDManager.newBaseManager()) {
            BiLm lm = model(m, TINY);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray batch = chars(m, List.of(List.of("a", "b", "c", "d"), List.of("c", "a", "b", "<s>")));   // row 1: 3 real tokens
            List<NDArray> features = lm.layers(ps, batch, new int[] {4, 3});
            NDArray alone = chars(m, List.of(List.of("c", "a", "b")));
            List<NDArray> expected = lm.layers(ps, alone, null);
            for (int j = 0; j < features.size(); j++) {
                assertArrayEquals(expected.get(j).toFloatArray(), features.get(j).get("1:2, :3, :").toFloatArray(), 1e-5f, "layer " + j);
            }
        }
    }

    @Test
    void anUntrainedModelIsAboutAsUnsureAsUniformGuessing() {
        Seeds.seedAll(6);
        try (NDManager m = NDManager.newBaseManager()) {
            BiLmConfig config = TINY.withVocabSize(200);
            BiLm lm = model(m, config);
            ParameterStore ps = new ParameterStore(m, false);
            List<String> words = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                words.add("w" + (i * 7919 % 97));
            }
            NDArray ids = chars(m, List.of(words));
            int[] targets = new int[40];
            for (int i = 0; i < 40; i++) {
                targets[i] = (i * 31) % 200;
            }
            NDArray logits = lm.logits(ps, lm.forwardLm(ps, ids, null, false).top(), false);
            double perplexity = Math.exp(Losses.crossEntropy(logits, NativeArrays.ints(m, targets, new Shape(1, 40))).getFloat());
            assertEquals(200, perplexity, 20, "untrained perplexity " + perplexity);
        }
    }

    @Test
    void aTinyBiLmLearnsATinyTextByHeartInBothDirections() {
        Seeds.seedAll(7);
        List<String> text = List.of("the", "cat", "sat", "on", "the", "mat", "and", "the", "dog", "ate", "a", "bone");
        List<String> words = List.of("the", "cat", "sat", "on", "mat", "and", "dog", "ate", "a", "bone", "<unk>", "</s>");
        try (NDManager m = NDManager.newBaseManager()) {
            BiLm lm = model(m, TINY);
            ParameterStore ps = new ParameterStore(m, false);
            List<String> reversed = new ArrayList<>(text);
            java.util.Collections.reverse(reversed);
            NDArray forwardIn = chars(m, List.of(text.subList(0, 11)));
            NDArray backwardIn = chars(m, List.of(reversed.subList(0, 11)));
            NDArray forwardTargets = NativeArrays.ints(m, text.subList(1, 12).stream().mapToInt(words::indexOf).toArray(), new Shape(1, 11));
            NDArray backwardTargets = NativeArrays.ints(m, reversed.subList(1, 12).stream().mapToInt(words::indexOf).toArray(), new Shape(1, 11));
            new TrainLoop(lm, AdamW.withWeightDecay(0), LearningRate.constant(0.01), new TrainLoop.Options(250, 7, 1000, 0))
                    .run(m, (scope, step, random) -> {
                        NDArray f = Losses.crossEntropy(lm.logits(ps, lm.forwardLm(ps, forwardIn, null, true).top(), true), forwardTargets);
                        NDArray b = Losses.crossEntropy(lm.logits(ps, lm.backwardLm(ps, backwardIn, null, true).top(), true), backwardTargets);
                        return f.add(b);
                    });
            double forward = Losses.crossEntropy(lm.logits(ps, lm.forwardLm(ps, forwardIn, null, false).top(), false), forwardTargets).getFloat();
            double backward = Losses.crossEntropy(lm.logits(ps, lm.backwardLm(ps, backwardIn, null, false).top(), false), backwardTargets).getFloat();
            assertTrue(Math.exp(forward) < 1.3 && Math.exp(backward) < 1.3, "perplexities " + Math.exp(forward) + ", " + Math.exp(backward));
        }
    }

    @Test
    void savedAndLoadedGivesIdenticalOutputs() throws Exception {
        Seeds.seedAll(8);
        try (NDManager m = NDManager.newBaseManager()) {
            BiLm original = model(m, TINY);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            original.saveParameters(new DataOutputStream(bytes));
            Seeds.seedAll(9);
            BiLm restored = model(m, TINY);
            NDArray ids = chars(m, List.of(List.of("one", "two", "three")));
            ParameterStore ps = new ParameterStore(m, false);
            assertTrue(maxDiff(original.layers(ps, ids, null).get(2).toFloatArray(), restored.layers(ps, ids, null).get(2).toFloatArray()) > 0);
            restored.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            for (int j = 0; j <= TINY.layers(); j++) {
                assertArrayEquals(original.layers(ps, ids, null).get(j).toFloatArray(), restored.layers(ps, ids, null).get(j).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void aMismatchedConfigIsRefusedWithTheFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BiLmConfig(CharCnnConfig.small(32), 64, 2, 100, 0f));
        assertTrue(e.getMessage().contains("must equal hidden (64)") && e.getMessage().contains("withOutput(64)"), e.getMessage());
    }

    private static float maxDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
