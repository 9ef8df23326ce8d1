package course.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/** y = sin(2x) on [-2, 2], fitted by a small MLP: a loss that falls steadily, in milliseconds per step. */
final class ToyRegression {

    static Block model(NDManager manager) {
        return model(manager, 16);
    }

    static Block model(NDManager manager, int hidden) {
        Block net = new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation::tanh)
                .add(Linear.builder().setUnits(1).build());
        net.initialize(manager, DataType.FLOAT32, new Shape(8, 1));
        return net;
    }

    static TrainLoop.Step step(Block net, NDManager manager) {
        ParameterStore store = new ParameterStore(manager, false);
        return (scope, s, random) -> {
            float[] xs = new float[32];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) (random.nextDouble() * 4 - 2);
            }
            NDArray x = scope.create(xs, new Shape(32, 1));
            NDArray y = x.mul(2).sin();
            NDArray prediction = net.forward(store, new NDList(x), true).singletonOrThrow();
            return prediction.sub(y).square().mean();
        };
    }

    private ToyRegression() {}
}
