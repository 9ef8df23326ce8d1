package course.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A tokeniser for the language models of the GPT chapter: text in, a sequence of token ids out, and back
 * again. Two kinds exist, and the type system knows it:
 *
 * <ul>
 *   <li>{@link CharTokenizer} — one token per character of a training text (nanoGPT's
 *       {@code shakespeare_char}: 65 tokens for Tiny Shakespeare). Tiny vocabulary, long sequences, and
 *       it cannot encode a character it has never seen.
 *   <li>{@link BytePairEncoder} — byte-level byte-pair encoding as in GPT-2 (Radford et al. 2019, §2.2):
 *       any UTF-8 text can be encoded, frequent words become single tokens, sequences get ~3–4× shorter.
 * </ul>
 *
 * <p>Token ids run from 0 to {@code vocabularySize() - 1}; they index the model's embedding table and its
 * output logits. The word2vec chapter's {@link WordTokenizer} is a different thing (words, no way back to
 * the exact text) and is not a {@code Tokenizer}.
 */
public sealed interface Tokenizer permits CharTokenizer, BytePairEncoder {

    /** The token ids of {@code text}. */
    int[] encode(String text);

    /** The text of {@code ids}; {@code decode(encode(text))} gives {@code text} back exactly. */
    String decode(int[] ids);

    /** How many distinct ids there are: the size of a model's embedding table and of its output layer. */
    int vocabularySize();

    /** A short name for tables and plots, e.g. "char (65)" or "byte-level BPE (1024)". */
    String name();

    /**
     * Token {@code id} as a quoted, printable string: {@code " the"}, {@code "\n"}, {@code "é"}, or
     * {@code "\xC3"} for a byte that is only part of a character (see {@link BytePairEncoder}).
     */
    String describe(int id);

    /** How {@code text} is cut into tokens, one {@link #describe described} token per element. */
    default List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        for (int id : encode(text)) {
            pieces.add(describe(id));
        }
        return pieces;
    }
}
