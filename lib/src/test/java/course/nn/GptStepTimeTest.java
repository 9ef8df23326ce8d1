package course.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import course.train.AdamW;
import course.train.History;
import course.train.LearningRate;
import course.train.Seeds;
import course.train.TrainLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Step time of nanoGPT's baby GPT (batch 12, block 64) through the course's TrainLoop, and where the time goes.
 * Not part of the normal test run: {@code mvn test -Dtest=GptStepTimeTest -Dcourse.bench=true}; add
 * {@code -Dcourse.bench.steps=N} (default 60) and {@code -Dcourse.bench.trace=/tmp/trace.json} for a PyTorch profiler
 * trace of five steps (chrome://tracing). Rounds alternate with and without gradient clipping; run it on a quiet
 * machine: another OpenMP program on the same cores makes every step several times slower.
 */
@EnabledIfSystemProperty(named = "course.bench", matches = "true")
class GptStepTimeTest {

    private static final int BATCH = 12;
    private static final int STEPS = Integer.getInteger("course.bench.steps", 60);

    @Test
    void babyGptStepTime() {
        GptConfig config = GptConfig.baby(65);
        Seeds.seedAll(1337);
        try (NDManager m = NDManager.newBaseManager()) {
            Gpt gpt = new Gpt(config);
            gpt.initialize(m, DataType.FLOAT32, new Shape(BATCH, config.blockSize()));
            ParameterStore ps = new ParameterStore(m, false);
            TrainLoop.Step step = (scope, s, random) -> {
                NDArray[] xy = batch(scope, random, config);
                return Losses.crossEntropy(gpt.logits(ps, xy[0], true), xy[1]);
            };
            for (boolean clip : new boolean[] {true, false, true, false}) {
                TrainLoop loop = new TrainLoop(gpt, AdamW.withWeightDecay(0.1), LearningRate.constant(1e-3),
                        new TrainLoop.Settings(STEPS, STEPS, STEPS, STEPS, STEPS, 1))
                        .printingTo(new PrintStream(new ByteArrayOutputStream()));
                History h = (clip ? loop.withGradientClipping(1.0) : loop).run(m, step);
                System.out.printf("baby GPT, batch %d, block %d, threads %d, clip %s: TrainLoop median %.1f ms/step (%d steps, 10 warm-up skipped)%n",
                        BATCH, config.blockSize(), ai.djl.pytorch.jni.JniUtils.getNumThreads(), clip, h.medianStepMillis(10), STEPS);
            }
            breakdown(gpt, ps, m, config);
        }
    }

    private static NDArray[] batch(NDManager scope, java.util.Random random, GptConfig config) {
        int t = config.blockSize();
        int[] x = new int[BATCH * t];
        int[] y = new int[BATCH * t];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(config.vocabSize());
            y[i] = random.nextInt(config.vocabSize());
        }
        return new NDArray[] {scope.create(x, new Shape(BATCH, t)), scope.create(y, new Shape(BATCH, t))};
    }

    /** The same step taken apart: forward (with loss), backward, gradient clipping + AdamW over all parameters. */
    private static void breakdown(Gpt gpt, ParameterStore ps, NDManager m, GptConfig config) {
        List<Pair<String, Parameter>> params = new ArrayList<>();
        gpt.getParameters().forEach(params::add);
        AdamW adam = AdamW.withWeightDecay(0.1);
        java.util.Random random = new java.util.Random(3);
        int n = STEPS;
        double[] fwd = new double[n];
        double[] bwd = new double[n];
        double[] opt = new double[n];
        double[] fwdOnly = new double[n];
        for (int s = 0; s < n; s++) {
            try (NDManager scope = m.newSubManager()) {
                NDArray[] xy = batch(scope, random, config);
                long t0 = System.nanoTime();
                NDArray loss;
                try (GradientCollector tape = Engine.getInstance().newGradientCollector()) {
                    loss = Losses.crossEntropy(gpt.logits(ps, xy[0], true), xy[1]);
                    loss.getFloat();
                    long t1 = System.nanoTime();
                    tape.backward(loss);
                    long t2 = System.nanoTime();
                    fwd[s] = (t1 - t0) / 1e6;
                    bwd[s] = (t2 - t1) / 1e6;
                }
                long t3 = System.nanoTime();
                for (Pair<String, Parameter> p : params) {
                    NDArray g = p.getValue().getArray().getGradient();
                    g.attach(scope);
                    adam.update(p.getKey(), p.getValue().getArray(), g, 1e-3);
                    g.subi(g);
                }
                opt[s] = (System.nanoTime() - t3) / 1e6;
            }
            try (NDManager scope = m.newSubManager()) {
                NDArray[] xy = batch(scope, random, config);
                long t0 = System.nanoTime();
                Losses.crossEntropy(gpt.logits(ps, xy[0], false), xy[1]).getFloat();
                fwdOnly[s] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double[] tiny = new double[n];
        for (int s = 0; s < n; s++) {
            try (NDManager scope = m.newSubManager()) {
                NDArray one = scope.create(new int[] {1}, new Shape(1, 1));
                long t0 = System.nanoTime();
                gpt.logits(ps, one, false);
                tiny[s] = (System.nanoTime() - t0) / 1e6;
            }
        }
        String trace = System.getProperty("course.bench.trace");
        if (trace != null) {
            ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
            for (int s = 0; s < 5; s++) {
                try (NDManager scope = m.newSubManager()) {
                    NDArray[] xy = batch(scope, random, config);
                    try (GradientCollector tape = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = Losses.crossEntropy(gpt.logits(ps, xy[0], true), xy[1]);
                        loss.getFloat();
                        tape.backward(loss);
                    }
                    for (Pair<String, Parameter> p : params) {
                        NDArray g = p.getValue().getArray().getGradient();
                        g.attach(scope);
                        adam.update(p.getKey(), p.getValue().getArray(), g, 1e-3);
                        g.subi(g);
                    }
                }
            }
            ai.djl.pytorch.jni.JniUtils.stopProfile(trace);
        }
        System.out.printf("fixed cost of a forward pass (B = T = 1, no autograd): %.3f ms%n", median(tiny));
        System.out.printf("median ms: forward+loss %.2f | backward %.2f | AdamW (zeroing included) %.2f | inference forward %.2f%n",
                median(fwd), median(bwd), median(opt), median(fwdOnly));
    }

    private static double median(double[] values) {
        double[] kept = Arrays.copyOfRange(values, Math.min(10, values.length - 1), values.length);
        Arrays.sort(kept);
        return kept[kept.length / 2];
    }
}
