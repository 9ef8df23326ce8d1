package course.bert;

import java.util.Arrays;

/**
 * One pretraining input before masking: {@code [CLS] A [SEP] B [SEP]}, its segment ids (0 up to and including the
 * first [SEP], 1 after it), and whether B really followed A in its document (the next-sentence label).
 *
 * @param tokens   the ids, [CLS] first
 * @param segments 0 for [CLS], A and the first [SEP]; 1 for B and the last [SEP]
 * @param isNext   true if B is the sentence after A in the same document, false if it came from another document
 */
public record SentencePair(int[] tokens, int[] segments, boolean isNext) {

    public SentencePair {
        if (tokens.length != segments.length || tokens.length < 3) {
            throw new IllegalArgumentException("a pair needs at least [CLS] [SEP] [SEP] and one segment id per token, got "
                    + tokens.length + " tokens and " + segments.length + " segment ids");
        }
        tokens = tokens.clone();
        segments = segments.clone();
    }

    /** [CLS] a [SEP] b [SEP] from the two sentences' word-piece ids. */
    public static SentencePair of(int[] a, int[] b, boolean isNext, SpecialIds special) {
        int n = a.length + b.length + 3;
        int[] tokens = new int[n];
        int[] segments = new int[n];
        tokens[0] = special.cls();
        System.arraycopy(a, 0, tokens, 1, a.length);
        tokens[a.length + 1] = special.sep();
        System.arraycopy(b, 0, tokens, a.length + 2, b.length);
        tokens[n - 1] = special.sep();
        Arrays.fill(segments, a.length + 2, n, 1);
        return new SentencePair(tokens, segments, isNext);
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public int[] segments() {
        return segments.clone();
    }

    public int length() {
        return tokens.length;
    }

    /** Token {@code t}'s id without copying the array. */
    public int token(int t) {
        return tokens[t];
    }

    public int segment(int t) {
        return segments[t];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SentencePair p && p.isNext == isNext && Arrays.equals(p.tokens, tokens) && Arrays.equals(p.segments, segments);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(tokens) + Arrays.hashCode(segments) + (isNext ? 1 : 0);
    }

    @Override
    public String toString() {
        return "SentencePair[" + Arrays.toString(tokens) + ", isNext=" + isNext + "]";
    }
}
