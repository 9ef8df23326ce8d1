package course.decode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Beam search: keep the {@code beamSize} most probable prefixes at every step instead of the single one greedy
 * decoding keeps, so a sentence whose first word is only the second most likely can still win. Batched over
 * sentences: every step asks the model for the next-token log-probabilities of all live prefixes of all sentences
 * at once (one forward pass), and a sentence leaves the batch when it is done.
 *
 * <p>Longer outputs multiply more probabilities below 1, so raw log-probabilities favour short translations. The
 * score divides by GNMT's length penalty (Wu et al. 2016, eq. 14), lp(|Y|) = ((5 + |Y|) / 6)^α: α = 0 is the plain
 * log-probability, α ≈ 0.6–1 evens the contest. |Y| counts the generated tokens, the end token included.
 *
 * <p>The search is exact for its beam: a sentence stops only when it has {@code beamSize} finished hypotheses and no
 * live prefix can still beat the worst of them (a live log-probability can only fall; divided by lp(maxLength) it
 * is the best score that prefix could ever reach).
 */
public final class BeamSearch {

    /**
     * @param beamSize      prefixes kept per sentence; 1 is greedy decoding
     * @param maxLength     most tokens generated per sentence (the end token included); a prefix still open then ends there
     * @param lengthAlpha   α of the length penalty, ≥ 0
     * @param endToken      the token that finishes a hypothesis
     */
    public record Settings(int beamSize, int maxLength, double lengthAlpha, int endToken) {
        public Settings {
            if (beamSize < 1 || maxLength < 1 || !(lengthAlpha >= 0)) {
                throw new IllegalArgumentException("need beamSize >= 1, maxLength >= 1 and lengthAlpha >= 0, got beamSize=" + beamSize
                        + ", maxLength=" + maxLength + ", lengthAlpha=" + lengthAlpha);
            }
        }

        /** GNMT's lp(length). */
        public double lengthPenalty(int length) {
            return Math.pow((5.0 + length) / 6.0, lengthAlpha);
        }
    }

    /** One finished hypothesis: its tokens (the start token left out), total log-probability and penalised score. */
    public record Hypothesis(int[] tokens, double logProbability, double score, boolean ended) {
        public Hypothesis {
            tokens = tokens.clone();
        }

        @Override
        public int[] tokens() {
            return tokens.clone();
        }

        @Override
        public String toString() {
            return String.format("%s log p = %.4f, score %.4f%s", Arrays.toString(tokens), logProbability, score, ended ? "" : " (cut at maxLength)");
        }
    }

    /**
     * The model, one step at a time. Row r of a call continues row {@code parents[r]} of the previous call and has
     * just read {@code lastTokens[r]}; at the first call there is one row per sentence and {@code parents[r]} is the
     * sentence index. A model with a KV cache gathers its cache rows by {@code parents} (several rows may continue the
     * same parent; a parent no row continues is dropped) and appends the new tokens; {@link #recomputing} needs no cache.
     */
    @FunctionalInterface
    public interface Decoder {
        /** Next-token log-probabilities, one row of V per row of the call. */
        float[][] next(int[] parents, int[] lastTokens);
    }

