package course.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GeneratorTest {

    /** A "model" over 10 tokens that predicts last token + 1 (mod 10) and records every context it saw. */
    private static final class CountingModel implements Generator.LogitsFunction {
        final List<int[]> contexts = new ArrayList<>();

        @Override
        public float[] nextLogits(int[] context) {
            contexts.add(context.clone());
            float[] logits = new float[10];
            logits[(context[context.length - 1] + 1) % 10] = 5;
            return logits;
        }
    }

    @Test
    void contextIsCroppedToTheLastBlockSizeTokens() {
        CountingModel model = new CountingModel();
        List<Integer> streamed = new ArrayList<>();
        int[] out = Generator.generate(new int[] {7, 8}, 6, 4, Sampler.greedy(), new Random(0), model, streamed::add);
        assertArrayEquals(new int[] {7, 8, 9, 0, 1, 2, 3, 4}, out); // prompt, then the model's counting
        assertEquals(List.of(9, 0, 1, 2, 3, 4), streamed);
        assertEquals(6, model.contexts.size());
        assertArrayEquals(new int[] {7, 8}, model.contexts.get(0));
        assertArrayEquals(new int[] {7, 8, 9}, model.contexts.get(1));
        assertArrayEquals(new int[] {7, 8, 9, 0}, model.contexts.get(2));
        assertArrayEquals(new int[] {8, 9, 0, 1}, model.contexts.get(3)); // cropped: 7 fell out
        assertArrayEquals(new int[] {0, 1, 2, 3}, model.contexts.get(5));
        for (int[] c : model.contexts) {
            assertTrue(c.length <= 4);
        }
        // A prompt longer than the block is cropped from the first step.
        CountingModel second = new CountingModel();
        Generator.generate(new int[] {1, 2, 3, 4, 5, 6}, 1, 3, Sampler.greedy(), new Random(0), second);
        assertArrayEquals(new int[] {4, 5, 6}, second.contexts.get(0));
    }

    @Test
    void sampledGenerationIsReproducibleAndZeroNewTokensReturnsThePrompt() {
        Generator.LogitsFunction uniform = context -> new float[50];
        int[] a = Generator.generate(new int[] {1}, 30, 8, Sampler.temperature(1), new Random(11), uniform);
        int[] b = Generator.generate(new int[] {1}, 30, 8, Sampler.temperature(1), new Random(11), uniform);
        assertArrayEquals(a, b);
        assertEquals(31, a.length);
        assertTrue(Arrays.stream(a).distinct().count() > 10);
        assertArrayEquals(new int[] {3, 4}, Generator.generate(new int[] {3, 4}, 0, 8, Sampler.greedy(), new Random(1), uniform));
    }

    @Test
    void badArgumentsAreRefused() {
        Generator.LogitsFunction model = context -> new float[3];
        var e = assertThrows(IllegalArgumentException.class,
                () -> Generator.generate(new int[0], 5, 8, Sampler.greedy(), new Random(0), model));
        assertTrue(e.getMessage().contains("the prompt is empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Generator.generate(new int[] {1}, 5, 0, Sampler.greedy(), new Random(0), model));
        assertTrue(e.getMessage().contains("blockSize must be >= 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Generator.generate(new int[] {1}, -1, 8, Sampler.greedy(), new Random(0), model));
        assertTrue(e.getMessage().contains("newTokens must be >= 0, got -1"), e.getMessage());
    }
}
