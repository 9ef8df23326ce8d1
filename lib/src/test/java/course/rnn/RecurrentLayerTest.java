package course.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import course.nn.NativeArrays;
import course.train.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecurrentLayerTest {

    private static RecurrentLayer layer(RecurrentCell kind, int in, int hidden, NDManager m) {
        RecurrentLayer layer = kind == RecurrentCell.LSTM ? RecurrentLayer.lstm(in, hidden) : RecurrentLayer.gru(in, hidden);
        layer.initialize(m, DataType.FLOAT32, new Shape(1, 1, in));
        return layer;
    }

    private static List<float[]> gradients(RecurrentLayer layer) {
        List<float[]> all = new ArrayList<>();
        for (Pair<String, Parameter> p : layer.getParameters()) {
            all.add(p.getValue().getArray().getGradient().toFloatArray());
        }
        return all;
    }

    /** Loss = Σ output ⊙ fixed random weights (so every position and unit matters), then backward. */
    private static float[] outputAndBackward(NDManager m, RecurrentLayer layer, NDArray x, NDArray probe,
                                             Function<NDArray, RecurrentLayer.Output> run) {
        try (var tape = Engine.getInstance().newGradientCollector()) {
            RecurrentLayer.Output out = run.apply(x);
            NDArray loss = out.output().mul(probe).sum();
            if (out.state().cell() != null) {
                loss = loss.add(out.state().cell().sum());
            }
            tape.backward(loss);
            return out.output().toFloatArray();
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void theFusedOpEqualsTheCellWrittenOutStepByStep(RecurrentCell kind) {
        Seeds.seedAll(3);
        try (NDManager m = NDManager.newBaseManager()) {
            RecurrentLayer layer = layer(kind, 5, 7, m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(3, 6, 5));
            x.setRequiresGradient(true);
            NDArray probe = m.randomNormal(new Shape(3, 6, 7));
            RecurrentState start = new RecurrentState(m.randomNormal(new Shape(1, 3, 7)),
                    kind.hasCellState() ? m.randomNormal(new Shape(1, 3, 7)) : null);

            float[] fused = outputAndBackward(m, layer, x, probe, in -> layer.forward(in, start, null, layer.weights(ps, in, true)));
            List<float[]> fusedGrads = gradients(layer);
            float[] fusedInputGrad = x.getGradient().toFloatArray();

            // Gradients add up over backward passes (as in PyTorch): the second pass's are the differences.
            float[] byHand = outputAndBackward(m, layer, x, probe, in -> Cells.unroll(kind, in, start, layer.weights(ps, in, true, 0)));
            List<float[]> handGrads = minus(gradients(layer), fusedGrads);
            assertArrayEquals(byHand, fused, 1e-5f);
            assertArrayEquals(minus(List.of(x.getGradient().toFloatArray()), List.of(fusedInputGrad)).get(0), fusedInputGrad, 1e-5f);
            for (int i = 0; i < handGrads.size(); i++) {
                assertArrayEquals(handGrads.get(i), fusedGrads.get(i), 1e-5f, "gradient of " + layer.getParameters().get(i).getKey());
            }
            assertTrue(fusedGrads.stream().allMatch(g -> maxAbs(g) > 0), "every weight gets a gradient");
        }
    }

    @Test
    void shapesAndState() {
        try (NDManager m = NDManager.newBaseManager()) {
            RecurrentLayer lstm = layer(RecurrentCell.LSTM, 4, 6, m);
            RecurrentLayer.Output out = lstm.forward(new ParameterStore(m, false), m.randomNormal(new Shape(2, 9, 4)), false);
            assertEquals(new Shape(2, 9, 6), out.output().getShape());
            assertEquals(new Shape(1, 2, 6), out.state().hidden().getShape());
            assertEquals(new Shape(1, 2, 6), out.state().cell().getShape());
            // The last output is the final hidden state.
            assertArrayEquals(out.state().hidden().toFloatArray(), out.output().get(":, 8, :").toFloatArray(), 1e-7f);
            RecurrentLayer gru = layer(RecurrentCell.GRU, 4, 6, m);
            assertNull(gru.forward(new ParameterStore(m, false), m.randomNormal(new Shape(2, 9, 4)), false).state().cell());
            assertEquals(4 * 6 * (4 + 6 + 2), parameterCount(lstm));
            assertEquals(3 * 6 * (4 + 6 + 2), parameterCount(gru));
        }
    }

    @Test
    void anOutputDependsOnlyOnTheInputsUpToItsPosition() {
        Seeds.seedAll(5);
        try (NDManager m = NDManager.newBaseManager()) {
            RecurrentLayer lstm = layer(RecurrentCell.LSTM, 3, 4, m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(1, 8, 3));
            NDArray changed = x.duplicate();
            changed.set(new ai.djl.ndarray.index.NDIndex(":, 5:, :"), 9f);
            float[] a = lstm.forward(ps, x, false).output().get(":, :5, :").toFloatArray();
            float[] b = lstm.forward(ps, changed, false).output().get(":, :5, :").toFloatArray();
            assertArrayEquals(a, b, 0f);
            assertNotEquals(lstm.forward(ps, x, false).output().get(":, 5, :").toFloatArray()[0],
                    lstm.forward(ps, changed, false).output().get(":, 5, :").toFloatArray()[0]);
        }
    }

    @Test
    void aCarriedStateIsDetachedSoNoGradientReachesThePreviousWindow() {
        Seeds.seedAll(7);
        try (NDManager m = NDManager.newBaseManager(); NDManager carry = m.newSubManager()) {
            RecurrentLayer lstm = layer(RecurrentCell.LSTM, 3, 4, m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray first = m.randomNormal(new Shape(2, 5, 3));
            first.setRequiresGradient(true);
            NDArray second = m.randomNormal(new Shape(2, 5, 3));
            second.setRequiresGradient(true);
            RecurrentState carried;
            try (var tape = Engine.getInstance().newGradientCollector()) {
                RecurrentLayer.Output w1 = lstm.forward(first, null, null, lstm.weights(ps, first, true));
                carried = w1.state().detachedInto(carry);
                RecurrentLayer.Output w2 = lstm.forward(second, carried, null, lstm.weights(ps, second, true));
                tape.backward(w2.output().sum());
            }
            assertEquals(0f, maxAbs(first.getGradient().toFloatArray()), "no gradient crosses the window boundary");
            assertTrue(maxAbs(second.getGradient().toFloatArray()) > 0);
            assertEquals(carry, carried.hidden().getManager());

            // And the carried state matters: starting the second window from zeros gives other outputs.
            float[] fromCarried = lstm.forward(second, carried, null, lstm.weights(ps, second, false)).output().toFloatArray();
            float[] fromZeros = lstm.forward(second, null, null, lstm.weights(ps, second, false)).output().toFloatArray();
            assertTrue(maxAbsDiff(fromCarried, fromZeros) > 1e-4);
        }
    }

    @Test
    void resetWhereZeroesTheRowsOfNewDocuments() {
        try (NDManager m = NDManager.newBaseManager()) {
            RecurrentState s = new RecurrentState(m.ones(new Shape(1, 3, 2)), m.ones(new Shape(1, 3, 2)));
            RecurrentState reset = s.resetWhere(NativeArrays.floats(m, new float[] {1, 0, 1}, new Shape(3)));
            assertArrayEquals(new float[] {1, 1, 0, 0, 1, 1}, reset.hidden().toFloatArray());
            assertArrayEquals(new float[] {1, 1, 0, 0, 1, 1}, reset.cell().toFloatArray());
            var e = assertThrows(IllegalArgumentException.class, () -> s.resetWhere(m.ones(new Shape(2))));
            assertTrue(e.getMessage().contains("keep must be (B) = (3)"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentCell.class)
    void aBidirectionalLayerOnAPaddedBatchEqualsEachSequenceAlone(RecurrentCell kind) {
        Seeds.seedAll(11);
        try (NDManager m = NDManager.newBaseManager()) {
            RecurrentLayer one = kind == RecurrentCell.LSTM ? RecurrentLayer.lstm(3, 4) : RecurrentLayer.gru(3, 4);
            RecurrentLayer bi = one.bidirectional();
            bi.initialize(m, DataType.FLOAT32, new Shape(1, 1, 3));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray batch = m.randomNormal(new Shape(2, 6, 3));
            int[] lengths = {6, 4};
            NDArray out = bi.forward(batch, null, lengths, bi.weights(ps, batch, false)).output();           // (2, 6, 8)
            assertEquals(new Shape(2, 6, 8), out.getShape());
            for (int row = 0; row < 2; row++) {
                NDArray alone = batch.get(row + ":" + (row + 1) + ", :" + lengths[row] + ", :");
                NDArray expected = bi.forward(alone, null, null, bi.weights(ps, alone, false)).output();
                NDArray actual = out.get(row + ":" + (row + 1) + ", :" + lengths[row] + ", :");
                assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-6f, "row " + row);
            }
        }
    }

    @Test
    void reverseFlipsEachRowsRealTokensAndKeepsThePadding() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(2, 4, 1));
            assertArrayEquals(new float[] {3, 2, 1, 4, 8, 7, 6, 5}, Sequences.reverse(x, new int[] {3, 4}).toFloatArray());
            assertArrayEquals(new float[] {4, 3, 2, 1, 8, 7, 6, 5}, Sequences.reverse(x, null).toFloatArray());
            var e = assertThrows(IllegalArgumentException.class, () -> Sequences.reverse(x, new int[] {0, 4}));
            assertTrue(e.getMessage().contains("row 0 has length 0"), e.getMessage());
        }
    }

    @Test
    void weightDropChangesOnlyTheHiddenToHiddenMatrix() {
        Seeds.seedAll(13);
        try (NDManager m = NDManager.newBaseManager()) {
            RecurrentLayer lstm = layer(RecurrentCell.LSTM, 3, 4, m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(2, 5, 3));
            RecurrentWeights w = lstm.weights(ps, x, false, 0);
            RecurrentWeights noRecurrence = w.withHidden(h -> h.zerosLike());
            // With W_h = 0 each step sees only its own input (and b_h): position 3 alone gives the same output.
            NDArray all = lstm.forward(x, null, null, List.of(noRecurrence)).output();
            NDArray third = x.get(":, 3:4, :");
            NDArray alone = lstm.forward(third, null, null, List.of(noRecurrence)).output();
            RecurrentState zero = RecurrentState.zeros(m, RecurrentCell.LSTM, 1, 2, 4);
            assertTrue(maxAbsDiff(all.get(":, 3:4, :").toFloatArray(), alone.toFloatArray()) > 1e-4,
                    "the cell state still carries information without W_h");
            assertArrayEquals(Cells.unroll(RecurrentCell.LSTM, x, zero, noRecurrence).output().toFloatArray(), all.toFloatArray(), 1e-5f);
            assertEquals(w.input(), noRecurrence.input());
        }
    }

    @Test
    void badInputGetsAClearMessage() {
        try (NDManager m = NDManager.newBaseManager()) {
            RecurrentLayer lstm = layer(RecurrentCell.LSTM, 3, 4, m);
            ParameterStore ps = new ParameterStore(m, false);
            var wrongWidth = assertThrows(IllegalArgumentException.class, () -> lstm.forward(ps, m.zeros(new Shape(2, 5, 4)), false));
            assertTrue(wrongWidth.getMessage().contains("input must be (B, T, 3), got shape (2, 5, 4)"), wrongWidth.getMessage());
            var empty = assertThrows(IllegalArgumentException.class, () -> lstm.forward(ps, m.zeros(new Shape(2, 0, 3)), false));
            assertTrue(empty.getMessage().contains("at least one step"), empty.getMessage());
            NDArray x = m.zeros(new Shape(2, 5, 3));
            RecurrentState wrongBatch = RecurrentState.zeros(m, RecurrentCell.LSTM, 1, 3, 4);
            var state = assertThrows(IllegalArgumentException.class, () -> lstm.forward(x, wrongBatch, null, lstm.weights(ps, x, false)));
            assertTrue(state.getMessage().contains("initial state must be (1, 2, 4)"), state.getMessage());
        }
    }

    private static List<float[]> minus(List<float[]> after, List<float[]> before) {
        List<float[]> d = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            float[] v = after.get(i).clone();
            for (int j = 0; j < v.length; j++) {
                v[j] -= before.get(i)[j];
            }
            d.add(v);
        }
        return d;
    }

    private static long parameterCount(RecurrentLayer layer) {
        return layer.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    private static float maxAbs(float[] a) {
        float max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
