package course.elmo;

import java.nio.charset.StandardCharsets;

/**
 * Words as fixed-length rows of character ids, the input of the character encoder. The "characters" are the
 * word's UTF-8 bytes, so every string has ids — accents, emoji, a misspelling, a word never seen in training — and
 * the id table is fixed in advance, never learned from a corpus (as in ELMo's bilm-tf):
 *
 * <pre>
 *   0            padding after the word
 *   1 … 256      byte b of the word's UTF-8 form, as b + 1
 *   257, 258     begin-of-word and end-of-word marks, around every word
 *   259, 260     the sentence-start and sentence-end tokens, each spelled as one special "character"
 * </pre>
 *
 * "play" with {@code maxChars} 8 becomes {@code [257, 113, 109, 98, 122, 258, 0, 0]}. A word longer than
 * {@code maxChars − 2} bytes keeps its first bytes and still ends on the end-of-word mark: a defined cut, never an
 * error.
 *
 * @param maxChars characters per word, marks included (bilm-tf: 50)
 */
public record CharacterIds(int maxChars) {

    /** How many distinct ids there are: the size of the character embedding table. */
    public static final int SIZE = 261;
    public static final int PADDING = 0;
    public static final int BEGIN_WORD = 257;
    public static final int END_WORD = 258;
    public static final int SENTENCE_START = 259;
    public static final int SENTENCE_END = 260;
    /** The spelling of the sentence-start and -end tokens in a token list. */
    public static final String START_TOKEN = "<s>";
    public static final String END_TOKEN = "</s>";

    public CharacterIds {
        if (maxChars < 3) {
            throw new IllegalArgumentException("maxChars must be at least 3 (begin mark, one character, end mark), got " + maxChars);
        }
    }

    /** The ids of one word, {@code maxChars} long. */
    public int[] of(String word) {
        int[] ids = new int[maxChars];
        write(word, ids, 0);
        return ids;
    }

    /** The ids of a list of words, word after word: {@code words.size() × maxChars} ints. */
    public int[] of(java.util.List<String> words) {
        int[] ids = new int[words.size() * maxChars];
        for (int i = 0; i < words.size(); i++) {
            write(words.get(i), ids, i * maxChars);
        }
        return ids;
    }

    /** Writes {@code word}'s ids into {@code into[offset .. offset + maxChars)} (the rest of the row stays 0). */
    public void write(String word, int[] into, int offset) {
        if (word == null || word.isEmpty()) {
            throw new IllegalArgumentException("a word must have at least one character, got " + (word == null ? "null" : "\"\""));
        }
        into[offset] = BEGIN_WORD;
        if (word.equals(START_TOKEN) || word.equals(END_TOKEN)) {
            into[offset + 1] = word.equals(START_TOKEN) ? SENTENCE_START : SENTENCE_END;
            into[offset + 2] = END_WORD;
            return;
        }
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length, maxChars - 2);
        for (int i = 0; i < n; i++) {
            into[offset + 1 + i] = (bytes[i] & 0xff) + 1;
        }
        into[offset + 1 + n] = END_WORD;
    }
}
