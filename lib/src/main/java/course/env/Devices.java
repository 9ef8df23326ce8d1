package course.env;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Which device the course computes on, and with how many threads. DJL's PyTorch engine picks a CUDA GPU by
 * itself when its CUDA native library is installed; on a machine without one everything runs on the CPU.
 */
public final class Devices {

    private Devices() {}

    /** The device new arrays go to: the first GPU when there is one, else the CPU. */
    public static Device best() {
        return Engine.getInstance().defaultDevice();
    }

    public static int gpuCount() {
        return Engine.getInstance().getGpuCount();
    }

    /** A short description such as {@code cpu()} or {@code gpu(0)}. */
    public static String describe() {
        Device device = best();
        return device.isGpu() ? device + " of " + gpuCount() + " GPU(s)" : device.toString();
    }

    /** PyTorch's intra-op thread count as configured for DJL ({@code -Dai.djl.pytorch.num_threads}). */
    public static int intraOpThreads() {
        return Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
    }

    /** PyTorch's inter-op thread count as configured for DJL ({@code -Dai.djl.pytorch.num_interop_threads}). */
    public static int interOpThreads() {
        return Integer.getInteger("ai.djl.pytorch.num_interop_threads", Runtime.getRuntime().availableProcessors());
    }
}
