package course.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * An update rule: given a parameter, its gradient and the learning rate, change the parameter in place.
 * Unlike DJL's optimisers, its state (Adam's moments) can be saved in a checkpoint and restored, so training
 * resumes exactly where it stopped.
 */
public sealed interface GradientDescent permits Sgd, AdamW {

    /** Updates {@code weight} in place from {@code grad}; {@code id} names the parameter's state slot. */
    void update(String id, NDArray weight, NDArray grad, double learningRate);

    void saveState(DataOutputStream out) throws IOException;

    /** Restores state written by {@link #saveState}; arrays are attached to {@code manager}. */
    void loadState(NDManager manager, DataInputStream in) throws IOException;
}
