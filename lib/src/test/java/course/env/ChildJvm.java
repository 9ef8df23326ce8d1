package course.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a main class of the test classpath in a JVM of its own, started like the course's JVMs (DJL offline, the
 * PyTorch engine) with a fixed, pre-touched heap, so that its resident memory moves only with native memory and a
 * crash in libtorch fails the calling test instead of killing the test run. The child inherits the environment,
 * {@code LD_PRELOAD} (the course's allocator) included.
 */
public final class ChildJvm {

    /** What the child left: whether it finished in time, its exit code, its output lines and any crash logs. */
    public record Result(boolean finished, int exitCode, List<String> lines, List<Path> crashLogs) {
        public String output() {
            return String.join("\n", lines);
        }

        public String lastLine() {
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private ChildJvm() {}

    public static Result run(Path dir, String heap, int threads, long timeoutMinutes, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch", "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"),
                "--add-modules=jdk.incubator.vector", "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                "-Dai.djl.default_engine=PyTorch", "-Dai.djl.pytorch.num_threads=" + threads,
                "-Dai.djl.pytorch.num_interop_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Path log = dir.resolve(main.getSimpleName() + ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = child.waitFor(timeoutMinutes, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly().waitFor();
        }
        List<Path> crashLogs;
        try (Stream<Path> files = Files.list(dir)) {
            crashLogs = files.filter(p -> p.getFileName().toString().startsWith("hs_err_pid")).toList();
        }
        return new Result(finished, child.exitValue(), Files.readAllLines(log, StandardCharsets.UTF_8), crashLogs);
    }
}
