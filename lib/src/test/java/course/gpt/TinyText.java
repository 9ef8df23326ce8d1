package course.gpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** A short text repeated many times, as character ids, and random (context, next-character) batches from it. */
final class TinyText {

    static final String TEXT = "to be, or not to be: that is the question. ";

    final int[] ids;
    final String alphabet;

    TinyText(int repeats) {
        String text = TEXT.repeat(repeats);
        alphabet = text.chars().distinct().sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        ids = text.chars().map(alphabet::indexOf).toArray();
    }

    int vocabSize() {
        return alphabet.length();
    }

    /** Inputs (B, T) and targets (B, T), the inputs shifted by one character. */
    NDArray[] batch(NDManager manager, Random random, int batch, int length) {
        int[] x = new int[batch * length];
        int[] y = new int[batch * length];
        for (int b = 0; b < batch; b++) {
            int start = random.nextInt(ids.length - length - 1);
            System.arraycopy(ids, start, x, b * length, length);
            System.arraycopy(ids, start + 1, y, b * length, length);
        }
        return new NDArray[] {manager.create(x, new Shape(batch, length)), manager.create(y, new Shape(batch, length))};
    }
}
