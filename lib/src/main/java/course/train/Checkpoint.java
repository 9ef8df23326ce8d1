package course.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A training checkpoint: step, model parameters, optimiser state and loss history in one file, written to a
 * temporary file first and then renamed, so a crash mid-write never leaves a half checkpoint behind. The
 * random state needs no saving: every step re-derives its seeds from (run seed, step), see {@link Seeds}.
 */
public final class Checkpoint {

    private static final int MAGIC = 0x43505431; // "CPT1"
    private static final String PREFIX = "step-";
    private static final String SUFFIX = ".ckpt";

    private Checkpoint() {}

    /** Writes {@code <dir>/step-<step>.ckpt} atomically and deletes older checkpoints in {@code dir}. */
    public static Path save(Path dir, int step, Block model, GradientDescent optimizer, History history) {
        Path file = dir.resolve(String.format("%s%09d%s", PREFIX, step, SUFFIX));
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "writing-", ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC);
                out.writeInt(step);
                model.saveParameters(out);
                optimizer.saveState(out);
                history.write(out);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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

    /** Loads a checkpoint into {@code model} and {@code optimizer} (which must have the same structure). */
    public static Restored load(Path file, NDManager manager, Block model, GradientDescent optimizer) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException(file + " is not a course checkpoint (bad header). Delete it to start afresh.");
            }
            int step = in.readInt();
            model.loadParameters(manager, in);
            // Loaded arrays are new tensors: mark the trainable ones for autograd again.
            model.getParameters().values().stream().filter(p -> p.requiresGradient())
                    .forEach(p -> p.getArray().setRequiresGradient(true));
            optimizer.loadState(manager, in);
            return new Restored(step, History.read(in));
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("Cannot read checkpoint " + file + " (" + e.getMessage()
                    + "). It was written by a different model or is damaged; delete it to start afresh.", e);
        }
    }

    private static boolean isCheckpoint(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }
}
