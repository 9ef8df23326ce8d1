package course.text;

import course.env.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Byte-level byte-pair encoding, as GPT-2 tokenises text (Radford et al. 2019, §2.2), after Sennrich et al.
 * (2016), who took BPE from data compression (Gage 1994) to subword units.
 *
 * <p><b>The idea.</b> Start from the 256 possible bytes as the vocabulary: UTF-8 turns any text into bytes,
 * so any text can be encoded — no "unknown token", ever. Then learn, from a training text, which adjacent
 * pair of tokens occurs most often, give that pair a new id, and repeat: {@code "t" + "h" -> "th"}, then
 * {@code " " + "th" -> " th"}, then {@code " th" + "e" -> " the"}, … Each such <i>merge</i> adds one token.
 * Frequent words end as one token, rare words as a few pieces, and an unseen word — or an emoji — falls back
 * to smaller pieces, down to single bytes.
 *
 * <p><b>Training</b> ({@link #train}, done by {@link BytePairTraining}): the text is cut into chunks by
 * GPT-2's {@link PreSplit pre-split} (roughly: words with their leading space, numbers, punctuation runs,
 * white space), so a merge never spans two words. Pairs are counted inside chunks only; each distinct chunk
 * is counted once and weighted by how often it occurs. The most frequent pair is merged; ties go to the
 * pair with the smaller left id, then the smaller right id (so lower bytes and earlier merges first — any
 * fixed rule would do; this one is deterministic and easy to state). Training stops when the vocabulary
 * reaches the requested size or when no pair occurs at least twice (a merge that saves one token teaches
 * nothing). So the merge count is {@code vocabularySize - 256} for a text with enough repetition, and fewer
 * for a small one — check {@link #mergeCount()}.
 *
 * <p><b>Encoding</b> ({@link #encode}): pre-split the text the same way; for each chunk take its UTF-8 bytes
 * and, again and again, merge the adjacent pair that was learned <i>earliest</i> (lowest rank), until no
 * learned pair is left. The result of each distinct chunk is cached, so encoding a book costs little more
 * than pre-splitting it.
 *
 * <p><b>Decoding</b> ({@link #decode}): concatenate the tokens' bytes and read them as UTF-8. For the ids of
 * a whole encoded text that gives the text back exactly. A token may hold part of a character (an emoji is
 * 4 bytes; a merge may cover only 2 of them), so a <i>slice</i> of ids — the first n tokens a model
 * generated, say — can end, or start, mid-character. Java's UTF-8 decoder turns such bytes into the
 * replacement character U+FFFD ("�"), following Unicode's "maximal subpart" practice: the cut-off start of a
 * character becomes one U+FFFD, and each stray continuation byte at the start of a slice one more. Nothing
 * is thrown. {@link #decodeBytes} gives the raw bytes, for code that wants to wait for the rest of the
 * character (printing a sample token by token, say).
 *
 * <p><b>Showing tokens</b> ({@link #describe}, {@link #merges()}): as quoted strings with escapes for what
 * cannot be printed — {@code "\xC3"} for a lone byte, {@code "\n"} for a newline (see {@link TokenText}).
 *
 * <p>An encoder is immutable once trained or loaded (its cache aside, which is thread-safe).
 */
public final class BytePairEncoder implements Tokenizer {

    /** The number of single-byte tokens; merge k creates token {@code BYTES + k}. */
    public static final int BYTES = 256;

    private static final String FILE_HEADER = "course.text.BytePairEncoder v1";
    private static final int CACHE_LIMIT = 1 << 18; // distinct chunks remembered; plenty for a book

    private final int[] lefts;  // merge k joins token lefts[k] ...
    private final int[] rights; // ... with token rights[k] into token BYTES + k
    private final byte[][] tokenBytes; // the bytes every token stands for, by id
    private final Map<Long, Integer> rankByPair; // (left, right) -> k, the merge's rank
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    BytePairEncoder(int[] lefts, int[] rights) {
        if (lefts.length != rights.length) {
            throw new IllegalArgumentException(lefts.length + " left ids but " + rights.length + " right ids");
        }
        this.lefts = lefts.clone();
        this.rights = rights.clone();
        this.tokenBytes = new byte[BYTES + lefts.length][];
        this.rankByPair = new HashMap<>();
        for (int b = 0; b < BYTES; b++) {
            tokenBytes[b] = new byte[] {(byte) b};
        }
        for (int k = 0; k < lefts.length; k++) {
            int id = BYTES + k;
            for (int part : new int[] {lefts[k], rights[k]}) {
                if (part < 0 || part >= id) {
                    throw new IllegalArgumentException("merge " + k + " (token " + id + ") uses token " + part
                            + ", which does not exist yet: a merge can only join bytes and earlier merges");
                }
            }
            byte[] left = tokenBytes[lefts[k]];
            byte[] right = tokenBytes[rights[k]];
            byte[] joined = Arrays.copyOf(left, left.length + right.length);
            System.arraycopy(right, 0, joined, left.length, right.length);
            tokenBytes[id] = joined;
            if (rankByPair.putIfAbsent(pair(lefts[k], rights[k]), k) != null) {
                throw new IllegalArgumentException("merge " + k + " repeats an earlier merge: "
                        + describeMerge(k));
            }
        }
    }

    /**
     * Learns merges from {@code text} until the vocabulary holds {@code vocabularySize} tokens (256 bytes +
     * merges) or no pair of tokens occurs twice.
     *
     * @param progressOrNull receives a few lines of progress (chunks found, every tenth of the merges, the
     *     time taken), or null for silence
     */
    public static BytePairEncoder train(String text, int vocabularySize, Consumer<String> progressOrNull) {
        if (vocabularySize < BYTES) {
            throw new IllegalArgumentException("vocabularySize must be >= " + BYTES
                    + " (the single bytes come first; each merge adds one token), got " + vocabularySize);
        }
        Consumer<String> progress = progressOrNull == null ? line -> { } : progressOrNull;
        return new BytePairTraining(text, progress).run(vocabularySize - BYTES);
    }

    // ---- encoding and decoding ----

    @Override
    public int[] encode(String text) {
        int[] ids = new int[Math.max(16, text.length() / 3)];
        int n = 0;
        for (String chunk : PreSplit.chunks(text)) {
            int[] tokens = encodeChunk(chunk);
            if (n + tokens.length > ids.length) {
                ids = Arrays.copyOf(ids, Math.max(2 * ids.length, n + tokens.length));
            }
            System.arraycopy(tokens, 0, ids, n, tokens.length);
            n += tokens.length;
        }
        return Arrays.copyOf(ids, n);
    }

    /** The tokens of one pre-split chunk (shared with the cache: never hand the array out). */
    private int[] encodeChunk(String chunk) {
        int[] cached = cache.get(chunk);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = utf8(chunk);
        int[] symbols = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            symbols[i] = bytes[i] & 0xFF; // token id of a single byte = its unsigned value
        }
        int length = symbols.length;
        while (length >= 2) {
            // Of all adjacent pairs, the one learned first is merged first: the order training saw them in.
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < length; i++) {
                Integer rank = rankByPair.get(pair(symbols[i], symbols[i + 1]));
                if (rank != null && rank < best) {
                    best = rank;
                }
            }
            if (best == Integer.MAX_VALUE) {
                break; // no learned pair left in this chunk
            }
            length = mergeAll(symbols, length, lefts[best], rights[best], BYTES + best);
        }
        int[] tokens = Arrays.copyOf(symbols, length);
        if (cache.size() < CACHE_LIMIT) {
            cache.put(chunk, tokens);
        }
        return tokens;
    }

    /**
     * Replaces, left to right, every occurrence of {@code left, right} in {@code symbols[0, length)} by
     * {@code merged}, in place, and returns the new length. Left to right matters when left == right:
     * "a a a" becomes "aa a", not "a aa". Training and encoding both use this, so they agree.
     */
    static int mergeAll(int[] symbols, int length, int left, int right, int merged) {
        int write = 0;
        int read = 0;
        while (read < length) {
            if (read + 1 < length && symbols[read] == left && symbols[read + 1] == right) {
                symbols[write++] = merged;
                read += 2;
            } else {
                symbols[write++] = symbols[read++];
            }
        }
        return write;
    }

    /**
     * The UTF-8 bytes of {@code text}, refusing an unpaired UTF-16 surrogate (half of an emoji, say, left by
     * cutting a Java string in the wrong place): it is not a character, has no UTF-8 bytes, and Java would
     * silently encode it as "?", breaking the round trip.
     */
    static byte[] utf8(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a proper pair: one character beyond U+FFFF
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(String.format("the text holds an unpaired UTF-16 surrogate"
                        + " U+%04X (half of a character beyond U+FFFF, such as an emoji, cut in two?): it is not"
                        + " a character and has no UTF-8 bytes", (int) c));
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** One key for a pair of token ids: left in the high 32 bits, right in the low ones. */
    static long pair(int left, int right) {
        return ((long) left << 32) | right;
    }

    /**
     * The text of {@code ids}. Exact for the ids of a whole text; an incomplete UTF-8 sequence (a slice that
     * cuts a character) becomes U+FFFD, see the class comment.
     */
    @Override
    public String decode(int[] ids) {
        return new String(decodeBytes(ids), StandardCharsets.UTF_8);
    }

    /** The bytes of {@code ids}, concatenated. */
    public byte[] decodeBytes(int[] ids) {
        int n = 0;
        for (int id : ids) {
            n += tokenBytes[checkId(id)].length;
        }
        byte[] bytes = new byte[n];
        int at = 0;
        for (int id : ids) {
            byte[] b = tokenBytes[id];
            System.arraycopy(b, 0, bytes, at, b.length);
            at += b.length;
        }
        return bytes;
    }

    // ---- looking inside ----

    @Override
    public int vocabularySize() {
        return tokenBytes.length;
    }

    @Override
    public String name() {
        return "byte-level BPE (" + vocabularySize() + ")";
    }

    /** How many merges were learned: {@code vocabularySize() - 256}. */
    public int mergeCount() {
        return lefts.length;
    }

    /** The bytes token {@code id} stands for (a copy). */
    public byte[] bytes(int id) {
        return tokenBytes[checkId(id)].clone();
    }

    @Override
    public String describe(int id) {
        return TokenText.quote(tokenBytes[checkId(id)]);
    }

    /** Merge {@code k} (0-based; it made token 256 + k) as text: {@code "t" + "h" -> "th"}. */
    public String describeMerge(int k) {
        if (k < 0 || k >= lefts.length) {
            throw new IllegalArgumentException("merge " + k + " does not exist; there are " + lefts.length);
        }
        return describe(lefts[k]) + " + " + describe(rights[k]) + " -> " + describe(BYTES + k);
    }

    /** Every merge, in the order learned, as {@link #describeMerge} shows it. */
    public List<String> merges() {
        List<String> merges = new ArrayList<>(lefts.length);
        for (int k = 0; k < lefts.length; k++) {
            merges.add(describeMerge(k));
        }
        return merges;
    }

    /** The two token ids merge {@code k} joined: {@code {left, right}}. */
    public int[] mergedPair(int k) {
        describeMerge(k); // validates k
        return new int[] {lefts[k], rights[k]};
    }

    private int checkId(int id) {
        if (id < 0 || id >= tokenBytes.length) {
            throw new IllegalArgumentException("token id " + id + " is outside this vocabulary of "
                    + tokenBytes.length + " tokens (ids 0.." + (tokenBytes.length - 1) + ")");
        }
        return id;
    }

    // ---- saving and loading ----

    /**
     * Writes the merges to a small text file: a header line, then one merge per line as
     * {@code <left id> <right id>}, followed by a tab and the merge as text for human readers (ignored when
     * loading). The ids, not the text, are what is loaded: two merges may spell the same bytes.
     */
    public void save(Path file) {
        StringBuilder out = new StringBuilder(FILE_HEADER).append('\n');
        out.append("# byte-level BPE over GPT-2 pre-split chunks. Tokens 0-255 are single bytes;")
                .append(" line k below (from 0) makes token 256+k from <left id> <right id>.\n");
        for (int k = 0; k < lefts.length; k++) {
            out.append(lefts[k]).append(' ').append(rights[k]).append('\t').append(describeMerge(k)).append('\n');
        }
        AtomicFile.writeString(file, out.toString());
    }

    /** Reads a file written by {@link #save}. */
    public static BytePairEncoder load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read BPE merges from " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(FILE_HEADER)) {
            throw new IllegalArgumentException(file + " is not a BPE merges file: its first line should be \""
                    + FILE_HEADER + "\", found \"" + (lines.isEmpty() ? "" : lines.get(0)) + "\"");
        }
        int[] lefts = new int[lines.size()];
        int[] rights = new int[lines.size()];
        int k = 0;
        for (int lineNumber = 2; lineNumber <= lines.size(); lineNumber++) {
            String line = lines.get(lineNumber - 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] ids = line.split("\t", 2)[0].trim().split(" +");
            try {
                if (ids.length != 2) {
                    throw new NumberFormatException("expected two ids");
                }
                lefts[k] = Integer.parseInt(ids[0]);
                rights[k] = Integer.parseInt(ids[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + lineNumber + ": expected \"<left id> <right id>\""
                        + ", found \"" + line + "\"", e);
            }
            k++;
        }
        try {
            return new BytePairEncoder(Arrays.copyOf(lefts, k), Arrays.copyOf(rights, k));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
