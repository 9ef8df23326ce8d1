package course.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterGroupsTest {

    /** The toy MLP as two groups: its first linear layer ("hidden") below its output layer ("output"). */
    private static ParameterGroups groups(Block net) {
        return ParameterGroups.of(ParameterGroup.of("hidden", net.getChildren().get(0).getValue()),
                ParameterGroup.of("output", net.getChildren().get(2).getValue()));
    }

    private static List<float[]> values(ParameterGroup group) {
        List<float[]> result = new ArrayList<>();
        group.parameters().forEach(p -> result.add(p.getValue().getArray().toFloatArray()));
        return result;
    }

    private static void assertSame(List<float[]> expected, List<float[]> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), 0f, what + ", parameter " + i);
        }
    }

    @Test
    void aFrozenGroupGetsNoUpdateNotEvenWeightDecayWhileTheOthersTrain() {
        Seeds.seedAll(4);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ToyRegression.model(manager);
            ParameterGroups groups = groups(net).frozen("hidden");
            List<float[]> hiddenBefore = values(groups.get("hidden"));
            List<float[]> outputBefore = values(groups.get("output"));
            new TrainLoop(groups, AdamW.withWeightDecay(0.1), LearningRate.constant(0.05), TrainLoop.Options.of(20, 4))
                    .run(manager, ToyRegression.step(net, manager));
            assertSame(hiddenBefore, values(groups.get("hidden")), "frozen group after 20 AdamW steps with weight decay 0.1");
            assertNotEquals(outputBefore.get(0)[0], values(groups.get("output")).get(0)[0], "the trainable group moved");
            groups.get("hidden").parameters().forEach(p -> assertFalse(p.getValue().requiresGradient(),
                    p.getKey() + ": a frozen parameter must not ask autograd for a gradient"));
            assertEquals(2, groups.trainable().size(), "only the output layer's weight and bias train");
        }
    }

    @Test
    void aGroupsMultiplierScalesItsStepAndLeavesTheOtherGroupsAlone() {
        float[][] moved = new float[2][];
        float[][] hiddenMoved = new float[2][];
        double[] multipliers = {1.0, 0.25};
        for (int run = 0; run < 2; run++) {
            Seeds.seedAll(8);   // the same initial weights in both runs
            try (NDManager manager = NDManager.newBaseManager()) {
                Block net = ToyRegression.model(manager);
                ParameterGroups groups = groups(net).withRateMultiplier("output", multipliers[run]);
                float[] before = values(groups.get("output")).get(0);
                float[] hiddenBefore = values(groups.get("hidden")).get(0);
                new TrainLoop(groups, new Sgd(), LearningRate.constant(0.1), TrainLoop.Options.of(1, 8))
                        .run(manager, ToyRegression.step(net, manager));
                moved[run] = difference(before, values(groups.get("output")).get(0));
                hiddenMoved[run] = difference(hiddenBefore, values(groups.get("hidden")).get(0));
            }
        }
        double norm = 0;
        for (int i = 0; i < moved[0].length; i++) {
            assertEquals(0.25 * moved[0][i], moved[1][i], 1e-7, "output weight " + i + ": a quarter of the rate, a quarter of the step");
            norm += Math.abs(moved[0][i]);
        }
        assertTrue(norm > 1e-4, "the step was not empty: " + norm);
        assertArrayEquals(hiddenMoved[0], hiddenMoved[1], 0f, "the hidden group's multiplier stayed 1");
    }

    private static float[] difference(float[] before, float[] after) {
        float[] d = new float[before.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = after[i] - before[i];
        }
        return d;
    }

    @Test
    void gradualUnfreezingTrainsAFrozenGroupOnceItIsUnfrozen() {
        Seeds.seedAll(2);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ToyRegression.model(manager);
            ParameterGroups groups = groups(net);
            List<float[]> hiddenStart = values(groups.get("hidden"));
            TrainLoop.Step step = ToyRegression.step(net, manager);
            new TrainLoop(groups.trainingTop(1), new Sgd(), LearningRate.constant(0.05), TrainLoop.Options.of(5, 1)).run(manager, step);
            assertSame(hiddenStart, values(groups.get("hidden")), "phase 1 trains the top group only");
            new TrainLoop(groups.trainingTop(2), new Sgd(), LearningRate.constant(0.05), TrainLoop.Options.of(5, 2)).run(manager, step);
            assertNotEquals(hiddenStart.get(0)[0], values(groups.get("hidden")).get(0)[0], "phase 2 trains both");
            groups.get("hidden").parameters().forEach(p -> assertTrue(p.getValue().requiresGradient(), p.getKey()));
        }
    }

    @Test
    void discriminativeRatesDivideByTheFactorPerGroupDownwards() {
        Seeds.seedAll(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ToyRegression.model(manager);
            ParameterGroups three = ParameterGroups.of(ParameterGroup.of("embedding", net.getChildren().get(0).getValue()),
                    ParameterGroup.of("middle", net.getChildren().get(1).getValue()),
                    ParameterGroup.of("head", net.getChildren().get(2).getValue())).discriminative(2.6);
            double[] expected = {1 / (2.6 * 2.6), 1 / 2.6, 1.0};
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], three.groups().get(i).rateMultiplier(), 1e-12, three.groups().get(i).name());
            }
            assertTrue(three.describe().contains("head"), three.describe());
            assertTrue(three.trainingTop(1).describe().matches("(?s)embedding .* frozen\nmiddle .* frozen\nhead .* trains"), three.trainingTop(1).describe());
        }
    }

    @Test
    void mistakesAreNamed() {
        Seeds.seedAll(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ToyRegression.model(manager);
            ParameterGroups groups = groups(net);
            var unknown = assertThrows(IllegalArgumentException.class, () -> groups.frozen("encoder"));
            assertEquals("No parameter group 'encoder'. The groups are: [hidden, output]", unknown.getMessage());
            var top = assertThrows(IllegalArgumentException.class, () -> groups.trainingTop(3));
            assertTrue(top.getMessage().startsWith("trainingTop needs 1 to 2 groups"), top.getMessage());
            var zero = assertThrows(IllegalArgumentException.class, () -> groups.withRateMultiplier("output", 0));
            assertTrue(zero.getMessage().contains("To stop a group from training, freeze it instead"), zero.getMessage());
            var twice = assertThrows(IllegalArgumentException.class,
                    () -> ParameterGroups.of(ParameterGroup.of("a", net), ParameterGroup.of("a", net)));
            assertTrue(twice.getMessage().contains("Two parameter groups are called 'a'"), twice.getMessage());
        }
    }

    @Test
    void aParameterSharedByTwoGroupsIsTrainedOnceByTheFirst() {
        Seeds.seedAll(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block net = ToyRegression.model(manager);
            ParameterGroups overlapping = ParameterGroups.of(ParameterGroup.of("all", net),
                    ParameterGroup.of("output", net.getChildren().get(2).getValue()));
            assertEquals(4, overlapping.entries().size());
            assertTrue(overlapping.entries().stream().allMatch(e -> e.group().name().equals("all")));
        }
    }
}
