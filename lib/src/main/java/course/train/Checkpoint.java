package course.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import course.env.AtomicFile;
import course.env.LibVersion;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A training checkpoint: a fingerprint of what wrote it, step, model parameters, optimiser state and loss
 * history in one file, written to a temporary file first and then renamed, so a crash mid-write never leaves a
 * half checkpoint behind. The random state needs no saving: every step re-derives its seeds from (run seed,
 * step), see {@link Seeds}. A checkpoint whose fingerprint differs from the running code's is refused with
 * {@link Stale}, so weights that edited code no longer means are never restored silently.
 */
public final class Checkpoint {

    private static final int MAGIC = 0x43505432; // "CPT2": with a fingerprint (CPT1 files had none)
    private static final int OLD_MAGIC = 0x43505431;
    private static final String PREFIX = "step-";
    private static final String SUFFIX = ".ckpt";

    private Checkpoint() {}

    /**
     * What a checkpoint belongs to: the model's parameter names and shapes, the run's config (its record's text,
     * every value included) and the course library's build ({@link LibVersion}).
     */
    public record Fingerprint(String model, String config, String lib) {

        public Fingerprint {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(lib, "lib");
        }

        /** The fingerprint of initialised {@code groups} trained with {@code config} by this build of the lib. */
        public static Fingerprint of(ParameterGroups groups, Record config) {
            String parameters = groups.entries().stream()
                    .map(e -> e.id() + " " + (e.parameter().isInitialized() ? e.parameter().getArray().getShape() : "?"))
                    .collect(Collectors.joining("; "));
            return new Fingerprint(parameters, String.valueOf(config), LibVersion.fingerprint());
        }

        /**
         * The fingerprint of a {@link TrainLoop} run: {@code config} together with what else decides the weights — the
         * loop's step seed and clipping, and the schedule when it is a record — so a notebook edit that changes one of
         * them makes an old checkpoint stale instead of silently resumed. The number of steps is not part of it: a run
         * may be extended.
         */
        public static Fingerprint of(ParameterGroups groups, Record config, TrainLoop.Options options, LearningRate schedule) {
            Fingerprint base = of(groups, config);
            String loop = "; loop seed " + options.seed() + ", clipNorm " + options.clipNorm()
                    + (schedule instanceof Record r ? "; schedule " + r : "");
            return new Fingerprint(base.model(), base.config() + loop, base.lib());
        }

        /** The fingerprint of an initialised {@code model}, trained as one group, with {@code config}. */
        public static Fingerprint of(Block model, Record config) {
            return of(ParameterGroups.of(model), config);
        }

        /** In words, how {@code written} (read from a file) differs from this one; empty when they match. */
        String differenceFrom(Fingerprint written) {
            List<String> parts = new ArrayList<>();
            if (!model.equals(written.model)) {
                parts.add("the model's parameters differ (checkpoint: " + shorten(written.model) + "; now: " + shorten(model) + ")");
            }
            if (!config.equals(written.config)) {
                parts.add("the config differs (" + changes(written.config, config) + ")");
            }
            if (!lib.equals(written.lib)) {
                parts.add("it was written by another build of the course library (" + written.lib + ", now " + lib + ")");
            }
            return String.join("; ", parts);
        }

        /**
         * The settings that differ between two configs' texts (records print as {@code Name[a=1, b=Inner[c=2]]}): the
         * {@code key=value} parts only one of them has, at most eight of each, e.g. "checkpoint: evalEvery=250; now:
         * evalEvery=500".
         */
        static String changes(String before, String after) {
            List<String> a = atoms(before);
            List<String> b = atoms(after);
            List<String> gone = new ArrayList<>(a);
            b.forEach(gone::remove);
            List<String> added = new ArrayList<>(b);
            a.forEach(added::remove);
            if (gone.isEmpty() && added.isEmpty()) {
                return "the same settings, written differently: checkpoint " + shorten(before) + "; now " + shorten(after);
            }
            return "checkpoint: " + listed(gone) + "; now: " + listed(added);
        }

