package course.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The word tokeniser of the word2vec chapter: lower-case, and a token is a run of letters a–z, digits,
 * apostrophes and hyphens ({@code don't}, {@code well-known}, {@code 1790}). Everything else — punctuation,
 * symbols, accented letters — separates tokens. Crude on purpose: it is the same rule the peer runs
 * (gensim, word2vec.c) were given, so their numbers compare with ours.
 */
public final class WordTokenizer {

    private static final Pattern TOKEN = Pattern.compile("[a-z0-9'-]+");

    private WordTokenizer() {}

    /** Every token in {@code text}, e.g. "The U.S. Congress, 1790!" → [the, u, s, congress, 1790]. */
    public static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    /** Whether an already split word is a token as a whole (used for corpora that come split, like Brown). */
    public static boolean isToken(String word) {
        return TOKEN.matcher(word).matches();
    }
}
