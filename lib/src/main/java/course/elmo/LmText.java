package course.elmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import course.batch.DocumentStreams;
import course.nn.NativeArrays;
import course.text.Corpora;
import course.text.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Text for the biLM: documents as streams of word ids, with each word's characters for the input side and its
 * class in the softmax's vocabulary for the target side. The two sides differ on purpose: the input is read from
 * characters, so every word of any text has an input; the output is a softmax over the {@code vocabSize − 2} most
 * frequent words of the training text plus {@code <unk>} (every other word) and {@code </s>} (the end of a
 * sentence, written after each one).
 *
 * <p>Internally each distinct word ("type") seen so far gets a type id, its character row and its target class; the
 * table grows as new text is encoded (held-out text, WikiText, tweets), always in the order words are first met, so
 * the same calls give the same ids.
 */
public final class LmText {

    public static final String UNKNOWN = "<unk>";
    public static final String SENTENCE_END = CharacterIds.END_TOKEN;

    /**
     * A window as arrays in a step's manager.
     *
     * @param characters (B, T, L) character ids of the input words
     * @param targets    (B, T) target classes of the next words
     * @param scored     (B, T) boolean: real targets (not padding)
     * @param keep       (B) float: 0 where a row starts a new document (reset its state), else 1
     */
    public record Batch(NDArray characters, NDArray targets, NDArray scored, NDArray keep) {}

    private final Vocabulary targets;         // the softmax's words, without <unk> and </s>
    private final CharacterIds characters;
    private final Map<String, Integer> typeIds = new HashMap<>();
    private final List<String> types = new ArrayList<>();
    private final List<int[]> typeCharacters = new ArrayList<>();
    private final List<Integer> typeTargets = new ArrayList<>();
    private final int unknown;
    private final int sentenceEnd;
    private final int paddingType;

    private LmText(Vocabulary targets, CharacterIds characters) {
        this.targets = targets;
        this.characters = characters;
        this.unknown = targets.size();
        this.sentenceEnd = targets.size() + 1;
        this.paddingType = type(SENTENCE_END);   // padding positions read </s>; they are never scored
    }

    /**
     * The target vocabulary from {@code training}'s word counts: its {@code vocabSize − 2} most frequent words (ties
     * alphabetical), then {@code <unk>} and {@code </s>}.
     */
    public static LmText fromTraining(List<Corpora.Document> training, int vocabSize, CharacterIds characters) {
        if (vocabSize < 3) {
            throw new IllegalArgumentException("vocabSize must be at least 3 (one word, <unk>, </s>), got " + vocabSize);
        }
        Vocabulary all = Vocabulary.build(Corpora.sentences(training), 1);
        int keep = Math.min(vocabSize - 2, all.size());
        long[] counts = java.util.Arrays.copyOf(all.counts(), keep);
        return new LmText(Vocabulary.of(all.words().subList(0, keep), counts), characters);
    }

    /** Classes in the softmax: the kept words, {@code <unk>}, {@code </s>}. */
    public int vocabSize() {
        return targets.size() + 2;
    }

    /** The word of a target class. */
    public String word(int target) {
        return target == unknown ? UNKNOWN : target == sentenceEnd ? SENTENCE_END : targets.word(target);
    }

    /** A word's target class: its id, or {@code <unk>}'s if the softmax does not have it. */
    public int target(String word) {
        if (word.equals(SENTENCE_END)) {
            return sentenceEnd;
        }
        int id = targets.idOrMinusOne(word);
        return id < 0 ? unknown : id;
    }

    public CharacterIds characters() {
        return characters;
    }

    /** The documents as type-id streams, {@code </s>} after every sentence; reversed for the backward LM. */
    public List<int[]> encode(List<Corpora.Document> documents, boolean reversed) {
        List<int[]> encoded = new ArrayList<>(documents.size());
        for (Corpora.Document d : documents) {
            int[] ids = new int[(int) d.tokenCount() + d.sentences().size()];
            int i = 0;
            for (List<String> sentence : d.sentences()) {
                for (String w : sentence) {
                    ids[i++] = type(w);
                }
                ids[i++] = type(SENTENCE_END);
            }
            if (reversed) {
                for (int a = 0, b = ids.length - 1; a < b; a++, b--) {
                    int t = ids[a];
                    ids[a] = ids[b];
                    ids[b] = t;
                }
            }
            encoded.add(ids);
        }
        return encoded;
    }

    /** The word behind a type id of {@link #encode}'s streams. */
    public String typeWord(int type) {
        return types.get(type);
    }

    /** The type id written in padding positions of {@link DocumentStreams}. */
    public int paddingType() {
        return paddingType;
    }

    /** The share of the documents' targets ({@code </s>} included) that are {@code <unk>}. */
    public double unknownRate(List<int[]> encoded) {
        long n = 0;
        long unk = 0;
        for (int[] doc : encoded) {
            for (int i = 1; i < doc.length; i++) {
                n++;
                unk += typeTargets.get(doc[i]) == unknown ? 1 : 0;
            }
        }
        return n == 0 ? 0 : (double) unk / n;
    }

    /** One window's arrays in {@code manager}: characters of the inputs, target classes, the masks. */
    public Batch batch(NDManager manager, DocumentStreams.Window w) {
        int b = w.batchSize();
        int t = w.bptt();
        int l = characters.maxChars();
        int[] chars = new int[b * t * l];
        int[] target = new int[b * t];
        for (int p = 0; p < b * t; p++) {
            System.arraycopy(typeCharacters.get(w.inputs()[p]), 0, chars, p * l, l);
            target[p] = typeTargets.get(w.targets()[p]);
        }
        return new Batch(NativeArrays.ints(manager, chars, new Shape(b, t, l)), NativeArrays.ints(manager, target, new Shape(b, t)),
                NativeArrays.booleans(manager, w.scored(), new Shape(b, t)), NativeArrays.floats(manager, w.newDocument(), new Shape(b)));
    }

    /** Character ids of right-padded sentences, (B, T, L) with T the longest: what {@link BiLm#layers} reads. */
    public NDArray sentenceCharacters(NDManager manager, List<List<String>> sentences) {
        int t = sentences.stream().mapToInt(List::size).max().orElse(0);
        if (t == 0) {
            throw new IllegalArgumentException("need at least one sentence with at least one word");
        }
        int l = characters.maxChars();
        int[] chars = new int[sentences.size() * t * l];
        for (int r = 0; r < sentences.size(); r++) {
            List<String> s = sentences.get(r);
            if (s.isEmpty()) {
                throw new IllegalArgumentException("sentence " + r + " is empty: give every row at least one word (e.g. " + SENTENCE_END + ")");
            }
            for (int i = 0; i < s.size(); i++) {
                characters.write(s.get(i), chars, (r * t + i) * l);
            }
        }
        return NativeArrays.ints(manager, chars, new Shape(sentences.size(), t, l));
    }

    private int type(String word) {
        Integer id = typeIds.get(word);
        if (id != null) {
            return id;
        }
        int next = types.size();
        typeIds.put(word, next);
        types.add(word);
        typeCharacters.add(characters.of(word));
        typeTargets.add(target(word));
        return next;
    }
}
