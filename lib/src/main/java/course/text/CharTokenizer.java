package course.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One token per character, as in nanoGPT's {@code shakespeare_char}: the vocabulary is the sorted set of
 * distinct characters of a training text, and a character's id is its position in that sorted list. For
 * Tiny Shakespeare that is 65 characters: newline, space, ten punctuation marks, the digit 3, and the 26
 * upper- and 26 lower-case letters.
 *
 * <p>"Character" means a Unicode code point, so an emoji is one token, not two UTF-16 halves. The price of
 * a vocabulary taken from one text: a character the text never contained cannot be encoded — the byte
 * level {@link BytePairEncoder} has no such gap.
 */
public final class CharTokenizer implements Tokenizer {

    private final int[] characters; // code points, ascending; the id of characters[i] is i

    private CharTokenizer(int[] characters) {
        this.characters = characters;
    }

    /** The tokeniser whose vocabulary is every distinct character of {@code text}. */
    public static CharTokenizer fit(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("cannot fit a CharTokenizer on empty text: its vocabulary is the"
                    + " set of characters of the training text");
        }
        return new CharTokenizer(text.codePoints().distinct().sorted().toArray());
    }

    @Override
    public int[] encode(String text) {
        return text.codePoints().map(this::id).toArray();
    }

    /** The id of one character (a code point). */
    public int id(int codePoint) {
        int id = Arrays.binarySearch(characters, codePoint);
        if (id < 0) {
            throw new IllegalArgumentException("character " + TokenText.quote(Character.toString(codePoint)
                    .getBytes(StandardCharsets.UTF_8)) + " (" + codePointName(codePoint) + ") is not in the"
                    + " vocabulary: a CharTokenizer's vocabulary is the " + characters.length + " distinct characters"
                    + " of its training text. Fit it on a text that contains this character, or use a"
                    + " BytePairEncoder, which encodes any text.");
        }
        return id;
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder(ids.length);
        for (int id : ids) {
            text.appendCodePoint(characters[checkId(id)]);
        }
        return text.toString();
    }

    @Override
    public int vocabularySize() {
        return characters.length;
    }

    @Override
    public String name() {
        return "char (" + characters.length + ")";
    }

    @Override
    public String describe(int id) {
        return TokenText.quote(Character.toString(characters[checkId(id)]).getBytes(StandardCharsets.UTF_8));
    }

    /** The whole vocabulary as one string, in id order. */
    public String vocabulary() {
        return new String(characters, 0, characters.length);
    }

    private int checkId(int id) {
        if (id < 0 || id >= characters.length) {
            throw new IllegalArgumentException("token id " + id + " is outside this vocabulary of "
                    + characters.length + " characters (ids 0.." + (characters.length - 1) + ")");
        }
        return id;
    }

    private static String codePointName(int codePoint) {
        return String.format("U+%04X", codePoint);
    }
}
