package course.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 * Adam's per-coordinate step size. Parameters whose id ends in "bias" or "gamma"/"beta" (layer norm) get no
 * decay, as in GPT-2.
 */
public final class AdamW implements GradientDescent {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final Map<String, NDArray> firstMoment = new TreeMap<>();
    private final Map<String, NDArray> secondMoment = new TreeMap<>();
    private final Map<String, Integer> steps = new TreeMap<>();

    public AdamW(double beta1, double beta2, double epsilon, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1), got beta1=" + beta1 + ", beta2=" + beta2);
        }
        if (!(epsilon > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("need epsilon > 0 and weightDecay >= 0, got " + epsilon + ", " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    /** β1 0.9, β2 0.999, ε 1e-8 and the given weight decay. */
    public static AdamW withWeightDecay(double weightDecay) {
        return new AdamW(0.9, 0.999, 1e-8, weightDecay);
    }

    @Override
    public void update(String id, NDArray weight, NDArray grad, double learningRate) {
        NDArray m = firstMoment.computeIfAbsent(id, k -> weight.zerosLike());
        NDArray v = secondMoment.computeIfAbsent(id, k -> weight.zerosLike());
        int t = steps.merge(id, 1, Integer::sum);
        try (NDManager scratch = weight.getManager().newSubManager()) {
            // Every temporary below is created in scratch and freed with it; the four arrays go back home.
            scratch.tempAttachAll(grad, m, v, weight);
            m.muli(beta1).addi(grad.mul(1 - beta1));
            v.muli(beta2).addi(grad.square().muli(1 - beta2));
            double mCorrection = 1 - Math.pow(beta1, t);
            double vCorrection = 1 - Math.pow(beta2, t);
            NDArray step = m.div(mCorrection).divi(v.div(vCorrection).sqrt().addi(epsilon));
            if (weightDecay > 0 && decays(id)) {
                weight.muli(1 - learningRate * weightDecay);
            }
            weight.subi(step.muli(learningRate));
        }
    }

    static boolean decays(String id) {
        String lower = id.toLowerCase(java.util.Locale.ROOT);
        return !(lower.endsWith("bias") || lower.endsWith("gamma") || lower.endsWith("beta"));
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

    private static NDArray readArray(NDManager manager, DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return NDArray.decode(manager, bytes);
    }
}
