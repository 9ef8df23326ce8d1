package course.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainLoopTest {

    @TempDir
    Path tmp;

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    /** The toy run's config, as a notebook would record it: a checkpoint belongs to one config. */
    record ToyConfig(double learningRate, long seed) {}

    private static History train(int steps, long seed, Path checkpoints, int checkpointEvery) {
        return train(steps, seed, checkpoints, checkpointEvery, QUIET);
    }

    private static History train(int steps, long seed, Path checkpoints, int checkpointEvery, PrintStream out) {
        Seeds.seedAll(seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ToyRegression.model(manager);
            TrainLoop loop = new TrainLoop(net, AdamW.withWeightDecay(0), LearningRate.constant(0.02),
                    new TrainLoop.Options(steps, seed, 10, 0)).with(ProgressLog.every(10).to(out));
            if (checkpoints != null) {
                loop = loop.with(Checkpoints.in(checkpoints, new ToyConfig(0.02, seed)).every(checkpointEvery).printingTo(out));
            }
            return loop.run(manager, ToyRegression.step(net, manager));
        }
    }

    private static double[] losses(History h) {
        return h.trainLoss().stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void lossFalls() {
        History h = train(300, 7, null, 1);
        assertEquals(300, h.steps());
        double start = h.trainLoss().get(0);
        double end = h.recentTrainLoss(20);
        assertTrue(end < 0.25 * start, "loss went from " + start + " to " + end);
    }

    @Test
    void sameSeedGivesTheSameLosses() {
        assertArrayEquals(losses(train(40, 3, null, 1)), losses(train(40, 3, null, 1)));
    }

    @Test
    void resumingFromACheckpointGivesTheSameRunAsTrainingStraightThrough() throws Exception {
        double[] straight = losses(train(60, 11, null, 1));
        Path dir = tmp.resolve("ckpt");
        train(30, 11, dir, 30); // "interrupted" after 30 steps
        assertTrue(Checkpoint.latest(dir).orElseThrow().getFileName().toString().contains("000000030"));
        History resumed = train(60, 11, dir, 30);
        assertArrayEquals(straight, losses(resumed), 1e-6);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("step-000000060.ckpt"), files.map(p -> p.getFileName().toString()).toList(),
                    "older checkpoints and temporary files are removed");
        }
    }

    @Test
    void theResumeMessageIsWrittenInOnePiece() throws Exception {
        // A notebook kernel shows every write to System.out as an output of its own; printf writes a message in pieces
        // ("Resumed from ", the file name, ": ", ...), which the HTML export then shows one per line.
        Path dir = tmp.resolve("pieces");
        train(20, 4, dir, 10);
        List<String> writes = new ArrayList<>();
        PrintStream out = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                writes.add(String.valueOf((char) b));
            }

            @Override
            public void write(byte[] b, int off, int len) {
                writes.add(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
            }
        }, true);
        train(40, 4, dir, 10, out);
        assertTrue(writes.stream().anyMatch(w -> w.contains("Resumed from step-000000020.ckpt: 20 of 40 steps already done.")),
                "the message is split over the writes " + writes);
    }

    @Test
    void nativeArraysDoNotPileUpOverSteps() {
        Seeds.seedAll(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ToyRegression.model(manager);
            TrainLoop.Step step = ToyRegression.step(net, manager);
            AdamW adam = AdamW.withWeightDecay(0.01);
            List<Integer> counts = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                new TrainLoop(net, adam, LearningRate.constant(0.01), TrainLoop.Options.of(50, round)).run(manager, step);
                counts.add(countArrays(manager));
            }
            // 4 parameters + Adam's 2 moments each (the fused update, FusedAdamW, needs none of the op path's 8 step
            // constants); 150 steps later nothing else may be attached.
            assertEquals(List.of(12, 12, 12), counts, "arrays attached after each round");
        }
    }

    private static int countArrays(NDManager manager) {
        return manager.getManagedArrays().size();
    }

    @Test
    void progressLinesShowLossEtaAndMemory() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Seeds.seedAll(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ToyRegression.model(manager);
            List<java.awt.image.BufferedImage> plots = new ArrayList<>();
            new TrainLoop(net, new Sgd(), LearningRate.constant(0.05), TrainLoop.Options.of(20, 1))
                    .with(ProgressLog.lines(10).to(new PrintStream(bytes, true)), course.viz.LivePlot.to(plots::add))
                    .validatedBy(scope -> 0.5).run(manager, ToyRegression.step(net, manager));
            assertEquals(20, plots.size());
        }
        String[] lines = bytes.toString().strip().split("\n");
        assertEquals(10, lines.length, bytes.toString());
        assertTrue(lines[9].matches("step 20/20 \\| loss [0-9.]+ \\| val 0\\.5000 \\| lr 5\\.00e-02 \\| [0-9.]+ ms/step \\| ETA 0s \\| mem .*"), lines[9]);
    }

    @Test
    void aValidationLossFromAnEarlierStepSaysWhichStep() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Seeds.seedAll(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ToyRegression.model(manager);
            new TrainLoop(net, new Sgd(), LearningRate.constant(0.05), new TrainLoop.Options(20, 1, 10, 0))
                    .with(ProgressLog.every(5).to(new PrintStream(bytes, true)))
                    .validatedBy(scope -> 0.5).run(manager, ToyRegression.step(net, manager));
        }
        String[] lines = bytes.toString().strip().split("\n");
        assertEquals(4, lines.length, bytes.toString());
        assertTrue(lines[1].startsWith("step 10/20 | loss ") && lines[1].contains(" | val 0.5000 | lr "), lines[1]);
        assertTrue(lines[2].startsWith("step 15/20 | loss ") && lines[2].contains(" | val 0.5000@10 | lr "), lines[2]);
        assertTrue(lines[3].contains(" | val 0.5000 | lr "), lines[3]);
    }

    @Test
    void divergingLossStopsWithAClearMessage() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ToyRegression.model(manager);
            var loop = new TrainLoop(net, new Sgd(), LearningRate.constant(0.1), TrainLoop.Options.of(5, 1));
            var e = assertThrows(IllegalStateException.class,
                    () -> loop.run(manager, (scope, s, r) -> scope.create(Float.NaN).mul(scope.ones(new ai.djl.ndarray.types.Shape(1)).sum())));
            assertTrue(e.getMessage().contains("Loss is NaN at step 0"), e.getMessage());
        }
    }

    @Test
    void gradientClippingBoundsTheUpdate() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ToyRegression.model(manager);
            NDArray before = net.getParameters().get(0).getValue().getArray().duplicate();
            // Loss 1000·sum(w): the gradient of every weight is 1000, far above the clip norm of 1.
            new TrainLoop(net, new Sgd(), LearningRate.constant(0.5), TrainLoop.Options.of(1, 1).withGradientClipping(1.0))
                    .run(manager, (scope, s, r) -> {
                        NDArray total = scope.zeros(new ai.djl.ndarray.types.Shape());
                        for (var p : net.getParameters()) {
                            total = total.add(p.getValue().getArray().sum());
                        }
                        return total.mul(1000);
                    });
            NDArray after = net.getParameters().get(0).getValue().getArray();
            int count = 0;
            for (var p : net.getParameters()) {
                count += (int) p.getValue().getArray().size();
            }
            // Clipped to norm 1 over all `count` weights, each gradient is 1/sqrt(count); SGD moves each by 0.5 times that.
            float expected = (float) (0.5 / Math.sqrt(count));
            float[] moved = before.sub(after).toFloatArray();
            for (float m : moved) {
                assertEquals(expected, m, 1e-5);
            }
            assertThrows(IllegalArgumentException.class, () -> TrainLoop.Options.of(1, 1).withGradientClipping(0));
        }
    }

    @Test
    void clipGradientsScalesToTheGlobalNormAsPyTorchDoes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Norms 5 and 12: the global norm is 13.
            NDArray[] grads = {manager.create(new float[] {3, 4}), manager.create(new float[] {0, 12})};
            assertEquals(13.0, TrainLoop.clipGradients(grads, 20), 1e-6);
            assertArrayEquals(new float[] {3, 4}, grads[0].toFloatArray(), "below the threshold nothing changes");

            assertEquals(13.0, TrainLoop.clipGradients(grads, 1.0), 1e-6);
            float factor = (1f / (13f + 1e-6f)) * 1f;   // torch.nn.utils.clip_grad_norm_: max_norm / (total + 1e-6), in float32
            assertArrayEquals(new float[] {3 * factor, 4 * factor}, grads[0].toFloatArray(), 0f);
            assertArrayEquals(new float[] {0, 12 * factor}, grads[1].toFloatArray(), 0f);
            assertEquals(1.0, TrainLoop.clipGradients(grads, 1.0), 1e-6, "the new global norm is the threshold");
            assertEquals(0.0, TrainLoop.clipGradients(new NDArray[0], 1.0));
        }
    }

    @Test
    void stepTimesAreRecorded() {
        History h = train(30, 2, null, 1);
        assertEquals(30, h.stepMillis().size());
        assertTrue(h.medianStepMillis(5) > 0 && h.medianStepMillis(5) < 1000);
    }

    @Test
    void settingsRejectNonsense() {
        var e = assertThrows(IllegalArgumentException.class, () -> TrainLoop.Options.of(0, 1));
        assertTrue(e.getMessage().contains("steps must be >= 1, got 0"));
        var clip = assertThrows(IllegalArgumentException.class, () -> new TrainLoop.Options(5, 1, 1, -1));
        assertTrue(clip.getMessage().contains("clipNorm must be > 0 to clip, or 0 for no clipping; got -1.0"), clip.getMessage());
    }

    @Test
    void aDamagedCheckpointIsNamed() throws Exception {
        Path bad = tmp.resolve("step-000000001.ckpt");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ToyRegression.model(manager);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Checkpoint.load(bad, Checkpoint.Fingerprint.of(net, new ToyConfig(0.02, 1)), manager, ParameterGroups.of(net), new Sgd()));
            assertTrue(e.getMessage().contains("step-000000001.ckpt is not a course checkpoint"), e.getMessage());
        }
    }

    @Test
    void aCheckpointFromAnotherConfigIsRefusedSetAsideAndTrainingStartsFresh() throws Exception {
        Path dir = tmp.resolve("ckpt");
        train(30, 11, dir, 30);                              // written for seed 11
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        History other = train(20, 12, dir, 20, new PrintStream(printed, true));   // another config: seed 12
        String text = printed.toString();
        assertTrue(text.contains("Not resuming: step-000000030.ckpt does not belong to this run: the config differs"
                + " (checkpoint: seed=11, loop seed 11; now: seed=12, loop seed 12)"), text);   // only what differs
        assertTrue(text.contains("kept as step-000000030.ckpt.stale"), text);
        assertEquals(20, other.steps(), "all 20 steps trained afresh, none restored");
        assertArrayEquals(losses(train(20, 12, null, 20)), losses(other), 1e-6);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("step-000000020.ckpt", "step-000000030.ckpt.stale"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aCheckpointFromTheSameConfigButOtherLoopSettingsIsRefused() {
        Path dir = tmp.resolve("ckpt");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        for (long stepSeed : new long[] {1, 2}) {   // the notebook's config is the same; the loop's step seed is not
            Seeds.seedAll(3);
            try (NDManager manager = NDManager.newBaseManager()) {
                Block net = ToyRegression.model(manager);
                new TrainLoop(net, new Sgd(), LearningRate.constant(0.01), TrainLoop.Options.of(10, stepSeed))
                        .with(Checkpoints.in(dir, new ToyConfig(0.01, 3)).printingTo(new PrintStream(printed, true)))
                        .run(manager, ToyRegression.step(net, manager));
            }
        }
        String text = printed.toString();
        assertTrue(text.contains("Not resuming: step-000000010.ckpt does not belong to this run: the config differs"), text);
        assertTrue(text.contains("(checkpoint: loop seed 1; now: loop seed 2)"), text);
    }

    @Test
    void aCheckpointOfAnotherModelShapeIsRefusedBeforeAnyWeightIsLoaded() {
        Path dir = tmp.resolve("ckpt");
        train(10, 3, dir, 10);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block wider = ToyRegression.model(manager, 24);
            var e = assertThrows(Checkpoint.Stale.class, () -> Checkpoint.load(Checkpoint.latest(dir).orElseThrow(),
                    Checkpoint.Fingerprint.of(wider, new ToyConfig(0.02, 3)), manager, ParameterGroups.of(wider), AdamW.withWeightDecay(0)));
            assertTrue(e.getMessage().contains("the model's parameters differ"), e.getMessage());
        }
    }

    @Test
    void aCheckpointWithoutFingerprintFromTheOldFormatIsStale() throws Exception {
        Path old = tmp.resolve("step-000000005.ckpt");
        Files.write(old, new byte[] {0x43, 0x50, 0x54, 0x31, 0, 0, 0, 5});
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ToyRegression.model(manager);
            var e = assertThrows(Checkpoint.Stale.class,
                    () -> Checkpoint.load(old, Checkpoint.Fingerprint.of(net, new ToyConfig(0.02, 1)), manager, ParameterGroups.of(net), new Sgd()));
            assertTrue(e.getMessage().contains("written by an older version of the course"), e.getMessage());
        }
    }
}
