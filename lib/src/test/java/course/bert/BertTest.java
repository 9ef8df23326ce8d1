package course.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import course.batch.ClassificationBatch;
import course.nn.Mode;
import course.nn.NativeArrays;
import course.train.AdamW;
import course.train.History;
import course.train.LearningRate;
import course.train.Seeds;
import course.train.TrainLoop;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BertTest {

    static final SpecialIds SPECIAL = SpecialIds.wordPiece();

    /** 2 layers, 2 heads, width 32, 40 positions, no dropout unless asked. */
    static BertConfig small(int vocab, float dropout) {
        return new BertConfig(vocab, 40, 32, 2, 64, 2, dropout, SPECIAL.pad());
    }

    static BertPretraining initialised(BertConfig config, NDManager m, long seed) {
        Seeds.seedAll(seed);
        BertPretraining model = new BertPretraining(config);
        model.initialize(m, DataType.FLOAT32, new Shape(1, config.maxLength()));
        return model;
    }

    static NDArray ids(NDManager m, int[][] rows) {
        int t = rows[0].length;
        int[] flat = new int[rows.length * t];
        for (int b = 0; b < rows.length; b++) {
            System.arraycopy(rows[b], 0, flat, b * t, t);
        }
        return NativeArrays.ints(m, flat, new Shape(rows.length, t));
    }

    @Test
    void shapesOfEveryOutput() {
        try (NDManager m = NDManager.newBaseManager()) {
            Bert bert = initialised(small(50, 0f), m, 1).bert();
            ParameterStore ps = new ParameterStore(m, false);
            NDArray tokens = ids(m, new int[][] {{2, 7, 8, 3, 9, 3}, {2, 10, 11, 3, 12, 3}});
            NDArray segments = ids(m, new int[][] {{0, 0, 0, 0, 1, 1}, {0, 0, 0, 0, 1, 1}});
            Bert.Output out = bert.forward(ps, tokens, segments, null, Mode.INSPECTION);
            assertEquals(new Shape(2, 6, 32), out.hidden().getShape());
            assertEquals(new Shape(2, 32), out.pooled().getShape());
            assertEquals(2, out.attention().size());
            assertEquals(new Shape(2, 2, 6, 6), out.attention().get(0).getShape());
            assertTrue(bert.forward(ps, tokens, segments, null, Mode.INFERENCE).attention().isEmpty());
        }
    }

    @Test
    void paddingNeverReceivesAttentionAndChangesNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            Bert bert = initialised(small(50, 0f), m, 2).bert();
            ParameterStore ps = new ParameterStore(m, false);
            int[] pair = {2, 7, 8, 3, 9, 3};
            Bert.Output alone = bert.forward(ps, ids(m, new int[][] {pair}), null, null, Mode.INSPECTION);
            int[] padded = {2, 7, 8, 3, 9, 3, 0, 0, 0};
            boolean[] real = {true, true, true, true, true, true, false, false, false};
            Bert.Output withPads = bert.forward(ps, ids(m, new int[][] {padded}), null, NativeArrays.booleans(m, real, new Shape(1, 9)),
                    Mode.INSPECTION);
            assertArrayEquals(alone.hidden().toFloatArray(), withPads.hidden().get(new NDIndex(":, 0:6")).toFloatArray(), 1e-5f);
            assertArrayEquals(alone.pooled().toFloatArray(), withPads.pooled().toFloatArray(), 1e-5f);
            for (NDArray weights : withPads.attention()) {
                float padMass = weights.get(new NDIndex(":, :, :, 6:")).sum().getFloat();
                assertEquals(0f, padMass, 0f, "attention to padding");
            }
        }
    }

    @Test
    void everyPositionSeesBothSides() {
        try (NDManager m = NDManager.newBaseManager()) {
            Bert bert = initialised(small(50, 0f), m, 3).bert();
            ParameterStore ps = new ParameterStore(m, false);
            NDArray a = bert.forward(ps, ids(m, new int[][] {{2, 7, 8, 3, 9, 3}}), null, null, Mode.INFERENCE).hidden();
            NDArray b = bert.forward(ps, ids(m, new int[][] {{2, 7, 8, 3, 40, 3}}), null, null, Mode.INFERENCE).hidden();
            float change = a.get(new NDIndex(":, 1")).sub(b.get(new NDIndex(":, 1"))).abs().max().getFloat();
            assertTrue(change > 1e-3, "position 1 must depend on a later token (no causal mask), changed by " + change);
        }
    }

    @Test
    void saveThenLoadGivesIdenticalOutputs() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            BertPretraining original = initialised(small(60, 0f), m, 4);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            original.saveParameters(new DataOutputStream(bytes));
            BertPretraining restored = initialised(small(60, 0f), m, 99);
            restored.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            ParameterStore ps = new ParameterStore(m, false);
            PretrainingBatch batch = batch(m, pairs(), new Random(1), 60);
            float[] x = original.losses(ps, batch, Mode.INFERENCE).mlmLogits().toFloatArray();
            float[] y = restored.losses(ps, batch, Mode.INFERENCE).mlmLogits().toFloatArray();
            assertArrayEquals(x, y, 0f);
        }
    }

    @Test
    void overfitsAHandfulOfPairs() {
        try (NDManager m = NDManager.newBaseManager()) {
            int vocab = 60;
            BertPretraining model = initialised(small(vocab, 0f), m, 5);
            ParameterStore ps = new ParameterStore(m, false);
            List<Masking.MaskedPair> fixed = masked(pairs(), new Random(2), vocab);
            History h = new TrainLoop(model, AdamW.withWeightDecay(0.0), LearningRate.constant(3e-3), TrainLoop.Options.of(150, 6))
                    .run(m, (scope, step, random) -> model.losses(ps, PretrainingBatch.of(scope, fixed, SPECIAL), Mode.TRAINING).total());
            assertTrue(h.trainLoss().get(0) > Math.log(vocab) * 0.8, "an untrained model's masked-LM loss is near ln V: " + h.trainLoss().get(0));
            try (NDManager scope = m.newSubManager()) {
                PretrainingBatch batch = PretrainingBatch.of(scope, fixed, SPECIAL);
                BertPretraining.Correct c = BertPretraining.correct(model.losses(ps, batch, Mode.INFERENCE), batch);
                assertTrue(c.mlmAccuracy() >= 0.9, "masked-LM accuracy after overfitting: " + c.mlmAccuracy());
                assertEquals(1.0, c.nspAccuracy(), "next-sentence accuracy after overfitting");
            }
        }
    }

    @Test
    void aClassifierHeadKeepsThePretrainedWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            BertPretraining pretrained = initialised(small(50, 0.1f), m, 7);
            List<float[]> before = new ArrayList<>();
            for (Pair<String, Parameter> p : pretrained.bert().getParameters()) {
                before.add(p.getValue().getArray().toFloatArray());
            }
            BertClassifier classifier = new BertClassifier(pretrained.bert(), 3);
            classifier.initialize(m, DataType.FLOAT32, new Shape(1, 40));
            int i = 0;
            for (Pair<String, Parameter> p : pretrained.bert().getParameters()) {
                assertArrayEquals(before.get(i++), p.getValue().getArray().toFloatArray(), 0f, p.getKey() + " was re-initialised");
            }
            ParameterStore ps = new ParameterStore(m, false);
            List<ClassificationBatch.Example> examples = List.of(new ClassificationBatch.Example(new int[] {2, 7, 8, 3}, 0),
                    new ClassificationBatch.Example(new int[] {2, 9, 3}, 1), new ClassificationBatch.Example(new int[] {2, 10, 11, 12, 3}, 2));
            History h = new TrainLoop(classifier, AdamW.withWeightDecay(0.0), LearningRate.constant(3e-3), TrainLoop.Options.of(80, 8))
                    .run(m, (scope, step, random) -> course.nn.Losses.crossEntropy(
                            classifier.logits(ps, ClassificationBatch.of(scope, examples, 8, 0), Mode.TRAINING),
                            ClassificationBatch.of(scope, examples, 8, 0).labels()));
            assertTrue(h.recentTrainLoss(5) < 0.3 * h.trainLoss().get(0), "the classifier learns three examples: " + h.trainLoss());
        }
    }

    @Test
    void badInputsGetClearMessages() {
        try (NDManager m = NDManager.newBaseManager()) {
            Bert bert = initialised(small(50, 0f), m, 8).bert();
            ParameterStore ps = new ParameterStore(m, false);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> bert.forward(ps, ids(m, new int[][] {new int[41]}), null, null, Mode.INFERENCE));
            assertTrue(e.getMessage().contains("longer than maxLength = 40"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> bert.forward(ps, ids(m, new int[][] {{2, 50, 3}}), null, null, Mode.INFERENCE));
            assertTrue(e.getMessage().contains("token ids must be in [0, 50)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> bert.forward(ps, ids(m, new int[][] {{2, 5, 3}}), ids(m, new int[][] {{0, 2, 0}}), null, Mode.INFERENCE));
            assertTrue(e.getMessage().contains("segment ids must be in [0, 2)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> bert.forward(ps, ids(m, new int[][] {{2, 5, 3}}), null, ids(m, new int[][] {{1, 1, 1}}), Mode.INFERENCE));
            assertTrue(e.getMessage().contains("padding mask must be boolean"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new BertConfig(50, 40, 30, 4, 64, 2, 0f, 0));
            assertTrue(e.getMessage().contains("multiple of heads"), e.getMessage());
        }
    }

    /** Eight pairs over ids 5..59. */
    static List<SentencePair> pairs() {
        Random r = new Random(42);
        List<SentencePair> pairs = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            int[] a = r.ints(4 + r.nextInt(4), 5, 60).toArray();
            int[] b = r.ints(4 + r.nextInt(4), 5, 60).toArray();
            pairs.add(SentencePair.of(a, b, k % 2 == 0, SPECIAL));
        }
        return pairs;
    }

    static List<Masking.MaskedPair> masked(List<SentencePair> pairs, Random random, int vocab) {
        List<Masking.MaskedPair> out = new ArrayList<>();
        for (SentencePair p : pairs) {
            out.add(Masking.bert(20).apply(p, random, SPECIAL, vocab));
        }
        return out;
    }

    static PretrainingBatch batch(NDManager m, List<SentencePair> pairs, Random random, int vocab) {
        return PretrainingBatch.of(m, masked(pairs, random, vocab), SPECIAL);
    }
}
