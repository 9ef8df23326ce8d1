package course.bert;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The masked-LM corruption (Devlin et al. 2019, §3.1, "Task #1"): "we mask 15% of all WordPiece tokens in each
 * sequence at random … The training data generator chooses 15% of the token positions at random for prediction. If
 * the i-th token is chosen, we replace the i-th token with (1) the [MASK] token 80% of the time (2) a random token
 * 10% of the time (3) the unchanged i-th token 10% of the time."
 *
 * <p>Why not always [MASK]? Fine-tuning never shows the model a [MASK], so a model that only learned to fill blanks
 * would have nothing to do at the other positions; the 10% random tokens make every input position a possible
 * corruption (the model must keep a good representation of each), and the 10% unchanged ones tie that
 * representation to the word actually there. Special tokens ([CLS], [SEP], [PAD], [MASK]) are never chosen.
 *
 * <p>How many: round(15% of the maskable positions), at least one, at most {@code maxPredictions} per pair (Google's
 * BERT: 20 for 128 tokens); which ones: a uniformly random subset.
 *
 * @param rate           share of maskable positions chosen (0.15)
 * @param maskShare      of the chosen, share replaced by [MASK] (0.8)
 * @param randomShare    of the chosen, share replaced by a random word piece (0.1); the rest stay unchanged
 * @param maxPredictions the most positions chosen in one pair
 */
public record Masking(double rate, double maskShare, double randomShare, int maxPredictions) {

    /** What happened to one chosen position. */
    public enum Replacement { MASK, RANDOM, KEPT }

    public Masking {
        if (!(rate > 0 && rate < 1) || !(maskShare >= 0) || !(randomShare >= 0) || maskShare + randomShare > 1 || maxPredictions < 1) {
            throw new IllegalArgumentException("need 0 < rate < 1, maskShare and randomShare >= 0 with sum <= 1 and maxPredictions >= 1, got rate="
                    + rate + ", maskShare=" + maskShare + ", randomShare=" + randomShare + ", maxPredictions=" + maxPredictions);
        }
    }

    /** BERT's: 15%, 80/10/10, {@code maxPredictions} per pair. */
    public static Masking bert(int maxPredictions) {
        return new Masking(0.15, 0.8, 0.1, maxPredictions);
    }

    /** The same rule with a different rate (for an ablation, or the overfit run). */
    public Masking withRate(double r) {
        return new Masking(r, maskShare, randomShare, maxPredictions);
    }

    /**
     * A masked pair: the corrupted input, the chosen positions in increasing order, the original ids there (the
     * targets), and what was done to each.
     */
    public record MaskedPair(SentencePair pair, int[] input, int[] positions, int[] targets, Replacement[] replacements) {
        public MaskedPair {
            if (input.length != pair.length() || positions.length != targets.length || positions.length != replacements.length) {
                throw new IllegalArgumentException("input must be as long as the pair and positions, targets, replacements equally long");
            }
            input = input.clone();
            positions = positions.clone();
            targets = targets.clone();
            replacements = replacements.clone();
        }

        @Override
        public int[] input() {
            return input.clone();
        }

        @Override
        public int[] positions() {
            return positions.clone();
        }

        @Override
        public int[] targets() {
            return targets.clone();
        }

        @Override
        public Replacement[] replacements() {
            return replacements.clone();
        }

        public int predictions() {
            return positions.length;
        }

        /** Input id at position t, without copying. */
        public int inputAt(int t) {
            return input[t];
        }

        public int position(int k) {
            return positions[k];
        }

        public int target(int k) {
            return targets[k];
        }

        public Replacement replacement(int k) {
            return replacements[k];
        }
    }

    /** How many positions of a pair with {@code maskable} choosable tokens this rule picks. */
    public int predictionsFor(int maskable) {
        if (maskable == 0) {
            return 0;
        }
        return (int) Math.min(maxPredictions, Math.min(maskable, Math.max(1, Math.round(rate * maskable))));
    }

    /**
     * Corrupts {@code pair}. Random replacements are drawn uniformly from the ordinary ids
     * [special.firstOrdinary(), vocabSize).
     */
    public MaskedPair apply(SentencePair pair, Random random, SpecialIds special, int vocabSize) {
        if (vocabSize <= special.firstOrdinary()) {
            throw new IllegalArgumentException("vocabSize " + vocabSize + " leaves no ordinary token after the special ids (first ordinary id "
                    + special.firstOrdinary() + ")");
        }
        List<Integer> candidates = new ArrayList<>();
        for (int t = 0; t < pair.length(); t++) {
            if (special.maskable(pair.token(t))) {
                candidates.add(t);
            }
        }
        Collections.shuffle(candidates, random);
        int n = predictionsFor(candidates.size());
        int[] positions = candidates.subList(0, n).stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] input = pair.tokens();
        int[] targets = new int[n];
        Replacement[] how = new Replacement[n];
        for (int k = 0; k < n; k++) {
            int t = positions[k];
            targets[k] = input[t];
            double u = random.nextDouble();
            if (u < maskShare) {
                how[k] = Replacement.MASK;
                input[t] = special.mask();
            } else if (u < maskShare + randomShare) {
                how[k] = Replacement.RANDOM;
                input[t] = special.firstOrdinary() + random.nextInt(vocabSize - special.firstOrdinary());
            } else {
                how[k] = Replacement.KEPT;
            }
        }
        return new MaskedPair(pair, input, positions, targets, how);
    }

    @Override
    public String toString() {
        return "Masking[" + Math.round(rate * 100) + "% chosen, " + Math.round(maskShare * 100) + "/" + Math.round(randomShare * 100) + "/"
                + Math.round((1 - maskShare - randomShare) * 100) + " mask/random/kept, at most " + maxPredictions + " per pair]";
    }
}
