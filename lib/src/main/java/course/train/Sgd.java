package course.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;

/** Plain stochastic gradient descent: w ← w − η·g. Stateless. */
public record Sgd() implements GradientDescent {

    @Override
    public void update(String id, Parameter parameter, NDArray grad, double learningRate) {
        NDArray weight = parameter.getArray();
        try (NDManager scratch = weight.getManager().newSubManager()) {
            scratch.tempAttachAll(grad);
            weight.subi(grad.mul(learningRate));
        }
    }

    @Override
    public void saveState(DataOutputStream out) {}

    @Override
    public void loadState(NDManager manager, DataInputStream in) {}
}
