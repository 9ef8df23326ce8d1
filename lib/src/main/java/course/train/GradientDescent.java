package course.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * An update rule: given a parameter, its gradient and the learning rate, change the parameter in place.
 * Unlike DJL's optimisers, its state (Adam's moments) can be saved in a checkpoint and restored, so training
 * resumes exactly where it stopped.
 */
public sealed interface GradientDescent permits Sgd, AdamW {

    /**
     * Updates {@code parameter}'s array in place from {@code grad}. {@code id} names the parameter's state slot: its
     * path in the model, as {@code Block.getParameters()} gives it (unique and the same in every run, unlike
     * {@link Parameter#getId()}); the rule may read the parameter's {@link Parameter#getType() type}.
     */
    void update(String id, Parameter parameter, NDArray grad, double learningRate);

    void saveState(DataOutputStream out) throws IOException;

    /** Restores state written by {@link #saveState}; arrays are attached to {@code manager}. */
    void loadState(NDManager manager, DataInputStream in) throws IOException;
}
