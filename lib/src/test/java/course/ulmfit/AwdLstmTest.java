package course.ulmfit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.batch.DocumentStreams;
import course.nn.NativeArrays;
import course.rnn.RecurrentState;
import course.train.AdamW;
import course.train.LearningRate;
import course.train.ParameterGroup;
import course.train.ParameterGroups;
import course.train.Seeds;
import course.train.Sgd;
import course.train.SlantedTriangular;
import course.train.TrainLoop;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwdLstmTest {

    private static NDArray ids(NDManager m, int b, int t, int vocab, long seed) {
        java.util.Random r = new java.util.Random(seed);
        int[] ids = new int[b * t];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(vocab);
        }
        return NativeArrays.ints(m, ids, new Shape(b, t));
    }

    @Test
    void groupsAreTheLayersAndTheParameterCountMatchesTheConfig() {
        try (NDManager m = NDManager.newBaseManager()) {
            AwdLstmConfig config = TinyAwd.config(20);
            AwdLstm model = TinyAwd.model(config, m, 1);
            ParameterGroups groups = model.layerGroups();
            assertEquals(List.of("embedding", "lstm1", "lstm2", "lstm3", "decoder"), groups.names());
            long total = groups.entries().stream().mapToLong(e -> e.parameter().getArray().size()).sum();
            assertEquals(config.parameterCount(), total, "the tied E is counted once");
            assertEquals(1, groups.get("decoder").parameters().size(), "the decoder owns only its bias; its weight is the embedding's");
            assertEquals(new Shape(6, 6 * 4).get(0), model.layer(2).hiddenSize(), "the last layer is C wide for the tied output");
            assertEquals(8, model.layer(0).hiddenSize());
            // The paper's model at V = 30k: 12M embedding + 3 LSTM layers.
            AwdLstmConfig paper = AwdLstmConfig.paper(30_000);
            assertEquals(30_000L * 400 + 30_000 + 4L * 1150 * (400 + 1150) + 8 * 1150 + 4L * 1150 * 2300 + 8 * 1150
                    + 4L * 400 * (1150 + 400) + 8 * 400, paper.parameterCount());
            assertEquals(List.of(0.05f, 0.4f, 0.3f, 0.4f, 0.5f), List.of(paper.embeddingDropout(), paper.inputDropout(), paper.hiddenDropout(),
                    paper.outputDropout(), paper.weightDrop()));
            assertEquals(3, AwdLstmConfig.cpu(10_000).layers());
        }
    }

    @Test
    void theOutputLayerIsTheInputEmbeddingTransposed() {
        try (NDManager m = NDManager.newBaseManager()) {
            AwdLstm model = TinyAwd.model(TinyAwd.config(20), m, 2);
            ParameterStore ps = new ParameterStore(m, false);
            AwdLstm.Output out = model.forward(ps, ids(m, 2, 5, 20, 1), null, false);
            assertEquals(new Shape(2, 5, 6), out.top().getShape());
            NDArray logits = model.logits(ps, out, false);
            assertEquals(new Shape(2, 5, 20), logits.getShape());
            NDArray e = model.embedding().matrix(ps, out.top(), false);                // (V, C)
            NDArray bias = model.layerGroups().get("decoder").parameters().get(0).getValue().getArray();
            assertArrayEquals(out.top().matMul(e.transpose()).add(bias).toFloatArray(), logits.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void badIdsAreRefusedWithTheValidRange() {
        try (NDManager m = NDManager.newBaseManager()) {
            AwdLstm model = TinyAwd.model(TinyAwd.config(20), m, 3);
            NDArray bad = NativeArrays.ints(m, new int[] {1, 25}, new Shape(1, 2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.forward(new ParameterStore(m, false), bad, null, false));
            assertTrue(e.getMessage().contains("[0, vocabSize = 20)") && e.getMessage().contains("to 25"), e.getMessage());
            NDArray flat = NativeArrays.ints(m, new int[] {1, 2}, new Shape(2));
            assertThrows(IllegalArgumentException.class, () -> model.forward(new ParameterStore(m, false), flat, null, false));
        }
    }

    @Test
    void aRowWhereANewDocumentStartsBeginsFromZeroState() {
        try (NDManager m = NDManager.newBaseManager(); NDManager next = m.newSubManager()) {
            AwdLstm model = TinyAwd.model(TinyAwd.config(20), m, 5);
            ParameterStore ps = new ParameterStore(m, false);
            int[] inputs = {1, 2, 3, 4, 5, 6, 7, 8};
            DocumentStreams.Window fresh = new DocumentStreams.Window(inputs, inputs, new boolean[8], new float[] {0, 1}, 2, 4);
            List<RecurrentState> carried = new ArrayList<>();
            for (int l = 0; l < 3; l++) {
                int h = model.config().layerOutput(l);
                carried.add(new RecurrentState(m.randomNormal(new Shape(1, 2, h)), m.randomNormal(new Shape(1, 2, h))));
            }
            NDArray top = LanguageModelTraining.Batch.of(m, fresh).inputs();
            float[] fromCarried = model.forward(ps, top, carried.stream().map(s -> s.resetWhere(NativeArrays.floats(m, new float[] {0, 1}, new Shape(2)))).toList(), false)
                    .top().toFloatArray();
            float[] fromZeros = model.forward(ps, top, null, false).top().toFloatArray();
            float[] fromState = model.forward(ps, top, carried, false).top().toFloatArray();
            // Row 0 (a new document) equals a start from zeros; row 1 carries on, so it differs.
            assertArrayEquals(java.util.Arrays.copyOfRange(fromZeros, 0, 24), java.util.Arrays.copyOfRange(fromCarried, 0, 24), 1e-6f);
            assertArrayEquals(java.util.Arrays.copyOfRange(fromState, 24, 48), java.util.Arrays.copyOfRange(fromCarried, 24, 48), 1e-6f);
            assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOfRange(fromZeros, 24, 48), java.util.Arrays.copyOfRange(fromCarried, 24, 48)));
            // LanguageModelTraining.window does the reset itself and detaches what it carries on.
            LanguageModelTraining.Result r = LanguageModelTraining.window(model, ps, m, fresh, carried, next, false);
            assertEquals(next, r.states().get(0).hidden().getManager());
            assertFalse(r.states().get(0).hidden().hasGradient());
        }
    }

    @Test
    void aTinyAwdLstmLearnsATinyTextByHeart() {
        LmVocabulary vocabulary = TinyAwd.vocabulary();
        DocumentStreams streams = DocumentStreams.of(vocabulary.encodeDocuments(TinyAwd.documents()), 2, 6, LmVocabulary.PADDING_ID);
        // Every regulariser on, lightly, so the test also runs them through backward.
        AwdLstmConfig config = new AwdLstmConfig(vocabulary.size(), 16, 32, 2, 0.05f, 0.05f, 0.05f, 0.05f, 0.1f, new ActivationRegularization(1, 1));
        try (NDManager m = NDManager.newBaseManager()) {
            AwdLstm model = TinyAwd.model(config, m, 6);
            double before = LmPerplexity.of(model, streams, m, 0).perplexity();
            assertEquals(vocabulary.size(), before, 0.3 * vocabulary.size(), "untrained: about the vocabulary size");
            try (LanguageModelTraining step = new LanguageModelTraining(model, streams, m)) {
                new TrainLoop(model.layerGroups(), AdamW.withWeightDecay(0), LearningRate.constant(0.02),
                        new TrainLoop.Options(60 * step.windowsPerEpoch(), 6, 1_000_000, 1.0)).run(m, step);
                assertTrue(step.lastCrossEntropy() < 0.8, "training loss " + step.lastCrossEntropy());
            }
            LmPerplexity after = LmPerplexity.of(model, streams, m, 0);
            assertEquals(streams.targetCount(), after.targets(), "every target scored once");
            assertTrue(after.perplexity() < 2.0, "perplexity " + before + " → " + after.perplexity());
            assertTrue(after.accuracy() > 0.7 && after.accuracy() <= 1, "a text learnt by heart: most next words right, got " + after.accuracy());
        }
    }

    @Test
    void saveThenLoadGivesIdenticalOutputs() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AwdLstmConfig config = TinyAwd.config(20).withDropouts(0.1f, 0.2f, 0.2f, 0.2f, 0.3f);
            AwdLstm original = TinyAwd.model(config, m, 7);
            AwdLstm restored = TinyAwd.model(config, m, 99);
            NDArray x = ids(m, 3, 7, 20, 2);
            ParameterStore ps = new ParameterStore(m, false);
            float[] before = original.logits(ps, original.forward(ps, x, null, false), false).toFloatArray();
            assertFalse(java.util.Arrays.equals(before, restored.logits(ps, restored.forward(ps, x, null, false), false).toFloatArray()));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            original.saveParameters(new DataOutputStream(bytes));
            restored.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertArrayEquals(before, restored.logits(ps, restored.forward(ps, x, null, false), false).toFloatArray(), 0f);
            // In training too: the same engine seed draws the same masks in both.
            Seeds.seedAll(11);
            float[] a = original.forward(ps, x, null, true).dropped().toFloatArray();
            Seeds.seedAll(11);
            assertArrayEquals(a, restored.forward(ps, x, null, true).dropped().toFloatArray(), 0f);
        }
    }

    /** Each group's move in one SGD step, with and without discriminative rates, from the same weights and batch. */
    @Test
    void discriminativeRatesReachEachGroupDividedBy2point6PerLayerDown() {
        LmVocabulary vocabulary = TinyAwd.vocabulary();
        DocumentStreams streams = DocumentStreams.of(vocabulary.encodeDocuments(TinyAwd.documents()), 2, 6, LmVocabulary.PADDING_ID);
        float[][][] moves = new float[2][][];
        for (int run = 0; run < 2; run++) {
            try (NDManager m = NDManager.newBaseManager()) {
                AwdLstm model = TinyAwd.model(TinyAwd.config(vocabulary.size()), m, 8);
                ParameterGroups groups = run == 0 ? model.layerGroups() : model.layerGroups().discriminative(2.6);
                List<float[]> before = firstParameters(groups);
                try (LanguageModelTraining step = new LanguageModelTraining(model, streams, m)) {
                    new TrainLoop(groups, new Sgd(), LearningRate.constant(100), TrainLoop.Options.of(1, 8)).run(m, step);   // one large step: moves far above float rounding
                }
                List<float[]> after = firstParameters(groups);
                moves[run] = new float[before.size()][];
                for (int g = 0; g < before.size(); g++) {
                    moves[run][g] = minus(after.get(g), before.get(g));
                }
            }
        }
        int top = moves[0].length - 1;   // embedding, lstm1, lstm2, lstm3, decoder: 5 groups
        assertEquals(4, top);
        for (int g = 0; g <= top; g++) {
            double expected = Math.pow(2.6, -(top - g));
            double norm = 0;
            double scaled = 0;
            for (int i = 0; i < moves[0][g].length; i++) {
                // w − η·g is rounded to float: each move is exact to about one ulp of the weight (~3e-8 here)
                assertEquals(expected * moves[0][g][i], moves[1][g][i], 1e-3 * Math.abs(moves[0][g][i]) + 1e-7, "group " + g + ", weight " + i);
                norm += Math.abs(moves[0][g][i]);
                scaled += Math.abs(moves[1][g][i]);
            }
            assertTrue(norm > 1e-4, "group " + g + " moved: " + norm);
            assertEquals(expected, scaled / norm, 1e-3 * expected, "group " + g + ": its step is the top group's ÷ 2.6^" + (top - g));
        }
    }

    private static List<float[]> firstParameters(ParameterGroups groups) {
        List<float[]> result = new ArrayList<>();
        for (ParameterGroup g : groups.groups()) {
            result.add(g.parameters().get(0).getValue().getArray().toFloatArray());
        }
        return result;
    }

    private static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    /** ULMFiT eq. 3, written out here on its own, against the lib's schedule. */
    private static double paperStlr(double etaMax, int totalSteps, double cutFrac, double ratio, int t) {
        double cut = Math.floor(totalSteps * cutFrac);
        double p = t < cut ? t / cut : 1 - (t - cut) / (cut * (1 / cutFrac - 1));
        return etaMax * (1 + p * (ratio - 1)) / ratio;
    }

    @Test
    void slantedTriangularEqualsThePapersFormulaAtTheStartTheCutAndTheEnd() {
        int[][] runs = {{1000, 100}, {3600, 360}, {250, 25}};
        for (int[] run : runs) {
            int total = run[0];
            SlantedTriangular stlr = new SlantedTriangular(0.01, total, 0.1, 32);
            assertEquals(run[1], stlr.cut());
            for (int t : new int[] {0, stlr.cut(), total - 1, total, 1, stlr.cut() / 2, stlr.cut() + 7}) {
                assertEquals(paperStlr(0.01, total, 0.1, 32, t), stlr.at(t), 1e-15, "T = " + total + ", t = " + t);
            }
            assertEquals(0.01 / 32, stlr.at(0), 1e-15);
            assertEquals(0.01, stlr.at(stlr.cut()), 1e-15);
            assertEquals(0.01 / 32, stlr.at(total), 1e-15);
        }
        // Another cut_frac and ratio.
        SlantedTriangular other = new SlantedTriangular(0.004, 400, 0.25, 10);
        for (int t : new int[] {0, 100, 399, 400}) {
            assertEquals(paperStlr(0.004, 400, 0.25, 10, t), other.at(t), 1e-15, "t = " + t);
        }
    }
}
