package course.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Saves a {@link Checkpoint} to {@code dir} every few steps and after the last, and resumes a run from the newest one
 * there — if it was written for the same parameters, {@code config}, loop options, schedule and lib build. A checkpoint that was not is set
 * aside (kept as {@code .stale}) with a message, and training starts fresh.
 *
 * @param every a checkpoint every this many steps (and after the last); 0 = every tenth of the run
 */
public record Checkpoints(Path dir, Record config, int every, PrintStream out) implements TrainLoop.Listener {

    public Checkpoints {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(out, "out");
        if (every < 0) {
            throw new IllegalArgumentException("every must be >= 1 (or 0: every tenth of the run), got " + every);
        }
    }

    /** Checkpoints of a run with {@code config} in {@code dir}, every tenth of the run; messages on standard output. */
    public static Checkpoints in(Path dir, Record config) {
        return new Checkpoints(dir, config, 0, System.out);
    }

    public Checkpoints every(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("every must be >= 1, got " + steps);
        }
        return new Checkpoints(dir, config, steps, out);
    }

    /** Where the resume messages go. */
    public Checkpoints printingTo(PrintStream stream) {
        return new Checkpoints(dir, config, every, stream);
    }

    @Override
    public Optional<Checkpoint.Restored> resume(TrainLoop.Run run) {
        Optional<Path> latest = Checkpoint.latest(dir);
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        try {
            Checkpoint.Restored restored = Checkpoint.load(latest.get(), fingerprint(run), run.manager(), run.groups(), run.optimizer());
            // one println per message, not printf: a notebook kernel shows each piece printf writes as a line of its own
            out.println(String.format("Resumed from %s: %d of %d steps already done.", latest.get().getFileName(),
                    restored.step(), run.options().steps()));
            return Optional.of(restored);
        } catch (Checkpoint.Stale stale) {
            Path aside = Checkpoint.setAside(stale.file());
            out.println(String.format("Not resuming: %s. Training starts fresh; the old checkpoint is kept as %s.",
                    stale.getMessage(), aside.getFileName()));
            return Optional.empty();
        }
    }

    @Override
    public void stepped(TrainLoop.Progress p) {
        if (p.every(p.interval(every, 10))) {
            Checkpoint.save(dir, p.done(), fingerprint(p.run()), p.run().groups(), p.run().optimizer(), p.history());
        }
    }

    private Checkpoint.Fingerprint fingerprint(TrainLoop.Run run) {
        return Checkpoint.Fingerprint.of(run.groups(), config, run.options(), run.schedule());
    }

}
