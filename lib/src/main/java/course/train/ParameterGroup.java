package course.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Some of a model's parameters that train together: the blocks they belong to, a multiplier on the scheduled
 * learning rate, and whether they train at all. ULMFiT's discriminative fine-tuning gives each layer its own group
 * (Howard &amp; Ruder 2018, §3.2), and gradual unfreezing switches groups from frozen to trainable between phases;
 * see {@link ParameterGroups}.
 *
 * @param name           a short name, unique among the groups of one loop ("embedding", "layer 3", "head")
 * @param blocks         the initialised blocks whose parameters this group holds
 * @param rateMultiplier the group's learning rate is the schedule's rate times this (> 0)
 * @param trainable      false: the group is frozen, it gets no gradient and no update (weight decay included)
 */
public record ParameterGroup(String name, List<Block> blocks, double rateMultiplier, boolean trainable) {

    public ParameterGroup {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("A parameter group needs a name without '/', got '" + name + "'");
        }
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("Parameter group '" + name + "' has no blocks: give it at least one");
        }
        if (!(rateMultiplier > 0) || Double.isInfinite(rateMultiplier)) {
            throw new IllegalArgumentException("Parameter group '" + name + "': the rate multiplier must be > 0, got "
                    + rateMultiplier + ". To stop a group from training, freeze it instead.");
        }
    }

    /** A trainable group at the schedule's rate. */
    public static ParameterGroup of(String name, Block... blocks) {
        return new ParameterGroup(name, List.of(blocks), 1.0, true);
    }

    public ParameterGroup withRateMultiplier(double multiplier) {
        return new ParameterGroup(name, blocks, multiplier, trainable);
    }

    public ParameterGroup withTrainable(boolean train) {
        return new ParameterGroup(name, blocks, rateMultiplier, train);
    }

    /**
     * The group's parameters, each under an id that is the same in every run: the group's name, then (with several
     * blocks) the block's position, then the parameter's path in its block, e.g. {@code head/weight}.
     */
    public List<Pair<String, Parameter>> parameters() {
        List<Pair<String, Parameter>> result = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            String prefix = blocks.size() == 1 ? name + "/" : name + "/" + b + "/";
            for (Pair<String, Parameter> p : blocks.get(b).getParameters()) {
                result.add(new Pair<>(prefix + p.getKey(), p.getValue()));
            }
        }
        return result;
    }

    /** The number of scalars in the group's parameters (they must be initialised). */
    public long size() {
        long n = 0;
        for (Pair<String, Parameter> p : parameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }
}
