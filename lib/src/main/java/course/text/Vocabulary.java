package course.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Words and their counts, each word with an id: 0 is the most frequent word, 1 the next, and so on (ties
 * broken alphabetically, so the ids do not depend on the order the corpus was read in). Words seen fewer
 * than {@code minCount} times are left out: they are too rare to learn a vector for, and dropping them
 * shrinks the model a lot (most distinct words are rare).
 */
public final class Vocabulary {

    private final String[] words;
    private final long[] counts;
    private final Map<String, Integer> ids;
    private final long total;

    private Vocabulary(String[] words, long[] counts) {
        this.words = words;
        this.counts = counts;
        this.ids = new HashMap<>(words.length * 2);
        long sum = 0;
        for (int i = 0; i < words.length; i++) {
            ids.put(words[i], i);
            sum += counts[i];
        }
        this.total = sum;
    }

    /** Counts the words of {@code sentences} and keeps those seen at least {@code minCount} times. */
    public static Vocabulary build(Iterable<? extends List<String>> sentences, int minCount) {
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
        }
        Map<String, long[]> counter = new HashMap<>();
        for (List<String> sentence : sentences) {
            for (String w : sentence) {
                counter.computeIfAbsent(w, k -> new long[1])[0]++;
            }
        }
        List<Map.Entry<String, long[]>> kept = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counter.entrySet()) {
            if (e.getValue()[0] >= minCount) {
                kept.add(e);
            }
        }
        kept.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0]).thenComparing(Map.Entry::getKey));
        String[] words = new String[kept.size()];
        long[] counts = new long[kept.size()];
        for (int i = 0; i < words.length; i++) {
            words[i] = kept.get(i).getKey();
            counts[i] = kept.get(i).getValue()[0];
        }
        return new Vocabulary(words, counts);
    }

    /** A vocabulary with the given words (in id order) and counts, e.g. read back from a file. */
    public static Vocabulary of(List<String> words, long[] counts) {
        if (words.size() != counts.length) {
            throw new IllegalArgumentException(words.size() + " words but " + counts.length + " counts");
        }
        return new Vocabulary(words.toArray(String[]::new), counts.clone());
    }

    public int size() {
        return words.length;
    }

    public String word(int id) {
        return words[id];
    }

    public long count(int id) {
        return counts[id];
    }

    /** The id of {@code word}, if it is in the vocabulary. */
    public Optional<Integer> id(String word) {
        return Optional.ofNullable(ids.get(word));
    }

    /** The id of {@code word}, or -1 when it is not in the vocabulary (for hot loops). */
    public int idOrMinusOne(String word) {
        Integer id = ids.get(word);
        return id == null ? -1 : id;
    }

    public boolean contains(String word) {
        return ids.containsKey(word);
    }

    /** The number of kept tokens in the corpus: the sum of all counts. */
    public long totalCount() {
        return total;
    }

    public List<String> words() {
        return List.of(words);
    }

    public long[] counts() {
        return Arrays.copyOf(counts, counts.length);
    }

    /** Each sentence as an array of ids, words outside the vocabulary dropped. */
    public List<int[]> encode(Iterable<? extends List<String>> sentences) {
        List<int[]> encoded = new ArrayList<>();
        for (List<String> sentence : sentences) {
            int[] ids = sentence.stream().mapToInt(this::idOrMinusOne).filter(i -> i >= 0).toArray();
            if (ids.length > 0) {
                encoded.add(ids);
            }
        }
        return encoded;
    }
}
