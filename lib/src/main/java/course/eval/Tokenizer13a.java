package course.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The "13a" tokenisation that BLEU is computed on by default: the rules of NIST's {@code mteval-v13a.pl}
 * script, used by the WMT shared tasks and, as the default, by sacreBLEU (Post 2018, "A Call for Clarity in
 * Reporting BLEU Scores"). BLEU counts matching n-grams of tokens, so the score depends on where the tokens are
 * cut. Post's point was that papers each cut differently (and often on their own, pre-tokenised references),
 * which moved scores by up to 1.8 points; scoring detokenised text with one fixed tokeniser makes numbers from
 * different papers comparable. This class is that tokeniser, so that {@link Bleu} equals sacreBLEU's number.
 *
 * <p>The rules, in order (each one rewrites the whole line before the next one runs):
 *
 * <ol>
 *   <li>Trailing whitespace is dropped; the marker {@code <skipped>} is deleted; a hyphen at the end of a line
 *       joins the line to the next ({@code "-\n"} is deleted); other line breaks become spaces.
 *   <li>Four HTML entities are unescaped: {@code &quot;} → {@code "}, {@code &amp;} → {@code &},
 *       {@code &lt;} → {@code <}, {@code &gt;} → {@code >}, in that order and once each (so
 *       {@code &amp;quot;} becomes {@code &quot;}, not {@code "}).
 *   <li>Every ASCII punctuation or symbol character except {@code . , ' -} becomes a token of its own:
 *       {@code "Hello!"} → {@code Hello !}, {@code $5} → {@code $ 5}, {@code a/b} → {@code a / b}.
 *   <li>A period or comma is split off unless it sits <em>between</em> digits: {@code end.} → {@code end .},
 *       {@code e.g.} → {@code e . g .}, but {@code 1,000.50} and {@code 3.14} stay whole.
 *   <li>A hyphen right after a digit is split off: {@code 5-year-old} → {@code 5 - year-old},
 *       {@code 1990-2000} → {@code 1990 - 2000}; {@code well-known} and {@code -3} stay whole. Apostrophes are
 *       never split: {@code don't} is one token.
 *   <li>The line is cut at whitespace (Unicode's, as Python's {@code str.split()} defines it, so a non-breaking
 *       space separates tokens too).
 * </ol>
 *
 * <p>Rules 3 to 5 are regular-expression replacements applied left to right with matches that do not overlap,
 * exactly as the Perl and Python versions apply them, so odd inputs ({@code a.,d}, {@code 1.a}) come out the
 * same here as there. Nothing is lower-cased: sacreBLEU's default BLEU is case-sensitive.
 */
public final class Tokenizer13a {

    /** Rule 3: ASCII punctuation and symbols other than {@code . , ' -} (and the space, which is harmless). */
    private static final Pattern SYMBOL = Pattern.compile("([ !\"#$%&()*+/:;<=>?@\\[\\\\\\]^_`{|}~])");
    /** Rule 4, first half: a period or comma after anything but a digit. */
    private static final Pattern STOP_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([.,])");
    /** Rule 4, second half: a period or comma before anything but a digit. */
    private static final Pattern STOP_BEFORE_NON_DIGIT = Pattern.compile("([.,])([^0-9])");
    /** Rule 5: a hyphen after a digit. */
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    private Tokenizer13a() {}

    /** The tokens of {@code line} under the 13a rules; an empty or all-whitespace line has none. */
    public static List<String> tokenize(String line) {
        if (line == null) {
            throw new IllegalArgumentException("cannot tokenise null; pass \"\" for an empty sentence");
        }
        String s = stripTrailingWhitespace(line)
                .replace("<skipped>", "")
                .replace("-\n", "")
                .replace("\n", " ")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">");
        s = " " + s + " ";   // as mteval does, so that a period at either end has a neighbour
        s = SYMBOL.matcher(s).replaceAll(" $1 ");
        s = STOP_AFTER_NON_DIGIT.matcher(s).replaceAll("$1 $2 ");
        s = STOP_BEFORE_NON_DIGIT.matcher(s).replaceAll(" $1 $2");
        s = DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
        return splitOnWhitespace(s);
    }

    /** The tokens joined by single spaces: sacreBLEU's tokenised form of the line, handy to print. */
    public static String tokenizeToString(String line) {
        return String.join(" ", tokenize(line));
    }

    private static String stripTrailingWhitespace(String s) {
        int end = s.length();
        while (end > 0 && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private static List<String> splitOnWhitespace(String s) {
        List<String> tokens = new ArrayList<>();
        int start = -1;   // start of the current token, -1 between tokens
        for (int i = 0; i < s.length(); i++) {
            if (isWhitespace(s.charAt(i))) {
                if (start >= 0) {
                    tokens.add(s.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            tokens.add(s.substring(start));
        }
        return tokens;
    }

    /**
     * Whitespace as Python's {@code str.isspace()} defines it, which is what sacreBLEU splits on. Java's
     * {@link Character#isWhitespace} differs: it leaves out the non-breaking spaces U+00A0, U+2007 and U+202F
     * and the "next line" control U+0085. Every such character is in the Basic Multilingual Plane, so a
     * {@code char} test is enough.
     */
    static boolean isWhitespace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }
}
