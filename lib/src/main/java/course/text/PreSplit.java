package course.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's first step before byte-pair encoding: cut the text into chunks — roughly words — so that no merge
 * can ever join the end of one word to the start of the next (Radford et al. 2019, §2.2: without it BPE
 * wastes its vocabulary on "dog.", "dog!", "dog?"). BPE then runs inside each chunk separately.
 *
 * <p>A chunk is the first of these that matches, tried left to right:
 *
 * <ol>
 *   <li>an English contraction suffix: {@code 's 't 're 've 'm 'll 'd} (lower-case only, as in GPT-2);
 *   <li>letters, with at most one space in front: {@code " the"}, {@code "Citizen"}, {@code " café"};
 *   <li>digits (any script), with at most one space in front: {@code " 1790"};
 *   <li>anything else that is not a letter, digit or white space — punctuation, symbols, emoji, control
 *       characters, combining marks — with at most one space in front: {@code ","}, {@code " --"},
 *       {@code "🙂"};
 *   <li>a run of white space that is not followed by a non-space: in {@code "a   b"} the run leaves its last
 *       space for the next word, giving {@code "a", "  ", " b"} — so " b" is the same chunk here as anywhere;
 *   <li>any remaining run of white space (the run at the very end of the text, say).
 * </ol>
 *
 * <p>Every character belongs to one of letters, digits, white space or "anything else", so the chunks cover
 * the text without gaps: joining them gives the text back. {@link #chunks} checks that as it goes. White
 * space is Unicode white space (the {@code UNICODE_CHARACTER_CLASS} flag; without it Java's {@code \s}
 * would be ASCII only), as in GPT-2's Python pattern.
 */
public final class PreSplit {

    /** The six alternatives above, in order. */
    public static final Pattern PATTERN = Pattern.compile(
            "'(?:s|t|re|ve|m|ll|d)"
                    + "| ?\\p{L}+"
                    + "| ?\\p{N}+"
                    + "| ?[^\\s\\p{L}\\p{N}]+"
                    + "|\\s+(?!\\S)"
                    + "|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private PreSplit() {}

    /** The chunks of {@code text}, in order; they concatenate to {@code text}. */
    public static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        Matcher m = PATTERN.matcher(text);
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw new IllegalStateException("pre-split skipped characters " + end + ".." + m.start());
            }
            chunks.add(m.group());
            end = m.end();
        }
        if (end != text.length()) {
            throw new IllegalStateException("pre-split stopped at character " + end + " of " + text.length());
        }
        return chunks;
    }
}
