package course.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.nn.Mode;
import course.nn.LabelSmoothing;
import course.train.AdamW;
import course.train.LearningRate;
import course.train.Seeds;
import course.train.TrainLoop;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransformerTest {

    private static final int PAD = 0, START = 1;

    private static TransformerConfig small(int vocabulary) {
        return new TransformerConfig(vocabulary, vocabulary, 16, 32, 4, 64, 2, 2, 0f, PAD, true);
    }

    private static Transformer model(TransformerConfig config, NDManager m, long seed) {
        Transformer t = new Transformer(config);
        Seeds.initialize(t, m, seed, new Shape(2, 5), new Shape(2, 4));
        return t;
    }

    @Test
    void shapesOfEveryOutput() {
        try (NDManager m = NDManager.newBaseManager()) {
            Transformer t = model(small(11), m, 1);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray source = m.create(new int[] {5, 6, 7, 2, 0, 3, 4, 0, 0, 0}, new Shape(2, 5));
            NDArray target = m.create(new int[] {1, 8, 9, 1, 7, 0}, new Shape(2, 3));
            Transformer.Encoded e = t.encode(ps, source, new int[] {4, 2}, Mode.INSPECTION);
            assertEquals(new Shape(2, 5, 32), e.memory().getShape());
            assertEquals(2, e.attention().size());
            assertEquals(new Shape(2, 4, 5, 5), e.attention().get(0).getShape());
            Transformer.Decoded d = t.decode(ps, e, target, new int[] {3, 2}, Mode.INSPECTION);
            assertEquals(new Shape(2, 3, 11), d.logits().getShape());
            assertEquals(new Shape(2, 4, 3, 3), d.selfAttention().get(1).getShape());
            assertEquals(new Shape(2, 4, 3, 5), d.crossAttention().get(1).getShape());
            assertTrue(t.encode(ps, source, new int[] {4, 2}, Mode.INFERENCE).attention().isEmpty());
        }
    }

    @Test
    void thePredictionAtPositionTIsUnchangedByLaterTargetTokens() {
        try (NDManager m = NDManager.newBaseManager()) {
            Transformer t = model(small(11), m, 2);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray source = m.create(new int[] {5, 6, 7, 2}, new Shape(1, 4));
            NDArray a = m.create(new int[] {1, 8, 9, 3, 4}, new Shape(1, 5));
            NDArray b = m.create(new int[] {1, 8, 9, 10, 2}, new Shape(1, 5));                 // differs from position 3 on
            int[] one = {4};
            int[] five = {5};
            NDArray la = t.logits(ps, source, one, a, five, Mode.INFERENCE);
            NDArray lb = t.logits(ps, source, one, b, five, Mode.INFERENCE);
            NDIndex firstThree = new NDIndex(":, :3");
            assertArrayEquals(la.get(firstThree).toFloatArray(), lb.get(firstThree).toFloatArray(), 1e-6f);
            assertTrue(la.get(new NDIndex(":, 3")).sub(lb.get(new NDIndex(":, 3"))).abs().max().getFloat() > 1e-4,
                    "position 3 reads its own input token, so it must change");
        }
    }

    @Test
    void theDecoderReadsTheSource() {
        try (NDManager m = NDManager.newBaseManager()) {
            Transformer t = model(small(11), m, 2);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray target = m.create(new int[] {1, 8, 9}, new Shape(1, 3));
            NDArray la = t.logits(ps, m.create(new int[] {5, 6, 7, 2}, new Shape(1, 4)), new int[] {4}, target, new int[] {3}, Mode.INFERENCE);
            NDArray lb = t.logits(ps, m.create(new int[] {9, 3, 7, 2}, new Shape(1, 4)), new int[] {4}, target, new int[] {3}, Mode.INFERENCE);
            float diff = la.sub(lb).abs().max().getFloat();
            assertTrue(diff > 1e-3, "a different source must change the translation's scores, changed by " + diff);
        }
    }

    @Test
    void kvCachedDecodingFindsWhatFullRecomputationFinds() {
        try (NDManager m = NDManager.newBaseManager()) {
            Transformer t = model(small(11), m, 8);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray source = m.create(new int[] {5, 6, 7, 8, 9, 4, 3, 0, 0, 0, 10, 0, 0, 0, 0}, new Shape(3, 5));
            Transformer.Encoded e = t.encode(ps, source, new int[] {5, 2, 1}, Mode.INFERENCE);
            for (int beam : new int[] {1, 3}) {
                var settings = new course.decode.BeamSearch.Settings(beam, 10, 0.6, 2);
                var plain = course.decode.BeamSearch.search(3, START, settings, t.recomputingDecoder(ps, e, m));
                try (Transformer.CachedDecoder cached = t.cachedDecoder(ps, e, m)) {
                    var fast = course.decode.BeamSearch.search(3, START, settings, cached);
                    for (int s = 0; s < 3; s++) {
                        assertEquals(plain.get(s).size(), fast.get(s).size());
                        for (int i = 0; i < plain.get(s).size(); i++) {
                            assertArrayEquals(plain.get(s).get(i).tokens(), fast.get(s).get(i).tokens(), "beam " + beam + ", sentence " + s + ", hypothesis " + i);
                            assertEquals(plain.get(s).get(i).logProbability(), fast.get(s).get(i).logProbability(), 1e-4);
                        }
                    }
                }
            }
        }
    }

    @Test
    void paddingNeverReceivesAttention() {
        try (NDManager m = NDManager.newBaseManager()) {
            Transformer t = model(small(11), m, 3);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray source = m.create(new int[] {5, 6, 7, 0, 0, 3, 4, 5, 6, 7}, new Shape(2, 5));
            Transformer.Encoded e = t.encode(ps, source, new int[] {3, 5}, Mode.INSPECTION);
            NDArray target = m.create(new int[] {1, 8, 0, 1, 9, 2}, new Shape(2, 3));
            Transformer.Decoded d = t.decode(ps, e, target, new int[] {2, 3}, Mode.INSPECTION);
            for (NDArray w : e.attention()) {
                assertEquals(0f, w.get(new NDIndex("0, :, :, 3:")).abs().max().getFloat(), 0f, "encoder keys 3, 4 of row 0 are padding");
            }
            for (NDArray w : d.crossAttention()) {
                assertEquals(0f, w.get(new NDIndex("0, :, :, 3:")).abs().max().getFloat(), 0f, "cross-attention to source padding");
                assertEquals(1f, w.sum(new int[] {3}).min().getFloat(), 1e-5f, "the real positions still get all the weight");
            }
            for (NDArray w : d.selfAttention()) {
                assertEquals(0f, w.get(new NDIndex("0, :, :, 2")).abs().max().getFloat(), 0f, "target padding of row 0");
            }
        }
    }

    @Test
    void theEncoderIgnoresWhatThePaddingHolds() {
        try (NDManager m = NDManager.newBaseManager()) {
            Transformer t = model(small(11), m, 4);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray padded = m.create(new int[] {5, 6, 7, 0, 0}, new Shape(1, 5));
            NDArray junk = m.create(new int[] {5, 6, 7, 9, 10}, new Shape(1, 5));             // other ids where the padding was
            NDArray shorter = m.create(new int[] {5, 6, 7}, new Shape(1, 3));
            int[] three = {3};
            NDArray a = t.encode(ps, padded, three, Mode.INFERENCE).memory().get(new NDIndex(":, :3"));
            NDArray b = t.encode(ps, junk, three, Mode.INFERENCE).memory().get(new NDIndex(":, :3"));
            NDArray c = t.encode(ps, shorter, three, Mode.INFERENCE).memory();
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 1e-6f);
            assertArrayEquals(a.toFloatArray(), c.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void sinusoidalPositionsFollowThePapersFormula() {
        float[][] pe = SinusoidalPositions.table(50, 8);
        assertEquals(Math.sin(7), pe[7][0], 1e-6);
        assertEquals(Math.cos(7), pe[7][1], 1e-6);
        assertEquals(Math.sin(7 / Math.pow(10000, 6.0 / 8)), pe[7][6], 1e-6);
        // PE(pos + k) is a rotation of PE(pos), pair by pair, by an angle that depends on k only
        int k = 5;
        for (int i = 0; i < 4; i++) {
            double w = 1 / Math.pow(10000, 2.0 * i / 8);
            for (int pos : new int[] {0, 3, 20}) {
                double sin = pe[pos][2 * i], cos = pe[pos][2 * i + 1];
                assertEquals(sin * Math.cos(k * w) + cos * Math.sin(k * w), pe[pos + k][2 * i], 1e-5);
                assertEquals(cos * Math.cos(k * w) - sin * Math.sin(k * w), pe[pos + k][2 * i + 1], 1e-5);
            }
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SinusoidalPositions.table(4, 7)).getMessage().contains("even"));
    }

    @Test
    void badInputIsRefusedWithWhatToDo() {
        try (NDManager m = NDManager.newBaseManager()) {
            Transformer t = model(small(11), m, 5);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray tooLong = m.zeros(new Shape(1, 17), DataType.INT32).add(3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.encode(ps, tooLong, new int[] {17}, Mode.INFERENCE));
            assertTrue(e.getMessage().contains("longer than the model's limit maxLength = 16"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> t.encode(ps, m.create(new int[] {0, 0}, new Shape(1, 2)), new int[] {0},
                    Mode.INFERENCE));
            assertTrue(e.getMessage().contains("an empty source"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> t.encode(ps, m.create(new int[] {3, 11}, new Shape(1, 2)), new int[] {2},
                    Mode.INFERENCE));
            assertTrue(e.getMessage().contains("must be in [0, 11), got ids from 3 to 11"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TransformerConfig(10, 10, 16, 30, 4, 64, 1, 1, 0f, 0, true))
                .getMessage().contains("multiple of heads"));
    }

    @Test
    void aSmallTransformerLearnsToCopy() {
        // The Annotated Transformer's first sanity run: the target is the source. 1 + 1 layers learn it in seconds.
        int vocabulary = 10, length = 6, batch = 32;
        TransformerConfig config = new TransformerConfig(vocabulary, vocabulary, 16, 32, 4, 64, 1, 1, 0f, PAD, true);
        try (NDManager m = NDManager.newBaseManager()) {
            Transformer t = model(config, m, 6);
            ParameterStore ps = new ParameterStore(m, false);
            LabelSmoothing smoothing = new LabelSmoothing(0.1f, PAD);
            int[] lengths = new int[batch];
            java.util.Arrays.fill(lengths, length);
            TrainLoop.Step step = (scope, s, random) -> {
                int[][] io = copyBatch(random, batch, length, vocabulary);
                NDArray source = scope.create(io[0], new Shape(batch, length));
                NDArray targetIn = scope.create(io[1], new Shape(batch, length));
                NDArray targetOut = scope.create(io[0], new Shape(batch, length));
                NDArray logits = t.logits(ps, source, lengths, targetIn, lengths, Mode.TRAINING);
                return smoothing.klDivergence(logits, targetOut, targetOut.neq(PAD));
            };
            course.train.History h = new TrainLoop(t, AdamW.withWeightDecay(0.0), LearningRate.noam(32, 40, 0.5), TrainLoop.Options.of(300, 6)).run(m, step);
            assertTrue(h.recentTrainLoss(20) < 0.05, "KL to the soft targets after 300 steps: " + h.recentTrainLoss(20));
            int[][] io = copyBatch(new Random(99), batch, length, vocabulary);
            try (NDManager scope = m.newSubManager()) {
                NDArray source = scope.create(io[0], new Shape(batch, length));
                Transformer.Encoded e = t.encode(ps, source, lengths, Mode.INFERENCE);
                for (int beam : new int[] {1, 4}) {                                        // greedy, then a beam of 4
                    var found = course.decode.BeamSearch.search(batch, START, new course.decode.BeamSearch.Settings(beam, length, 0, PAD),
                            t.recomputingDecoder(ps, e, scope));
                    int[] decoded = new int[batch * length];
                    for (int b = 0; b < batch; b++) System.arraycopy(found.get(b).get(0).tokens(), 0, decoded, b * length, length);
                    assertArrayEquals(io[0], decoded, "beam " + beam + " copies every source");
                }
            }
        }
    }

    /** Sources of random ids 2 … V−1 and the decoder's input: START then the source without its last id. */
    private static int[][] copyBatch(Random random, int batch, int length, int vocabulary) {
        int[] source = new int[batch * length];
        int[] targetIn = new int[batch * length];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < length; i++) source[b * length + i] = 2 + random.nextInt(vocabulary - 2);
            targetIn[b * length] = START;
            System.arraycopy(source, b * length, targetIn, b * length + 1, length - 1);
        }
        return new int[][] {source, targetIn};
    }
}
