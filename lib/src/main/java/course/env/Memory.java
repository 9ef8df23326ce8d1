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
        return statusField("VmRSS:");
    }

    private static long statusField(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Peak resident set size of this process so far ({@code VmHWM}), or -1 where the system does not tell. */
    public static long peakResidentBytes() {
        return statusField("VmHWM:");
    }

    /**
     * Which malloc serves native memory (libtorch's tensors live there): jemalloc or mimalloc when preloaded
     * (what {@code ./course} does), else glibc's, which keeps freed memory and lets a long training grow by
     * gigabytes (COURSE_DESIGN §3).
     */
    public static Allocator allocator() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                if (line.contains("libjemalloc")) {
                    return new Allocator("jemalloc", line.substring(line.indexOf('/')));
                }
                if (line.contains("libmimalloc")) {
                    return new Allocator("mimalloc", line.substring(line.indexOf('/')));
                }
            }
            return new Allocator("glibc", "");
        } catch (IOException | RuntimeException e) {
            return new Allocator("unknown", "");
        }
    }

    /** The malloc implementation in use and the library it came from (empty for the C library's own). */
    public record Allocator(String name, String library) {
        /** Whether it hands freed memory back to the system (glibc's malloc mostly does not). */
        public boolean returnsMemory() {
            return name.equals("jemalloc") || name.equals("mimalloc");
        }

        @Override
        public String toString() {
            return library.isEmpty() ? name : name + " (" + library + ")";
        }
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
