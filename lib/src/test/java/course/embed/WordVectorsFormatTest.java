package course.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.text.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordVectorsFormatTest {

    @TempDir
    Path dir;

    private static WordVectors sample() {
        List<String> words = List.of("the", "café", "naïve", "don't", "x-ray", "42");
        float[] data = new float[words.size() * 4];
        Random r = new Random(5);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextGaussian();
        }
        // Awkward values: exponents either way, the largest float, negative zero.
        data[0] = 1e-8f;
        data[1] = -3.4028235e38f;
        data[2] = -0.0f;
        data[3] = 123456.79f;
        return new WordVectors(Vocabulary.of(words, new long[] {60, 50, 40, 30, 20, 10}), 4, data);
    }

    @Test
    void roundTripKeepsWordsOrderAndEveryFloatExactly() throws Exception {
        WordVectors original = sample();
        Path file = dir.resolve("sub/vectors.txt");
        WordVectorsFormat.write(original, file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals("6 4", lines.get(0));
        assertTrue(lines.get(2).startsWith("café "), lines.get(2));

        WordVectors back = WordVectorsFormat.read(file);
        assertEquals(original.vocabulary().words(), back.vocabulary().words());
        assertEquals(4, back.dimensions());
        for (int id = 0; id < original.size(); id++) {
            for (int d = 0; d < 4; d++) {
                assertEquals(Float.floatToIntBits(original.get(id, d)), Float.floatToIntBits(back.get(id, d)),
                        "word " + id + " value " + d);
            }
        }
        // Counts are synthetic ranks in file order.
        assertEquals(List.of(6L, 5L, 4L, 3L, 2L, 1L), java.util.Arrays.stream(back.vocabulary().counts()).boxed().toList());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file), "usual permissions, not private");
        WordVectorsFormat.write(back, file); // overwriting an existing file works
        assertEquals(lines, Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    @Test
    void readsWhatOtherToolsWrite() throws Exception {
        // word2vec.c ends each line with a space; gensim writes numpy's str() of float32, exponents as e-05.
        Path file = dir.resolve("peer.txt");
        Files.writeString(file, "2 3\nking 0.5 -1.25e-05 3 \nqueen 0.000000 1.000000 -2.500000 \n\n");
        WordVectors v = WordVectorsFormat.read(file);
        assertEquals(List.of("king", "queen"), v.vocabulary().words());
        assertEquals(-1.25e-05f, v.get(0, 1));
        assertEquals(-2.5f, v.get(1, 2));
    }

    private String readError(String content) throws Exception {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WordVectorsFormat.read(file));
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
        return e.getMessage().substring(file.toString().length());
    }

    @Test
    void malformedFilesAreErrorsNamingTheLine() throws Exception {
        assertTrue(readError("").startsWith(":1: the file is empty"));
        assertTrue(readError("king 0.1 0.2\n").startsWith(":1: expected a header '<words> <dimensions>'"));
        assertTrue(readError("2 three\n").startsWith(":1: expected a header"));
        assertTrue(readError("2 2\nking 0.1 0.2\nqueen 0.3\n").startsWith(":3: expected a word and 2 values, found 1 values after 'queen'"));
        assertTrue(readError("2 2\nking 0.1 0.2\nking 0.3 0.4\n").startsWith(":3: the word 'king' appears a second time (its first line is 2)"));
        assertTrue(readError("1 2\nking 0.1 zero\n").startsWith(":2: value 2 of 'king' is 'zero', not a number"));
        assertTrue(readError("3 2\nking 0.1 0.2\nqueen 0.3 0.4\n").startsWith(":4: the file ends after 2 of the 3 words"));
        assertTrue(readError("1 2\nking 0.1 0.2\nqueen 0.3 0.4\n").startsWith(":3: more lines than the 1 words"));
    }

    @Test
    void wordsWithSpacesCannotBeWritten() {
        WordVectors v = new WordVectors(Vocabulary.of(List.of("new york"), new long[] {1}), 1, new float[] {1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordVectorsFormat.write(v, dir.resolve("v.txt")));
        assertTrue(e.getMessage().contains("'new york'"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("v.txt")));
    }
}
