package course.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much memory this process uses. Tensors live in native memory, outside the Java heap, so the heap
 * alone says little: the resident set size (from {@code /proc/self/status} on Linux) counts both.
 */
public final class Memory {

    private Memory() {}

    /** Resident set size in bytes, or -1 where the operating system does not tell. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    public static long heapMaxBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    /** {@code 1.2 GB}, {@code 830 MB}. */
    public static String format(long bytes) {
        if (bytes < 0) {
            return "n/a";
        }
        double mb = bytes / 1e6;
        return mb >= 1000 ? String.format("%.1f GB", mb / 1000) : String.format("%.0f MB", mb);
    }
}
