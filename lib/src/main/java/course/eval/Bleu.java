package course.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BLEU (Papineni et al. 2002, "BLEU: a Method for Automatic Evaluation of Machine Translation"), computed the
 * way sacreBLEU computes it by default (Post 2018), so that a number from the course can sit next to a number
 * from a paper: {@link Tokenizer13a} tokenisation, case-sensitive, n-grams up to 4, "exp" smoothing, the
 * brevity penalty, on a 0–100 scale. sacreBLEU prints that configuration as the signature
 * {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x}.
 *
 * <p>How the number is made, for a corpus of hypotheses (a system's translations) and references (a human's):
 *
 * <ol>
 *   <li><b>Clipped n-gram matches.</b> For each sentence and each order n = 1..4, every n-gram of the
 *       hypothesis counts as matched at most as often as it occurs in the reference (with several references,
 *       in the one where it occurs most). "the the the the" against "the cat" matches "the" once, not four
 *       times. Matches m<sub>n</sub> and hypothesis n-gram totals t<sub>n</sub> are summed over the
 *       <em>whole corpus</em> before anything is divided: BLEU is a corpus statistic, not an average of
 *       sentence scores.
 *   <li><b>Modified precisions</b> p<sub>n</sub> = 100 · m<sub>n</sub> / t<sub>n</sub> (the "55.1/28.4/16.2/9.6"
 *       in the printed line).
 *   <li><b>Their geometric mean</b>, exp(¼ Σ<sub>n</sub> ln p<sub>n</sub>): one order with no match at all
 *       would make the product 0, so "exp" smoothing (NIST's, method 3 of Chen &amp; Cherry 2014) replaces the
 *       k-th zero precision by 100 / (2<sup>k</sup> · t<sub>n</sub>): 1/2 of a match, then 1/4, and so on.
 *       If nothing matches at any order the score is 0; if the hypotheses are too short to have any n-grams of
 *       some order (t<sub>n</sub> = 0) that order counts as precision 0 and the corpus score is 0 too.
 *   <li><b>The brevity penalty.</b> Precision alone rewards saying little ("the" scores p<sub>1</sub> = 100).
 *       With c the hypotheses' total length and r the references' (per sentence, the reference length closest
 *       to the hypothesis length, the shorter one on a tie), BP = 1 if c ≥ r, else exp(1 − r / c).
 *       BLEU = BP · exp(¼ Σ ln p<sub>n</sub>).
 * </ol>
 *
 * <p>Where this class differs from calling {@code sacrebleu.corpus_bleu}: sacreBLEU silently drops the extra
 * sentences when hypotheses and references differ in number, and fails with an {@code IndexError} on an empty
 * list; here both are an {@link IllegalArgumentException} that says what to fix. sacreBLEU also logs a warning
 * when 100 or more hypotheses end in {@code " ."} (text that looks already tokenised, which scores lower);
 * that warning does not change the score and is not repeated here. The bench {@code ./course bench bleu} checks
 * the numbers against sacreBLEU itself.
 *
 * @param score BLEU on the 0–100 scale
 * @param precisions the four modified n-gram precisions p<sub>1</sub>..p<sub>4</sub>, in percent, smoothed
 * @param brevityPenalty BP, in (0, 1]; 0 only when every hypothesis is empty and some reference is not
 * @param hypothesisLength c, the number of hypothesis tokens in the corpus
 * @param referenceLength r, the summed lengths of the references closest in length to each hypothesis
 * @param matches the clipped n-gram matches m<sub>1</sub>..m<sub>4</sub>, summed over the corpus
 * @param totals the hypothesis n-gram counts t<sub>1</sub>..t<sub>4</sub>, summed over the corpus
 */
public record Bleu(double score, double[] precisions, double brevityPenalty, int hypothesisLength,
                   int referenceLength, int[] matches, int[] totals) {

    /** The highest n-gram order BLEU counts (sacreBLEU's default, and Papineni et al.'s N). */
    public static final int MAX_ORDER = 4;

    /** What sacreBLEU's {@code my_log} returns for ln 0: a finite stand-in for −∞, so that exp(...) gives 0. */
    private static final double LOG_ZERO = -9999999999.0;

    public Bleu {
        if (precisions.length != MAX_ORDER || matches.length != MAX_ORDER || totals.length != MAX_ORDER) {
            throw new IllegalArgumentException("BLEU keeps " + MAX_ORDER + " precisions, matches and totals (n = 1.."
                    + MAX_ORDER + "), got " + precisions.length + ", " + matches.length + " and " + totals.length);
        }
        precisions = precisions.clone();
        matches = matches.clone();
        totals = totals.clone();
    }

    /**
     * Corpus BLEU of {@code hypotheses} against one reference each, {@code references.get(i)} being the
     * reference of {@code hypotheses.get(i)}. Both are detokenised text (what a reader sees), one sentence per
     * element; an empty string is an empty translation (it adds 0 to c and its reference's length to r).
     */
    public static Bleu corpus(List<String> hypotheses, List<String> references) {
        return corpusMultiReference(hypotheses, List.of(requireNonNull(references, "references")));
    }

    /**
     * Corpus BLEU with several references per hypothesis, laid out as sacreBLEU lays them out: each element of
     * {@code referenceSets} is one complete set of references for the whole corpus (for example one per human
     * translator), so {@code referenceSets.get(k).get(i)} is the k-th reference of hypothesis i.
     */
    public static Bleu corpusMultiReference(List<String> hypotheses, List<List<String>> referenceSets) {
        requireNonNull(hypotheses, "hypotheses");
        requireNonNull(referenceSets, "referenceSets");
        if (hypotheses.isEmpty()) {
            throw new IllegalArgumentException("no hypotheses: BLEU needs at least one sentence and its reference"
                    + " (pass \"\" for a sentence the system left untranslated)");
        }
        if (referenceSets.isEmpty()) {
            throw new IllegalArgumentException("no reference sets: pass at least one list of references, one per hypothesis");
        }
        for (int k = 0; k < referenceSets.size(); k++) {
            List<String> set = requireNonNull(referenceSets.get(k), "reference set " + k);
            if (set.size() != hypotheses.size()) {
                throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + set.size() + " references"
                        + (referenceSets.size() > 1 ? " in reference set " + k : "")
                        + ": BLEU needs exactly one reference per hypothesis, in the same order (sacreBLEU would"
                        + " silently score only the first " + Math.min(set.size(), hypotheses.size()) + " pairs)");
            }
        }
        Counts corpus = new Counts();
        List<List<String>> tokenizedReferences = new ArrayList<>(referenceSets.size());
        for (int i = 0; i < hypotheses.size(); i++) {
            tokenizedReferences.clear();
            for (int k = 0; k < referenceSets.size(); k++) {
                tokenizedReferences.add(Tokenizer13a.tokenize(
                        requireNonNull(referenceSets.get(k).get(i), "reference " + i + (referenceSets.size() > 1 ? " of set " + k : ""))));
            }
            corpus.add(Tokenizer13a.tokenize(requireNonNull(hypotheses.get(i), "hypothesis " + i)), tokenizedReferences);
        }
        return corpus.bleu(false);
    }

    /**
     * BLEU of one sentence, as {@code sacrebleu.sentence_bleu} computes it: the corpus formula on a corpus of
     * one, with sacreBLEU's "effective order" for sentences — orders the hypothesis is too short to have
     * (a 3-word sentence has no 4-grams) are left out of the geometric mean instead of zeroing it. Handy to
     * show single examples; a model is compared with {@link #corpus}, since averaging sentence scores is not
     * BLEU (short sentences swing wildly and the brevity penalty is meant to act on the whole corpus).
     */
    public static Bleu sentence(String hypothesis, String... references) {
        requireNonNull(hypothesis, "hypothesis");
        if (references == null || references.length == 0) {
            throw new IllegalArgumentException("sentence BLEU needs at least one reference");
        }
        List<List<String>> tokenized = new ArrayList<>(references.length);
        for (int k = 0; k < references.length; k++) {
            tokenized.add(Tokenizer13a.tokenize(requireNonNull(references[k], "reference " + k)));
        }
        Counts counts = new Counts();
        counts.add(Tokenizer13a.tokenize(hypothesis), tokenized);
        return counts.bleu(true);
    }

    /** c / r, the length ratio printed next to BP (0 when the references are empty). */
    public double ratio() {
        return referenceLength == 0 ? 0 : (double) hypothesisLength / referenceLength;
    }

    /** p<sub>n</sub> for n = 1..4, in percent. */
    public double precision(int n) {
        if (n < 1 || n > MAX_ORDER) {
            throw new IllegalArgumentException("n-gram order " + n + " is outside 1.." + MAX_ORDER);
        }
        return precisions[n - 1];
    }

    @Override
    public double[] precisions() {
        return precisions.clone();
    }

    @Override
    public int[] matches() {
        return matches.clone();
    }

    @Override
    public int[] totals() {
        return totals.clone();
    }

    /**
     * sacreBLEU's one-line report, digit for digit:
     * {@code BLEU = 37.99 83.3/60.0/25.0/16.7 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)}.
     */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder("BLEU = ").append(fixed(score, 2)).append(' ');
        for (int n = 0; n < MAX_ORDER; n++) {
            line.append(n == 0 ? "" : "/").append(fixed(precisions[n], 1));
        }
        return line.append(" (BP = ").append(fixed(brevityPenalty, 3))
                .append(" ratio = ").append(fixed(ratio(), 3))
                .append(" hyp_len = ").append(hypothesisLength)
                .append(" ref_len = ").append(referenceLength).append(')').toString();
    }

    /**
     * {@code value} with {@code digits} decimals, rounded as Python's {@code f"{value:.2f}"} rounds: the exact
     * binary value, ties to even. ({@code String.format} rounds ties up and follows the default locale.)
     */
    private static String fixed(double value, int digits) {
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static <T> T requireNonNull(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is null; use \"\" for an empty sentence");
        }
        return value;
    }

    /** BLEU's sufficient statistics: c, r and, per order, the clipped matches and the totals. */
    private static final class Counts {
        private int hypothesisLength;
        private int referenceLength;
        private final int[] matches = new int[MAX_ORDER];
        private final int[] totals = new int[MAX_ORDER];

        /** Adds one sentence: its hypothesis tokens against the tokens of each of its references. */
        void add(List<String> hypothesis, List<List<String>> references) {
            hypothesisLength += hypothesis.size();
            referenceLength += closestLength(hypothesis.size(), references);
            // For each reference n-gram, the most times it occurs in any one reference: the clipping ceiling.
            Map<String, Integer> ceiling = new HashMap<>();
            for (List<String> reference : references) {
                ngramCounts(reference).forEach((gram, count) -> ceiling.merge(gram, count, Math::max));
            }
            ngramCounts(hypothesis).forEach((gram, count) -> {
                int n = order(gram);
                totals[n - 1] += count;
                matches[n - 1] += Math.min(count, ceiling.getOrDefault(gram, 0));
            });
        }

        /** The reference length nearest to the hypothesis length; on a tie, the shorter reference. */
        private static int closestLength(int hypothesisLength, List<List<String>> references) {
            int best = -1;
            for (List<String> reference : references) {
                int length = reference.size();
                int diff = Math.abs(hypothesisLength - length);
                int bestDiff = Math.abs(hypothesisLength - best);
                if (best < 0 || diff < bestDiff || (diff == bestDiff && length < best)) {
                    best = length;
                }
            }
            return best;
        }

        /** How often each 1- to 4-gram occurs; a gram is its tokens joined by spaces (tokens have none). */
        private static Map<String, Integer> ngramCounts(List<String> tokens) {
            Map<String, Integer> counts = new HashMap<>();
            for (int n = 1; n <= MAX_ORDER; n++) {
                for (int i = 0; i + n <= tokens.size(); i++) {
                    counts.merge(String.join(" ", tokens.subList(i, i + n)), 1, Integer::sum);
                }
            }
            return counts;
        }

        private static int order(String gram) {
            int n = 1;
            for (int i = 0; i < gram.length(); i++) {
                if (gram.charAt(i) == ' ') {
                    n++;
                }
            }
            return n;
        }

        /**
         * The score from the statistics, step for step as sacreBLEU's {@code compute_bleu} does it (same
         * operations in the same order, so the doubles agree): {@code effectiveOrder} is its sentence-level
         * option, off for a corpus.
         */
        Bleu bleu(boolean effectiveOrder) {
            double bp = 1;
            if (hypothesisLength < referenceLength) {
                bp = hypothesisLength > 0 ? Math.exp(1 - (double) referenceLength / hypothesisLength) : 0;
            }
            double[] p = new double[MAX_ORDER];
            if (Arrays.stream(matches).allMatch(m -> m == 0)) {
                return new Bleu(0, p, bp, hypothesisLength, referenceLength, matches, totals);
            }
            double halvings = 1;     // 2^k for the k-th order without a match ("exp" smoothing)
            int orders = effectiveOrder ? 0 : MAX_ORDER;   // how many p_n enter the geometric mean
            for (int n = 1; n <= MAX_ORDER; n++) {
                if (totals[n - 1] == 0) {
                    break;           // no n-grams this long at all: p_n stays 0 (and, for a corpus, BLEU is 0)
                }
                if (effectiveOrder) {
                    orders = n;
                }
                if (matches[n - 1] == 0) {
                    halvings *= 2;
                    p[n - 1] = 100.0 / (halvings * totals[n - 1]);
                } else {
                    p[n - 1] = 100.0 * matches[n - 1] / totals[n - 1];
                }
            }
            double sumOfLogs = 0;
            for (int n = 0; n < orders; n++) {
                sumOfLogs += p[n] == 0 ? LOG_ZERO : Math.log(p[n]);
            }
            double score = bp * Math.exp(sumOfLogs / orders);
            return new Bleu(score, p, bp, hypothesisLength, referenceLength, matches, totals);
        }
    }
}
