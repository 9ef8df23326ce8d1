package course.eval;

import course.embed.WordVectors;
import course.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/** Gaussian word vectors, for tests that compare two ways of answering against each other. */
final class RandomEmbedding {

    private RandomEmbedding() {}

    /** {@code n} words named by {@code word(id)}, counts falling with the id, each component drawn from {@code random}. */
    static WordVectors vectors(Random random, int n, int dims, IntFunction<String> word) {
        List<String> words = new ArrayList<>();
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
            words.add(word.apply(i));
            counts[i] = n - i;
        }
        float[] data = new float[n * dims];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return new WordVectors(Vocabulary.of(words, counts), dims, data);
    }
}
