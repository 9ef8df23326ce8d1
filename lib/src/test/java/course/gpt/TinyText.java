package course.gpt;

import course.batch.LmWindows;

/** A short text repeated many times, as character ids, and random (context, next-character) windows over it. */
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

    /** Random (B, T) windows of the text: inputs and the same windows shifted by one character as targets. */
    LmWindows windows(int batch, int length) {
        return LmWindows.over(ids, batch, length);
    }
}
