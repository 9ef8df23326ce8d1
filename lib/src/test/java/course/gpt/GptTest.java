package course.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import course.nn.Mode;
import course.batch.LmBatch;
import course.nn.Losses;
import course.train.AdamW;
import course.train.Checkpoint;
import course.train.History;
import course.train.LearningRate;
import course.train.Seeds;
import course.train.Checkpoints;
import course.train.ParameterGroups;
import course.train.TrainLoop;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GptTest {

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @TempDir
    Path tmp;

    /** 2 layers, 2 heads, 32 dimensions, block 16. */
    static GptConfig tiny(int vocabSize) {
        return new GptConfig(vocabSize, 16, 2, 2, 32, 0f, false);
    }

    static Gpt initialised(GptConfig config, NDManager manager, long seed) {
        Seeds.seedAll(seed);
        Gpt gpt = new Gpt(config);
        gpt.initialize(manager, DataType.FLOAT32, new Shape(1, config.blockSize()));
        return gpt;
    }

    @Test
    void logitsHaveShapeBTVThroughBothApis() {
        try (NDManager m = NDManager.newBaseManager()) {
            Gpt gpt = initialised(tiny(11), m, 1);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray tokens = m.create(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new Shape(2, 5));
            Gpt.Output out = gpt.forward(ps, tokens, false, true);
            assertEquals(new Shape(2, 5, 11), out.logits().getShape());
            assertEquals(new Shape(2, 5, 32), out.hidden().getShape());
            assertEquals(2, out.attention().size());
            assertEquals(new Shape(2, 2, 5, 5), out.attention().get(0).getShape());
            assertTrue(gpt.forward(ps, tokens, false, false).attention().isEmpty());
            NDArray viaBlock = gpt.forward(ps, new NDList(tokens), false).singletonOrThrow();
            assertArrayEquals(out.logits().toFloatArray(), viaBlock.toFloatArray(), 0f);
            assertArrayEquals(new Shape[] {new Shape(2, 5, 11)}, gpt.getOutputShapes(new Shape[] {new Shape(2, 5)}));
        }
    }

    @Test
    void modesNameTheFlags() {
        try (NDManager m = NDManager.newBaseManager()) {
            Gpt gpt = initialised(tiny(11).withDropout(0.5f), m, 1);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray tokens = m.create(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new Shape(2, 5));
            Gpt.Output inspected = gpt.forward(ps, tokens, Mode.INSPECTION);
            Gpt.Output flags = gpt.forward(ps, tokens, false, true);
            assertEquals(2, inspected.attention().size());
            assertArrayEquals(flags.logits().toFloatArray(), inspected.logits().toFloatArray(), 0f);
            assertArrayEquals(flags.attention().get(1).toFloatArray(), inspected.attention().get(1).toFloatArray(), 0f);
            Gpt.Output inferred = gpt.forward(ps, tokens, Mode.INFERENCE);
            assertTrue(inferred.attention().isEmpty());
            assertArrayEquals(inspected.logits().toFloatArray(), inferred.logits().toFloatArray(), 0f);
            assertArrayEquals(inferred.logits().toFloatArray(), gpt.logits(ps, tokens, Mode.INFERENCE).toFloatArray(), 0f);
            Engine.getInstance().setRandomSeed(7);
            NDArray dropped = gpt.logits(ps, tokens, Mode.TRAINING);   // dropout 0.5 on: not the inference logits
            assertTrue(dropped.sub(inferred.logits()).abs().max().getFloat() > 1e-4f, "TRAINING must apply dropout");
            assertTrue(gpt.forward(ps, tokens, Mode.TRAINING).attention().isEmpty());
            assertEquals(Mode.TRAINING, Mode.of(true));
            assertEquals(Mode.INFERENCE, Mode.of(false));
            assertTrue(Mode.TRAINING.training() && !Mode.INSPECTION.training() && Mode.INSPECTION.keepsAttention());
        }
    }

    @Test
    void laterTokensNeverChangeEarlierLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            Gpt gpt = initialised(tiny(20).withBias(true), m, 2);
            ParameterStore ps = new ParameterStore(m, false);
            int[] ids = new Random(3).ints(16, 0, 20).toArray();
            NDArray before = gpt.logits(ps, m.create(ids, new Shape(1, 16)), false);
            ids[10] = (ids[10] + 7) % 20;
            NDArray after = gpt.logits(ps, m.create(ids, new Shape(1, 16)), false);
            float maxEarlier = before.get(":, :10").sub(after.get(":, :10")).abs().max().getFloat();
            assertTrue(maxEarlier <= 1e-6f, "positions 0..9 changed by " + maxEarlier);
            assertTrue(before.get(":, 10:").sub(after.get(":, 10:")).abs().max().getFloat() > 1e-4f,
                    "positions from 10 on must see the change");
        }
    }

    @Test
    void parameterCountMatchesTheRealParameters() {
        for (boolean bias : new boolean[] {false, true}) {
            GptConfig config = tiny(13).withBias(bias);
            try (NDManager m = NDManager.newBaseManager()) {
                Gpt gpt = initialised(config, m, 4);
                long real = 0;
                for (Pair<String, Parameter> p : gpt.getParameters()) {
                    assertTrue(p.getValue().requiresGradient(), p.getKey());
                    real += p.getValue().getArray().size();
                }
                assertEquals(real, config.parameterCount(), "bias=" + bias);
            }
        }
    }

    @Test
    void initialisationFollowsGpt2AndIsSeeded() {
        GptConfig config = new GptConfig(50, 64, 8, 4, 128, 0f, true);
        try (NDManager m = NDManager.newBaseManager()) {
            Gpt a = initialised(config, m, 5);
            Gpt b = initialised(config, m, 5);
            for (int i = 0; i < a.getParameters().size(); i++) {
                Pair<String, Parameter> pa = a.getParameters().get(i);
                NDArray va = pa.getValue().getArray();
                assertArrayEquals(va.toFloatArray(), b.getParameters().get(i).getValue().getArray().toFloatArray(), 0f, pa.getKey());
                String name = pa.getKey();
                double std = Math.sqrt(va.square().mean().getFloat());
                if (name.endsWith("Bias") || name.endsWith("beta")) {
                    assertEquals(0, std, 0, name);
                } else if (name.endsWith("gamma")) {
                    assertEquals(1f, va.mean().getFloat(), 0f, name);
                } else if (name.endsWith("attention_outputWeight") || name.endsWith("feedForward_outputWeight")) {
                    assertEquals(0.02 / Math.sqrt(2 * 8), std, 0.0005, name);
                } else {
                    assertEquals(0.02, std, 0.001, name);
                }
            }
        }
    }

    @Test
    void everyParameterGetsAGradientAndPositionsBeyondTGetNone() {
        try (NDManager m = NDManager.newBaseManager()) {
            Gpt gpt = initialised(tiny(11).withBias(true), m, 12);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray tokens = m.create(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(2, 4));
            try (var tape = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                tape.backward(Losses.crossEntropy(gpt.logits(ps, tokens, true), tokens));
            }
            List<String> names = new ArrayList<>();
            for (Pair<String, Parameter> p : gpt.getParameters()) {
                names.add(p.getKey());
                NDArray g = p.getValue().getArray().getGradient();
                if (p.getKey().equals("positionEmbedding")) {
                    assertTrue(g.get(":4").abs().sum().getFloat() > 0, "positions 0..3 were used");
                    assertEquals(0f, g.get("4:").abs().sum().getFloat(), "positions 4.. were not");
                } else {
                    assertTrue(g.abs().sum().getFloat() > 0, p.getKey() + " got no gradient");
                }
            }
            assertEquals("tokenEmbedding", names.get(0));
            assertTrue(names.contains("02block1_02attention_inputWeight"), names.toString());
            assertEquals(2 + 2 * 12 + 2, names.size(), names.toString());
        }
    }

    @Test
    void tooLongContextsAndUnknownTokensAreNamed() {
        try (NDManager m = NDManager.newBaseManager()) {
            Gpt gpt = initialised(tiny(11), m, 6);
            ParameterStore ps = new ParameterStore(m, false);
            var e = assertThrows(IllegalArgumentException.class, () -> gpt.logits(ps, m.zeros(new Shape(1, 17), DataType.INT32), false));
            assertTrue(e.getMessage().contains("T = 17") && e.getMessage().contains("block size 16"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> gpt.logits(ps, m.create(new int[] {3, 11}, new Shape(1, 2)), false));
            assertTrue(e.getMessage().contains("vocabSize = 11") && e.getMessage().contains("to 11"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> gpt.logits(ps, m.zeros(new Shape(1, 4)), false));
            assertTrue(e.getMessage().contains("float32"), e.getMessage());
        }
    }

    @Test
    void dropoutOnlyWhileTraining() {
        try (NDManager m = NDManager.newBaseManager()) {
            Gpt gpt = initialised(tiny(11).withDropout(0.3f), m, 7);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray tokens = m.create(new int[] {1, 2, 3, 4}, new Shape(1, 4));
            assertArrayEquals(gpt.logits(ps, tokens, false).toFloatArray(), gpt.logits(ps, tokens, false).toFloatArray(), 0f);
            assertFalse(java.util.Arrays.equals(gpt.logits(ps, tokens, true).toFloatArray(), gpt.logits(ps, tokens, true).toFloatArray()));
        }
    }

    @Test
    void saveThenLoadGivesIdenticalLogits() throws Exception {
        GptConfig config = tiny(11).withBias(true);
        try (NDManager m = NDManager.newBaseManager()) {
            Gpt original = initialised(config, m, 8);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            original.saveParameters(new DataOutputStream(bytes));
            Gpt restored = new Gpt(config);   // never initialised: everything comes from the stream
            restored.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            NDArray tokens = m.create(new int[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            assertArrayEquals(original.logits(new ParameterStore(m, false), tokens, false).toFloatArray(),
                    restored.logits(new ParameterStore(m, false), tokens, false).toFloatArray(), 0f);
        }
    }

    private static TrainLoop.Step step(Gpt gpt, TinyText text, ParameterStore ps, int batch) {
        int t = gpt.config().blockSize();
        return (scope, s, random) -> {
            LmBatch xy = text.windows(batch, t).sample(scope, random);
            return Losses.crossEntropy(gpt.logits(ps, xy.inputs(), true), xy.targets());
        };
    }

    @Test
    void aTinyGptLearnsATinyTextByHeart() {
        TinyText text = new TinyText(40);
        GptConfig config = tiny(text.vocabSize());
        try (NDManager m = NDManager.newBaseManager()) {
            Gpt gpt = initialised(config, m, 9);
            ParameterStore ps = new ParameterStore(m, false);
            long start = System.nanoTime();
            int steps = 300;
            History h = new TrainLoop(gpt, AdamW.withWeightDecay(0.0), LearningRate.constant(3e-3),
                    TrainLoop.Options.of(steps, 9)).run(m, step(gpt, text, ps, 16));
            double seconds = (System.nanoTime() - start) / 1e9;
            double first = h.trainLoss().get(0);
            double last = h.recentTrainLoss(20);
            assertEquals(Math.log(text.vocabSize()), first, 0.3, "an untrained model is close to uniform");
            // Next-character accuracy where the context determines the answer: in this text 7 characters always do
            // ("to be" goes on with "," or ":"), so from window position 6 on.
            try (NDManager scope = m.newSubManager()) {
                LmBatch xy = text.windows(64, config.blockSize()).sample(scope, new Random(1));
                NDArray predicted = gpt.logits(ps, xy.inputs(), false).argMax(-1).toType(DataType.INT32, false);
                NDArray correct = predicted.eq(xy.targets()).get(":, 6:");
                double accuracy = correct.toType(DataType.FLOAT32, false).mean().getFloat();
                System.out.printf("tiny GPT: next-character accuracy from position 6 on: %.4f%n", accuracy);
                assertTrue(accuracy > 0.99, "accuracy " + accuracy + ", loss " + first + " -> " + last);
            }
            assertTrue(last < 0.25, "loss went from " + first + " to " + last);
            // About 2 s on 2 idle cores; no bound asserted, as two OpenMP programs sharing the cores can be 20× slower.
            System.out.printf("tiny GPT: loss %.3f -> %.3f in %d steps, %.1f s%n", first, last, steps, seconds);
        }
    }

    @Test
    void trainingPilesUpNoNativeArrays() {
        TinyText text = new TinyText(10);
        try (NDManager m = NDManager.newBaseManager()) {
            Gpt gpt = initialised(tiny(text.vocabSize()), m, 10);
            ParameterStore ps = new ParameterStore(m, false);
            AdamW adam = AdamW.withWeightDecay(0.1);
            List<Integer> counts = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                new TrainLoop(gpt, adam, LearningRate.constant(1e-3), TrainLoop.Options.of(20, round)).run(m, step(gpt, text, ps, 4));
                counts.add(m.getManagedArrays().size());
            }
            int parameters = gpt.getParameters().size();
            int layerNorms = 2 * gpt.config().layers() + 1;   // each bias-free layer norm keeps one constant zero shift
            int expected = 3 * parameters + layerNorms;         // the fused AdamW (FusedAdamW) keeps no step constants
            assertEquals(List.of(expected, expected, expected), counts,
                    "parameters + Adam's two moments each + zero shifts");
        }
    }

    @Test
    void aCheckpointRestoresTheSameModel() {
        TinyText text = new TinyText(10);
        GptConfig config = tiny(text.vocabSize());
        try (NDManager m = NDManager.newBaseManager()) {
            Gpt gpt = initialised(config, m, 11);
            ParameterStore ps = new ParameterStore(m, false);
            TrainLoop.Options options = TrainLoop.Options.of(5, 1);
            new TrainLoop(gpt, AdamW.withWeightDecay(0.1), LearningRate.constant(1e-3), options)
                    .with(Checkpoints.in(tmp, config).printingTo(QUIET)).run(m, step(gpt, text, ps, 4));
            Gpt copy = initialised(config, m, 99);   // different weights until the checkpoint is loaded
            Checkpoint.load(Checkpoint.latest(tmp).orElseThrow(), Checkpoint.Fingerprint.of(ParameterGroups.of(copy), config,
                    options, LearningRate.constant(1e-3)), m, ParameterGroups.of(copy), AdamW.withWeightDecay(0.1));
            NDArray tokens = m.create(new int[] {1, 2, 3, 4, 5, 6}, new Shape(1, 6));
            assertArrayEquals(gpt.logits(ps, tokens, false).toFloatArray(), copy.logits(ps, tokens, false).toFloatArray(), 0f);
        }
    }
}
