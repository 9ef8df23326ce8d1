package course.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019, "Decoupled Weight Decay Regularization"):
 *
 * <pre>
 *   m ← β1·m + (1−β1)·g          v ← β2·v + (1−β2)·g²
 *   m̂ = m / (1−β1^t)             v̂ = v / (1−β2^t)
 *   w ← w − η·(m̂ / (√v̂ + ε) + λ·w)
 * </pre>
 *
 * The decay λ·w is applied to the weights directly, not added to the gradient, so it is not rescaled by
 * Adam's per-coordinate step size. Which parameters decay is decided by their {@link Parameter.Type}, not their
 * names: only {@code WEIGHT}s (matrices and embeddings) do; biases, layer norm's γ and β, and every other type, such
 * as ELMo's scalar-mix weights, do not. For the course's GPT that is nanoGPT's split (it decays the parameters of two
 * or more dimensions): biases and gains are few, and shrinking them towards 0 does not curb what the model can fit.
 *
 * <p>With the Vector API in the JVM (the course's kernel, tests and benches have it) each update is one SIMD pass in
 * libtorch's memory with PyTorch's own rounding ({@link FusedAdamW}); without it, or for an array that is not a
 * contiguous float32 CPU tensor, the op-by-op update below, the same formula rounded in another order.
 */
public final class AdamW implements GradientDescent {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Map<String, NDArray> firstMoment = new TreeMap<>();
    private final Map<String, NDArray> secondMoment = new TreeMap<>();
    private final Map<String, Integer> steps = new TreeMap<>();

    /**
     * AdamW's four settings, by name.
     *
     * @param beta1       decay of the gradient's running mean m
     * @param beta2       decay of the squared gradient's running mean v
     * @param epsilon     added to √v̂ so the step stays finite where v̂ is 0
     * @param weightDecay λ, the share of each weight taken away per unit of learning rate
     */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay) {
        public Settings {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("betas must be in [0, 1), got beta1=" + beta1 + ", beta2=" + beta2);
            }
            if (!(epsilon > 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("need epsilon > 0 and weightDecay >= 0, got epsilon=" + epsilon
                        + ", weightDecay=" + weightDecay);
            }
        }

        /** PyTorch's {@code torch.optim.AdamW} defaults: β1 0.9, β2 0.999, ε 1e-8, weight decay 0.01. */
        public static Settings pytorch() {
            return new Settings(0.9, 0.999, 1e-8, 0.01);
        }

        /**
         * nanoGPT's {@code train_shakespeare_char} run: β2 0.99 ("because the number of tokens per iteration is small"),
         * weight decay 0.1.
         */
        public static Settings nanoGptShakespeare() {
            return pytorch().withBeta2(0.99).withWeightDecay(0.1);
        }

        public Settings withBeta1(double b) {
            return new Settings(b, beta2, epsilon, weightDecay);
        }

        public Settings withBeta2(double b) {
            return new Settings(beta1, b, epsilon, weightDecay);
        }

        public Settings withEpsilon(double e) {
            return new Settings(beta1, beta2, e, weightDecay);
        }

        public Settings withWeightDecay(double lambda) {
            return new Settings(beta1, beta2, epsilon, lambda);
        }
    }

    /** A fresh optimiser (no moments yet) with {@code settings}. */
    public AdamW(Settings settings) {
        this(settings, VECTOR_API);
    }

    /** With {@code fused} false, every update takes the op-by-op path (to compare the two). */
    AdamW(Settings settings, boolean fused) {
        this.beta1 = settings.beta1();
        this.beta2 = settings.beta2();
        this.epsilon = settings.epsilon();
        this.weightDecay = settings.weightDecay();
        this.fused = fused && VECTOR_API;
    }

    /**
     * Whether the JVM has the Vector API ({@code --add-modules jdk.incubator.vector}, as the course's kernel and
     * tests run): then {@link FusedAdamW} updates each parameter in one SIMD pass; otherwise the ops below do.
     * {@code -Dcourse.noSimd=true} turns it off, as for word2vec's loops.
     */
    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("course.noSimd");

    private final boolean fused;

    /** PyTorch's defaults with the given weight decay. */
    public static AdamW withWeightDecay(double weightDecay) {
        return new AdamW(Settings.pytorch().withWeightDecay(weightDecay));
    }

    /** The settings this optimiser runs with. */
    public Settings settings() {
        return new Settings(beta1, beta2, epsilon, weightDecay);
    }

    @Override
    public void update(String id, Parameter parameter, NDArray grad, double learningRate) {
        NDArray weight = parameter.getArray();
        NDArray m = firstMoment.computeIfAbsent(id, k -> weight.zerosLike());
        NDArray v = secondMoment.computeIfAbsent(id, k -> weight.zerosLike());
        int t = steps.merge(id, 1, Integer::sum);
        boolean decays = weightDecay > 0 && decays(parameter.getType());
        if (fused && FusedAdamW.update(weight, grad, m, v, settings(), t, learningRate, decays)) {
            return;   // one pass in libtorch's memory, PyTorch's rounding (see FusedAdamW)
        }
        Constants c = constants(weight, t, learningRate);
        // The same arithmetic as PyTorch's AdamW, in place where possible; every number is a ready-made
        // tensor, so no step allocates one per parameter (and none sits in autograd's way).
        try (NDArray g1 = grad.mul(c.oneMinusBeta1); NDArray g2 = grad.mul(grad)) {
            m.muli(c.beta1).addi(g1);                                    // m ← β1·m + (1−β1)·g
            v.muli(c.beta2).addi(g2.muli(c.oneMinusBeta2));              // v ← β2·v + (1−β2)·g²
        }
        try (NDArray denominator = v.sqrt(); NDArray direction = m.div(denominator.muli(c.inverseSqrtCorrection2).addi(c.epsilon))) {
            if (decays) {
                weight.muli(c.decay);                                    // w ← (1 − η·λ)·w
            }
            weight.subi(direction.muli(c.stepSize));                     // w ← w − η/(1−β1^t) · m / (√v/√(1−β2^t) + ε)
        }
    }

    /** The numbers of one step as 0-d tensors, made once per (step, learning rate) and shared by all parameters. */
    private static final class Constants implements AutoCloseable {
        final int step;
        final double learningRate;
        final NDArray beta1;
        final NDArray oneMinusBeta1;
        final NDArray beta2;
        final NDArray oneMinusBeta2;
        final NDArray epsilon;
        final NDArray inverseSqrtCorrection2;
        final NDArray stepSize;
        final NDArray decay;

        Constants(NDManager manager, ai.djl.ndarray.types.DataType type, int step, double learningRate, AdamW a) {
            this.step = step;
            this.learningRate = learningRate;
            this.beta1 = scalar(manager, a.beta1, type);
            this.oneMinusBeta1 = scalar(manager, 1 - a.beta1, type);
            this.beta2 = scalar(manager, a.beta2, type);
            this.oneMinusBeta2 = scalar(manager, 1 - a.beta2, type);
            this.epsilon = scalar(manager, a.epsilon, type);
            this.inverseSqrtCorrection2 = scalar(manager, 1 / Math.sqrt(1 - Math.pow(a.beta2, step)), type);
            this.stepSize = scalar(manager, learningRate / (1 - Math.pow(a.beta1, step)), type);
            this.decay = scalar(manager, 1 - learningRate * a.weightDecay, type);
        }

        private static NDArray scalar(NDManager manager, double value, ai.djl.ndarray.types.DataType type) {
            return manager.full(new ai.djl.ndarray.types.Shape(), (float) value, type);
        }

        @Override
        public void close() {
            for (NDArray a : new NDArray[] {beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, inverseSqrtCorrection2, stepSize, decay}) {
                a.close();
            }
        }
    }

    private Constants constants;

    private Constants constants(NDArray weight, int step, double learningRate) {
        if (constants == null || constants.step != step || constants.learningRate != learningRate
                || !constants.beta1.getManager().isOpen() || !constants.beta1.getDevice().equals(weight.getDevice())) {
            if (constants != null && constants.beta1.getManager().isOpen()) {
                constants.close();
            }
            constants = new Constants(weight.getManager(), weight.getDataType(), step, learningRate, this);
        }
        return constants;
    }

    /** Whether a parameter of this type gets weight decay: only {@code WEIGHT}s do. */
    public static boolean decays(Parameter.Type type) {
        return switch (type) {
            case WEIGHT -> true;
            case BIAS, GAMMA, BETA, RUNNING_MEAN, RUNNING_VAR, OTHER -> false;
        };
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        out.writeInt(steps.size());
        for (String id : steps.keySet()) {
            out.writeUTF(id);
            out.writeInt(steps.get(id));
            writeArray(out, firstMoment.get(id));
            writeArray(out, secondMoment.get(id));
        }
    }

    @Override
    public void loadState(NDManager manager, DataInputStream in) throws IOException {
        firstMoment.values().forEach(NDArray::close);
        secondMoment.values().forEach(NDArray::close);
        firstMoment.clear();
        secondMoment.clear();
        steps.clear();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String id = in.readUTF();
            steps.put(id, in.readInt());
            firstMoment.put(id, readArray(manager, in));
            secondMoment.put(id, readArray(manager, in));
        }
    }

    private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
        byte[] bytes = array.encode();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * A moment array read back, copied into libtorch's own memory: a decoded array shares a Java direct buffer, and the
     * moments of a 7.5M-parameter model (notebook 04's Transformer beside its two RNN translators) fill the kernel's
     * 256 MB direct-memory cap when restored — "Cannot reserve … bytes of direct buffer memory". The buffer becomes
     * garbage once the decoded array is closed.
     */
    private static NDArray readArray(NDManager manager, DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        try (NDArray decoded = NDArray.decode(manager, bytes)) {
            return decoded.duplicate();
        }
    }
}