    /** Logits (rows, V) as what {@link Decoder#next} returns: each row's log-softmax, read back as numbers. */
    public static float[][] logProbabilityRows(NDArray logits) {
        Shape shape = logits.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("logits must be (rows, V), got shape " + shape);
        }
        int rows = Math.toIntExact(shape.get(0)), v = Math.toIntExact(shape.get(1));
        float[] flat = logits.logSoftmax(1).toType(DataType.FLOAT32, false).toFloatArray();
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(flat, r * v, (r + 1) * v);
        }
        return out;
    }

    /** A model that scores whole prefixes: the start token and every token so far, one row per prefix. */
    @FunctionalInterface
    public interface PrefixModel {
        float[][] nextLogProbabilities(int[] sentences, int[][] prefixes);
    }

    /**
     * A {@link Decoder} that keeps each row's whole prefix and asks {@code model} to score it from the start every
     * step — the simple, slow way, and the reference a cached decoder must agree with.
     */
    public static Decoder recomputing(PrefixModel model) {
        return new Decoder() {
            private int[][] prefixes;
            private int[] sentences;

            @Override
            public float[][] next(int[] parents, int[] lastTokens) {
                int[][] next = new int[parents.length][];
                int[] owners = new int[parents.length];
                for (int r = 0; r < parents.length; r++) {
                    int[] before = prefixes == null ? new int[0] : prefixes[parents[r]];
                    owners[r] = prefixes == null ? parents[r] : sentences[parents[r]];
                    next[r] = Arrays.copyOf(before, before.length + 1);
                    next[r][before.length] = lastTokens[r];
                }
                prefixes = next;
                sentences = owners;
                return model.nextLogProbabilities(owners.clone(), next);
            }
        };
    }

    private record Live(int[] tokens, double logProbability, int fromBeam) {}   // fromBeam: the prefix it extends

    private record Candidate(int beam, int token, double logProbability) {}

    private BeamSearch() {}

    /**
     * The finished hypotheses of each of {@code sentences} sentences, best score first ({@code beamSize} of them: the
     * n-best list); decoding starts from {@code startToken}.
     */
    public static List<List<Hypothesis>> search(int sentences, int startToken, Settings settings, Decoder decoder) {
        if (sentences < 1) {
            throw new IllegalArgumentException("need at least one sentence to decode, got " + sentences);
        }
        int k = settings.beamSize();
        List<List<Live>> live = new ArrayList<>();
        List<List<Hypothesis>> finished = new ArrayList<>();
        for (int s = 0; s < sentences; s++) {
            live.add(List.of(new Live(new int[0], 0, 0)));
            finished.add(new ArrayList<>());
        }
        int[] parents = new int[sentences];
        int[] lastTokens = new int[sentences];
        for (int s = 0; s < sentences; s++) {
            parents[s] = s;
            lastTokens[s] = startToken;
        }
        for (int length = 1; parents.length > 0; length++) {
            float[][] logP = decoder.next(parents, lastTokens);
            if (logP.length != parents.length) {
                throw new IllegalStateException("the decoder returned " + logP.length + " rows for " + parents.length + " prefixes");
            }
            List<Integer> nextParents = new ArrayList<>();
            List<Integer> nextTokens = new ArrayList<>();
            int row = 0;
            for (int s = 0; s < sentences; s++) {
                List<Live> beams = live.get(s);
                if (beams.isEmpty()) {
                    continue;
                }
                int firstRow = row;
                row += beams.size();
                List<Candidate> candidates = best(beams, logP, firstRow, 2 * k);
                List<Live> kept = new ArrayList<>();
                for (int rank = 0; rank < candidates.size() && kept.size() < k; rank++) {
                    Candidate c = candidates.get(rank);
                    int[] tokens = Arrays.copyOf(beams.get(c.beam()).tokens(), length);
                    tokens[length - 1] = c.token();
                    boolean ends = c.token() == settings.endToken();
                    if (ends || length == settings.maxLength()) {
                        if (rank < k) {                  // an ending outside the top k would not have been in the beam
                            finished.get(s).add(new Hypothesis(tokens, c.logProbability(), c.logProbability() / settings.lengthPenalty(length), ends));
                        }
                    } else {
                        kept.add(new Live(tokens, c.logProbability(), c.beam()));
                    }
                }
                finished.get(s).sort(Comparator.comparingDouble(Hypothesis::score).reversed());
                if (length == settings.maxLength() || done(finished.get(s), kept, settings)) {
                    kept = List.of();                    // this sentence leaves the batch
                }
                for (Live l : kept) {
                    nextParents.add(firstRow + l.fromBeam());
                    nextTokens.add(l.tokens()[length - 1]);
                }
                live.set(s, kept);
            }
            parents = nextParents.stream().mapToInt(Integer::intValue).toArray();
            lastTokens = nextTokens.stream().mapToInt(Integer::intValue).toArray();
        }
        List<List<Hypothesis>> out = new ArrayList<>();
        for (List<Hypothesis> f : finished) {
            out.add(List.copyOf(f.subList(0, Math.min(k, f.size()))));
        }
        return out;
    }

    /** The {@code count} best one-token extensions of the beams (rows firstRow … of logP), best first. */
    private static List<Candidate> best(List<Live> beams, float[][] logP, int firstRow, int count) {
        Comparator<Candidate> order = Comparator.comparingDouble(Candidate::logProbability).reversed()
                .thenComparingInt(Candidate::beam).thenComparingInt(Candidate::token);          // ties: earlier beam, lower id
        PriorityQueue<Candidate> worstFirst = new PriorityQueue<>(order.reversed());
        for (int b = 0; b < beams.size(); b++) {
            float[] row = logP[firstRow + b];
            for (int v = 0; v < row.length; v++) {
                Candidate c = new Candidate(b, v, beams.get(b).logProbability() + row[v]);
                if (worstFirst.size() < count) {
                    worstFirst.add(c);
                } else if (order.compare(c, worstFirst.peek()) < 0) {
                    worstFirst.poll();
                    worstFirst.add(c);
                }
            }
        }
        List<Candidate> top = new ArrayList<>(worstFirst);
        top.sort(order);
        return top;
    }

    /** Enough finished hypotheses, and no live prefix that could still beat the worst of them. */
    private static boolean done(List<Hypothesis> finished, List<Live> live, Settings settings) {
        if (live.isEmpty()) {
            return true;
        }
        if (finished.size() < settings.beamSize()) {
            return false;
        }
        double worstKept = finished.get(settings.beamSize() - 1).score();
        double bestPossible = live.stream().mapToDouble(Live::logProbability).max().orElseThrow() / settings.lengthPenalty(settings.maxLength());
        return bestPossible <= worstKept;
    }
}