        private static List<String> atoms(String text) {
            List<String> out = new ArrayList<>();
            for (String part : text.split("[\\[\\];]|, ")) {
                String t = part.trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
            return out;
        }

        private static String listed(List<String> atoms) {
            if (atoms.isEmpty()) {
                return "nothing else";
            }
            List<String> shown = atoms.subList(0, Math.min(8, atoms.size()));
            return String.join(", ", shown) + (atoms.size() > 8 ? " and " + (atoms.size() - 8) + " more" : "");
        }

        private static String shorten(String text) {
            return text.length() <= 160 ? text : text.substring(0, 157) + "...";
        }
    }

    /** The checkpoint was written by other code or for another config; the message says what differs. */
    public static final class Stale extends IllegalStateException {
        private final Path file;

        Stale(Path file, String message) {
            super(message);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    /** Writes {@code <dir>/step-<step>.ckpt} atomically and deletes older checkpoints in {@code dir}. */
    public static Path save(Path dir, int step, Fingerprint fingerprint, ParameterGroups groups, GradientDescent optimizer,
            History history) {
        Path file = dir.resolve(String.format("%s%09d%s", PREFIX, step, SUFFIX));
        try {
            AtomicFile.write(file, stream -> {
                DataOutputStream out = new DataOutputStream(stream);
                out.writeInt(MAGIC);
                for (String part : List.of(fingerprint.model(), fingerprint.config(), fingerprint.lib())) {
                    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
                out.writeInt(step);
                for (Block block : groups.blocks()) {
                    block.saveParameters(out);
                }
                optimizer.saveState(out);
                history.write(out);
                out.flush();
            });
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.filter(p -> isCheckpoint(p) && !p.equals(file)).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoint " + file, e);
        }
        return file;
    }

    /** The newest checkpoint in {@code dir}, if any. */
    public static Optional<Path> latest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Checkpoint::isCheckpoint).max(Path::compareTo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a checkpoint restored: the step it was written after, and the history up to it. */
    public record Restored(int step, History history) {}

    /**
     * Loads a checkpoint into {@code groups} and {@code optimizer}, after checking that it was written with the
     * same {@code expected} fingerprint; throws {@link Stale} (nothing loaded) when it was not.
     */
    public static Restored load(Path file, Fingerprint expected, NDManager manager, ParameterGroups groups, GradientDescent optimizer) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int magic = in.readInt();
            if (magic == OLD_MAGIC) {
                throw new Stale(file, file.getFileName() + " was written by an older version of the course, which did not"
                        + " record what wrote it");
            }
            if (magic != MAGIC) {
                throw new IllegalArgumentException(file + " is not a course checkpoint (bad header). Delete it to start afresh.");
            }
            Fingerprint written = new Fingerprint(readText(in, file), readText(in, file), readText(in, file));
            String difference = expected.differenceFrom(written);
            if (!difference.isEmpty()) {
                throw new Stale(file, file.getFileName() + " does not belong to this run: " + difference);
            }
            int step = in.readInt();
            for (Block block : groups.blocks()) {
                block.loadParameters(manager, in);
            }
            // Loaded arrays are new tensors: mark the trainable ones for autograd again.
            for (ParameterGroups.Entry e : groups.entries()) {
                e.parameter().freeze(!e.group().trainable());
            }
            optimizer.loadState(manager, in);
            return new Restored(step, History.read(in));
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("Cannot read checkpoint " + file + " (" + e.getMessage()
                    + "). It was written by a different model or is damaged; delete it to start afresh.", e);
        }
    }

    /**
     * Moves a stale checkpoint aside to {@code <name>.stale} (kept, never deleted: it may be the only copy of
     * hours of training) so that the next run starts fresh; returns the new path.
     */
    public static Path setAside(Path file) {
        Path aside = file.resolveSibling(file.getFileName() + ".stale");
        try {
            return Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move the stale checkpoint " + file + " aside; delete it to start afresh", e);
        }
    }

    private static String readText(DataInputStream in, Path file) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > (64 << 20)) {
            throw new IllegalArgumentException(file + " is damaged (a header field claims " + length + " bytes). Delete it to start afresh.");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static boolean isCheckpoint(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }
}
