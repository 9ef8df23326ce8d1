package course.repro;

import ai.djl.engine.Engine;
import course.env.CoursePaths;
import course.env.Devices;
import course.env.Memory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The set-up check notebook 00 opens with: each row says what was found, whether it is fine, and what to do
 * when it is not. It never throws, so one broken part does not hide the state of the others.
 */
public final class Doctor {

    /** One line of the report. */
    public record Check(String name, String found, Status status, String advice) {}

    public enum Status { OK, WARN, FAIL }

    private Doctor() {}

    public static List<Check> run() {
        List<Check> checks = new ArrayList<>();
        int feature = Runtime.version().feature();
        checks.add(new Check("JDK", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"),
                feature >= 17 ? Status.OK : Status.FAIL, feature >= 17 ? "" : "Install JDK 17 or newer and put its java first on PATH."));
        long heap = Memory.heapMaxBytes();
        // Tensors live outside the heap; the course's own Java objects need well under 1 GB (COURSE_HEAP sets it).
        checks.add(new Check("max heap (-Xmx)", Memory.format(heap), heap >= 700_000_000L ? Status.OK : Status.WARN,
                heap >= 700_000_000L ? "" : "Give the kernel more heap: COURSE_HEAP=1g ./course setup (kernel.json's JJAVA_JVM_OPTS)."));
        Memory.Allocator allocator = Memory.allocator();
        checks.add(new Check("native memory allocator", allocator.toString(), allocator.returnsMemory() ? Status.OK : Status.WARN,
                allocator.returnsMemory() ? "" : "glibc's malloc keeps the memory tensors free: a long training can reach several GB"
                        + " resident (after bursts of GPT forward passes it kept 1.7 GB where jemalloc kept 4 MB). Install jemalloc (Debian/Ubuntu: apt-get install"
                        + " libjemalloc2; conda: conda install jemalloc), then run ./course setup again."));
        Profile profile = null;
        try {
            profile = Profile.active();
            checks.add(new Check("profile (COURSE_PROFILE)", profile.id(), Status.OK, ""));
        } catch (IllegalArgumentException e) {
            checks.add(new Check("profile (COURSE_PROFILE)", String.valueOf(System.getenv(Profile.VARIABLE)), Status.FAIL, e.getMessage()));
        }
        try {
            Engine engine = Engine.getInstance();
            checks.add(new Check("DJL", Engine.getDjlVersion(), Status.OK, ""));
            checks.add(new Check("engine", engine.getEngineName() + " " + engine.getVersion(), Status.OK, ""));
            boolean gpu = Devices.gpuCount() > 0;
            boolean wantsGpu = profile == Profile.FULL;
            checks.add(new Check("device", Devices.describe(), wantsGpu && !gpu ? Status.WARN : Status.OK,
                    wantsGpu && !gpu ? "The full profile expects a GPU but none was found: see README, 'Running on a GPU'." : ""));
            checks.add(new Check("threads (intra-op / inter-op)", Devices.intraOpThreads() + " / " + Devices.interOpThreads(), Status.OK, ""));
        } catch (RuntimeException | LinkageError e) {
            checks.add(new Check("DJL engine", e.getClass().getSimpleName() + ": " + e.getMessage(), Status.FAIL,
                    "The PyTorch native library did not load. Rebuild the kernel classpath with './course setup' and restart the kernel."));
        }
        try {
            CoursePaths paths = CoursePaths.fromEnvironment();
            checks.add(new Check("course folder", paths.home().toString(), Status.OK, ""));
            if (paths.mirror().isPresent()) {
                boolean exists = Files.isDirectory(paths.mirror().get());
                checks.add(new Check("data mirror (COURSE_DATA_MIRROR)", paths.mirror().get().toString(), exists ? Status.OK : Status.FAIL,
                        exists ? "" : "The mirror folder does not exist: fix COURSE_DATA_MIRROR or unset it to download."));
            } else {
                checks.add(new Check("data mirror (COURSE_DATA_MIRROR)", "not set: data is downloaded", Status.OK, ""));
            }
            checks.add(new Check("data cache", paths.cache().toString(), Status.OK, ""));
        } catch (IllegalStateException e) {
            checks.add(new Check("course folder", "not found", Status.FAIL, e.getMessage()));
        }
        checks.add(new Check("memory in use (resident)", Memory.format(Memory.residentBytes()), Status.OK, ""));
        return checks;
    }

    /** {@code ./course doctor}: prints the report; exits 1 when a check failed. */
    public static void main(String[] args) {
        Table report = report();
        System.out.println(report.print());
        if (report.stringColumn("status").countOccurrences(Status.FAIL.name()) > 0) {
            System.exit(1);
        }
    }

    /** The checks as a table with columns check, found, status, advice. */
    public static Table report() {
        StringColumn name = StringColumn.create("check");
        StringColumn found = StringColumn.create("found");
        StringColumn status = StringColumn.create("status");
        StringColumn advice = StringColumn.create("advice");
        for (Check c : run()) {
            name.append(c.name());
            found.append(c.found());
            status.append(c.status().name());
            advice.append(c.advice());
        }
        return Table.create("Environment", name, found, status, advice);
    }
}
