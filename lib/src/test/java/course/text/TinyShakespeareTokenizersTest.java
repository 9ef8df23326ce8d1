package course.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.data.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both tokenisers on the text notebook 06 trains on; prints the numbers the notebook quotes. */
class TinyShakespeareTokenizersTest {

    private String tinyShakespeare() throws IOException {
        return Files.readString(TestData.realStore().path("tinyshakespeare/input.txt"), StandardCharsets.UTF_8);
    }

    @Test
    void charTokenizerHasNanoGptsSixtyFiveCharacters() throws IOException {
        String text = tinyShakespeare();
        CharTokenizer chars = CharTokenizer.fit(text);
        assertEquals(1_115_394, text.length());
        assertEquals(65, chars.vocabularySize()); // as nanoGPT's data/shakespeare_char/prepare.py prints
        assertEquals("\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", chars.vocabulary());
        assertEquals(text, chars.decode(chars.encode(text)));
    }

    @Test
    void bytePairEncoderTrainsInSecondsAndRoundTripsTheWholeText(@TempDir Path dir) throws IOException {
        String text = tinyShakespeare();
        for (int size : new int[] {512, 1024, 2048}) {
            long t0 = System.nanoTime();
            BytePairEncoder bpe = BytePairEncoder.train(text, size, null);
            long t1 = System.nanoTime();
            int[] ids = bpe.encode(text);
            long t2 = System.nanoTime();
            double trainSeconds = (t1 - t0) / 1e9;
            double encodeSeconds = (t2 - t1) / 1e9;
            System.out.printf("Tiny Shakespeare, BPE %d: %d merges, train %.2f s, encode %.3f s, %,d tokens for"
                    + " %,d characters = %.2f characters per token%n", size, bpe.mergeCount(), trainSeconds,
                    encodeSeconds, ids.length, text.length(), text.length() / (double) ids.length);
            assertEquals(size - 256, bpe.mergeCount());
            assertEquals(text, bpe.decode(ids));
            // Generous bounds (a shared 2-core machine): measured ~0.5 s to train, ~0.1 s to encode.
            assertTrue(trainSeconds < 20, "training took " + trainSeconds + " s");
            assertTrue(encodeSeconds < 5, "encoding took " + encodeSeconds + " s");
            if (size == 1024) {
                System.out.println("first 10 merges: " + bpe.merges().subList(0, 10));
                assertEquals("\" \" + \"t\" -> \" t\"", bpe.describeMerge(0)); // the most frequent pair
                assertTrue(text.length() / (double) ids.length > 2.2);
                Path file = dir.resolve("bpe1024.txt");
                bpe.save(file);
                assertArrayEquals(ids, BytePairEncoder.load(file).encode(text));
            }
        }
    }
}
