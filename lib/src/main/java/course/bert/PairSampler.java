package course.bert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Draws next-sentence-prediction pairs from documents (Devlin et al. 2019, §3.1, "Task #2"): "when choosing the
 * sentences A and B for each pretraining example, 50% of the time B is the actual next sentence that follows A
 * (labeled as IsNext), and 50% of the time it is a random sentence from the corpus (labeled as NotNext)". Here the
 * random B always comes from <em>another</em> document, so a NotNext pair can never be a true pair by chance, and
 * documents are what the corpus says they are (a Brown file, one State of the Union address).
 *
 * <p>A is drawn uniformly from every sentence that has a successor in its document. A pair longer than
 * {@code maxLength} ([CLS] and two [SEP]s included) is cut one token at a time from the longer of the two: A loses
 * its <em>first</em> tokens and B its <em>last</em>, so that where the two sentences meet — the evidence for IsNext
 * — stays intact. Empty sentences are dropped when the sampler is built.
 */
public final class PairSampler {

    private final List<int[][]> documents;     // documents with at least one non-empty sentence
    private final int[] documentOf;            // A candidates: the k-th is sentence sentenceOf[k] of document documentOf[k]
    private final int[] sentenceOf;
    private final int maxLength;
    private final SpecialIds special;

    /**
     * @param documents each document's sentences as word-piece ids (no special tokens); needs two documents and one
     *                  document with two sentences
     * @param maxLength the longest pair, [CLS] and two [SEP]s included (≥ 5: one token each for A and B)
     */
    public PairSampler(List<? extends List<int[]>> documents, int maxLength, SpecialIds special) {
        if (maxLength < 5) {
            throw new IllegalArgumentException("maxLength must be >= 5 ([CLS] a [SEP] b [SEP]), got " + maxLength);
        }
        this.maxLength = maxLength;
        this.special = special;
        this.documents = new ArrayList<>();
        List<int[]> candidates = new ArrayList<>();
        for (List<int[]> document : documents) {
            int[][] sentences = document.stream().filter(s -> s.length > 0).toArray(int[][]::new);
            if (sentences.length == 0) {
                continue;
            }
            int d = this.documents.size();
            this.documents.add(sentences);
            for (int s = 0; s + 1 < sentences.length; s++) {
                candidates.add(new int[] {d, s});
            }
        }
        if (this.documents.size() < 2 || candidates.isEmpty()) {
            throw new IllegalArgumentException("need at least two non-empty documents and one with two sentences to draw IsNext and NotNext pairs, got "
                    + this.documents.size() + " documents and " + candidates.size() + " sentences with a successor");
        }
        documentOf = candidates.stream().mapToInt(c -> c[0]).toArray();
        sentenceOf = candidates.stream().mapToInt(c -> c[1]).toArray();
    }

    /** How many sentences can be an A (those with a successor in their document). */
    public int firstSentenceCount() {
        return documentOf.length;
    }

    public int documentCount() {
        return documents.size();
    }

    public int maxLength() {
        return maxLength;
    }

    /** One pair: IsNext with probability ½. */
    public SentencePair sample(Random random) {
        int i = random.nextInt(documentOf.length);
        int d = documentOf[i];
        int[] a = documents.get(d)[sentenceOf[i]];
        int[] b;
        boolean isNext = random.nextBoolean();
        if (isNext) {
            b = documents.get(d)[sentenceOf[i] + 1];
        } else {
            int other = random.nextInt(documents.size() - 1);
            if (other >= d) {
                other++;                                      // any document but A's
            }
            int[][] sentences = documents.get(other);
            b = sentences[random.nextInt(sentences.length)];
        }
        return truncated(a, b, isNext);
    }

    /** {@code n} pairs. */
    public List<SentencePair> sample(Random random, int n) {
        List<SentencePair> pairs = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            pairs.add(sample(random));
        }
        return pairs;
    }

    /** [CLS] a [SEP] b [SEP], cut to maxLength by the rule above. */
    SentencePair truncated(int[] a, int[] b, boolean isNext) {
        int aFrom = 0;
        int bTo = b.length;
        while ((a.length - aFrom) + bTo + 3 > maxLength) {
            if (a.length - aFrom >= bTo) {
                aFrom++;                                      // A loses its first token
            } else {
                bTo--;                                        // B loses its last
            }
        }
        return SentencePair.of(Arrays.copyOfRange(a, aFrom, a.length), Arrays.copyOf(b, bTo), isNext, special);
    }
}
