package course.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * What a {@link TrainLoop} trains: an ordered list of {@link ParameterGroup}s, from the bottom of the network (the
 * embedding) to the top (the head). Immutable: each change gives a new list, so one phase of training cannot leak its
 * settings into the next. The recipes of transfer learning are one call each:
 *
 * <pre>
 *   groups.frozen("encoder")          train the head only (feature extraction)
 *   groups.trainingTop(2)             gradual unfreezing: the top two groups train, the others are frozen
 *   groups.discriminative(2.6)        ULMFiT's rates: the top group at ×1, the one below at ÷2.6, then ÷2.6², …
 * </pre>
 */
public record ParameterGroups(List<ParameterGroup> groups) {

    /** One trained parameter: its id (see {@link ParameterGroup#parameters()}), the parameter and its group. */
    public record Entry(String id, Parameter parameter, ParameterGroup group) {}

    public ParameterGroups {
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("Give the training loop at least one parameter group");
        }
        Set<String> names = new HashSet<>();
        for (ParameterGroup g : groups) {
            if (!names.add(g.name())) {
                throw new IllegalArgumentException("Two parameter groups are called '" + g.name() + "': names must be unique");
            }
        }
    }

    public static ParameterGroups of(ParameterGroup... groups) {
        return new ParameterGroups(List.of(groups));
    }

    /** The whole of {@code model} as one trainable group called "model". */
    public static ParameterGroups of(Block model) {
        return of(ParameterGroup.of("model", model));
    }

    public ParameterGroup get(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No parameter group '" + name + "'. The groups are: " + names()));
    }

    public List<String> names() {
        return groups.stream().map(ParameterGroup::name).toList();
    }

    /** The named groups frozen, the others as they were. */
    public ParameterGroups frozen(String... names) {
        return setTrainable(false, names);
    }

    /** The named groups trainable, the others as they were. */
    public ParameterGroups unfrozen(String... names) {
        return setTrainable(true, names);
    }

    /** Every group trainable. */
    public ParameterGroups unfrozen() {
        return map(g -> g.withTrainable(true));
    }

    /** Gradual unfreezing (ULMFiT §3.3): the top {@code count} groups train, every group below them is frozen. */
    public ParameterGroups trainingTop(int count) {
        if (count < 1 || count > groups.size()) {
            throw new IllegalArgumentException("trainingTop needs 1 to " + groups.size() + " groups (there are " + groups.size()
                    + ": " + names() + "), got " + count);
        }
        List<ParameterGroup> result = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            result.add(groups.get(i).withTrainable(i >= groups.size() - count));
        }
        return new ParameterGroups(result);
    }

    /**
     * Discriminative fine-tuning (ULMFiT §3.2): the top group keeps the schedule's rate, each group below it gets the
     * rate of the one above divided by {@code factor} (the paper uses 2.6).
     */
    public ParameterGroups discriminative(double factor) {
        if (!(factor >= 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("the discriminative factor must be >= 1 (ULMFiT: 2.6), got " + factor);
        }
        List<ParameterGroup> result = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            result.add(groups.get(i).withRateMultiplier(Math.pow(factor, -(groups.size() - 1 - i))));
        }
        return new ParameterGroups(result);
    }

    /** The named group with its rate multiplied by {@code multiplier} instead of its current one. */
    public ParameterGroups withRateMultiplier(String name, double multiplier) {
        get(name);
        return map(g -> g.name().equals(name) ? g.withRateMultiplier(multiplier) : g);
    }

    /**
     * Every parameter of every group, in group order, each once: a parameter shared by two groups (tied weights)
     * belongs to the first that holds it.
     */
    public List<Entry> entries() {
        List<Entry> result = new ArrayList<>();
        Map<Parameter, Boolean> seen = new IdentityHashMap<>();
        for (ParameterGroup g : groups) {
            for (Pair<String, Parameter> p : g.parameters()) {
                if (seen.put(p.getValue(), Boolean.TRUE) == null) {
                    result.add(new Entry(p.getKey(), p.getValue(), g));
                }
            }
        }
        return result;
    }

    /** The entries of the trainable groups. */
    public List<Entry> trainable() {
        return entries().stream().filter(e -> e.group().trainable()).toList();
    }

    /** One line per group: name, size, rate multiplier, trainable or frozen. */
    public String describe() {
        return groups.stream().map(g -> String.format("%-12s %,10d parameters  lr × %-8.4g %s", g.name(), g.size(),
                g.rateMultiplier(), g.trainable() ? "trains" : "frozen")).collect(Collectors.joining("\n"));
    }

    /** Every block of every group, in order (what a checkpoint stores). */
    List<Block> blocks() {
        List<Block> result = new ArrayList<>();
        for (ParameterGroup g : groups) {
            result.addAll(g.blocks());
        }
        return result;
    }

    private ParameterGroups setTrainable(boolean train, String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("Name the groups to " + (train ? "unfreeze" : "freeze") + "; the groups are: " + names());
        }
        for (String n : names) {
            get(n);
        }
        Set<String> chosen = Set.of(names);
        return map(g -> chosen.contains(g.name()) ? g.withTrainable(train) : g);
    }

    private ParameterGroups map(UnaryOperator<ParameterGroup> change) {
        return new ParameterGroups(groups.stream().map(change).toList());
    }
}
