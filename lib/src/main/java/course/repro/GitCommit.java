package course.repro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The commit a run was made from, so a number in a manifest can be traced to the code that made it. */
final class GitCommit {

    private GitCommit() {}

    /** {@code git rev-parse HEAD} in {@code home} (with "-dirty" for uncommitted changes), or "unknown". */
    static String of(Path home) {
        if (!Files.exists(home.resolve(".git"))) {
            return "unknown (not a git checkout)";
        }
        try {
            String head = run(home, "git", "rev-parse", "HEAD");
            if (head.isEmpty()) {
                return "unknown (no commit yet)";
            }
            String status = run(home, "git", "status", "--porcelain", "--untracked-files=no");
            return status.isEmpty() ? head : head + "-dirty";
        } catch (IOException | InterruptedException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.getErrorStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
    }
}
