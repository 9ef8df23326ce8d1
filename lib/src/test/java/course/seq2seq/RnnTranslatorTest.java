package course.seq2seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.decode.BeamSearch;
import course.nn.Losses;
import course.rnn.RecurrentCell;
import course.train.AdamW;
import course.train.LearningRate;
import course.train.Seeds;
import course.train.TrainLoop;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RnnTranslatorTest {

    private static final int START = 1, END = 2;

    private static RnnTranslator model(boolean attention, NDManager m, long seed) {
        RnnTranslator t = new RnnTranslator(new RnnTranslatorConfig(12, 12, 16, 24, 32, RecurrentCell.LSTM, attention, 0f));
        Seeds.initialize(t, m, seed, new Shape(2, 5), new Shape(2, 4));
        return t;
    }

    @Test
    void shapesAndTheEncoderIgnoresPadding() {
        try (NDManager m = NDManager.newBaseManager()) {
            RnnTranslator t = model(true, m, 1);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray padded = m.create(new int[] {5, 6, 7, 0, 0}, new Shape(1, 5));
            NDArray junk = m.create(new int[] {5, 6, 7, 9, 11}, new Shape(1, 5));
            RnnTranslator.Encoded a = t.encode(ps, padded, new int[] {3}, false);
            RnnTranslator.Encoded b = t.encode(ps, junk, new int[] {3}, false);
            assertEquals(new Shape(1, 5, 48), a.states().getShape());
            assertEquals(new Shape(1, 48), a.summary().getShape());
            assertArrayEquals(a.summary().toFloatArray(), b.summary().toFloatArray(), 1e-6f, "the summary reads the real tokens only");
            assertArrayEquals(a.states().get(new NDIndex(":, :3")).toFloatArray(), b.states().get(new NDIndex(":, :3")).toFloatArray(), 1e-6f);
            NDArray logits = t.logits(ps, padded, new int[] {3}, m.create(new int[] {1, 8, 9, 10}, new Shape(1, 4)), false);
            assertEquals(new Shape(1, 4, 12), logits.getShape());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> t.encode(ps, padded, new int[] {0}, false))
                    .getMessage().contains("empty source"));
        }
    }

    @Test
    void theBeamDecoderScoresWhatTeacherForcingScores() {
        try (NDManager m = NDManager.newBaseManager()) {
            RnnTranslator t = model(true, m, 2);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray source = m.create(new int[] {5, 6, 7, 8, 4, 9, 0, 0}, new Shape(2, 4));
            int[] lengths = {4, 2};
            List<List<BeamSearch.Hypothesis>> found = BeamSearch.search(2, START, new BeamSearch.Settings(3, 6, 0, END),
                    t.decoder(ps, t.encode(ps, source, lengths, false), m));
            for (int s = 0; s < 2; s++) {
                BeamSearch.Hypothesis best = found.get(s).get(0);
                int[] y = best.tokens();
                int[] in = new int[y.length];
                in[0] = START;
                System.arraycopy(y, 0, in, 1, y.length - 1);
                NDArray row = source.get(new NDIndex(s + ":" + (s + 1)));
                NDArray logP = t.logits(ps, row, new int[] {lengths[s]}, m.create(in, new Shape(1, in.length)), false).logSoftmax(2);
                double total = 0;
                for (int i = 0; i < y.length; i++) total += logP.getFloat(0, i, y[i]);
                assertEquals(total, best.logProbability(), 1e-4, "sentence " + s);
            }
        }
    }

    @Test
    void withAttentionItLearnsToReverseAShortSequence() {
        int batch = 32, length = 5, vocabulary = 12;
        try (NDManager m = NDManager.newBaseManager()) {
            RnnTranslator t = model(true, m, 3);
            ParameterStore ps = new ParameterStore(m, false);
            int[] lengths = new int[batch];
            java.util.Arrays.fill(lengths, length);
            TrainLoop.Step step = (scope, s, random) -> {
                int[][] io = reversal(random, batch, length, vocabulary);
                NDArray logits = t.logits(ps, scope.create(io[0], new Shape(batch, length)), lengths, scope.create(io[1], new Shape(batch, length + 1)), true);
                return Losses.crossEntropy(logits, scope.create(io[2], new Shape(batch, length + 1)));
            };
            new TrainLoop(t, AdamW.withWeightDecay(0.0), LearningRate.constant(1e-2), TrainLoop.Options.of(250, 3)).run(m, step);
            int[][] io = reversal(new Random(42), 16, length, vocabulary);
            int[] sixteen = new int[16];
            java.util.Arrays.fill(sixteen, length);
            try (NDManager scope = m.newSubManager()) {
                List<List<BeamSearch.Hypothesis>> out = BeamSearch.search(16, START, new BeamSearch.Settings(1, length + 2, 0, END),
                        t.decoder(ps, t.encode(ps, scope.create(io[0], new Shape(16, length)), sixteen, false), scope));
                int right = 0;
                for (int s = 0; s < 16; s++) {
                    int[] expected = java.util.Arrays.copyOfRange(io[2], s * (length + 1), (s + 1) * (length + 1));
                    if (java.util.Arrays.equals(expected, out.get(s).get(0).tokens())) right++;
                }
                assertTrue(right >= 14, "reversed exactly: " + right + " of 16");
            }
        }
    }

    /** Sources of ids 3 … V−1; decoder input START + reversed source; targets reversed source + END. */
    private static int[][] reversal(Random random, int batch, int length, int vocabulary) {
        int[] source = new int[batch * length], in = new int[batch * (length + 1)], out = new int[batch * (length + 1)];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < length; i++) source[b * length + i] = 3 + random.nextInt(vocabulary - 3);
            in[b * (length + 1)] = START;
            for (int i = 0; i < length; i++) {
                int token = source[b * length + length - 1 - i];
                out[b * (length + 1) + i] = token;
                in[b * (length + 1) + i + 1] = token;
            }
            out[b * (length + 1) + length] = END;
        }
        return new int[][] {source, in, out};
    }
}
