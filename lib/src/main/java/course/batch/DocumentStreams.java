package course.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams for truncated back-propagation through time that respect document boundaries: each of the
 * {@code batchSize} rows reads whole documents one after another, in windows of {@code bptt} tokens, and a document
 * always starts at the beginning of a window — with the row's state reset to zero — so no state flows from the end
 * of one speech into the start of an unrelated Brown sample.
 *
 * <pre>
 *   documents  [a b c d e]  [f g h]  [i j k l m n o]          batchSize 2, bptt 3; _ is padding
 *              window 0              window 1                  window 2
 *   row 0      f g _ → g h _ (new)   i j k → j k l (new)        l m n → m n o
 *   row 1      a b c → b c d (new)   d e _ → e _ _ (2 scored)   _ _ _ (row done, nothing scored)
 * </pre>
 *
 * A document of n tokens gives ⌈(n − 1) / bptt⌉ windows; its last window is padded after the text and only its real
 * targets are scored. Documents are dealt out longest first, each to the row with the fewest windows so far, which
 * keeps the rows nearly equally long; each row reads its documents in the order of the list (shuffle it for a new
 * epoch). Rows that finish early are padding until the longest is done. Compared with {@link BpttStreams}, which runs the corpus together, the padding costs a fraction
 * of a window per document.
 */
public final class DocumentStreams {

    /**
     * One window, as plain arrays (row-major, {@code batchSize × bptt}); the caller turns the ids into whatever its
     * model reads (token ids, character ids) in its own step manager.
     *
     * @param inputs      token ids read at each position (padding positions hold {@code padding})
     * @param targets     the next token at each position (padding: {@code padding})
     * @param scored      whether the position's target is real text, i.e. counts in the loss
     * @param newDocument per row: a document starts with this window, so reset the row's state first (1 = keep the
     *                    state, 0 = reset: the form {@code RecurrentState.resetWhere} takes)
     */
    public record Window(int[] inputs, int[] targets, boolean[] scored, float[] newDocument, int batchSize, int bptt) {

        /** How many positions are scored. */
        public int scoredCount() {
            int n = 0;
            for (boolean s : scored) {
                n += s ? 1 : 0;
            }
            return n;
        }
    }

    private record Piece(int document, int offset) {}

    private final List<int[]> documents;
    private final int batchSize;
    private final int bptt;
    private final int padding;
    private final List<List<Piece>> rows = new ArrayList<>();
    private final long tokens;

    private DocumentStreams(List<int[]> documents, int batchSize, int bptt, int padding) {
        if (batchSize < 1 || bptt < 1) {
            throw new IllegalArgumentException("batchSize and bptt must be at least 1; got " + batchSize + " and " + bptt);
        }
        this.documents = documents;
        this.batchSize = batchSize;
        this.bptt = bptt;
        this.padding = padding;
        for (int b = 0; b < batchSize; b++) {
            rows.add(new ArrayList<>());
        }
        // Longest documents first, each to the row with the fewest windows so far (LPT scheduling): rows end up
        // nearly equally long. Each row then reads its documents in the order they were given.
        Integer[] byLength = new Integer[documents.size()];
        for (int d = 0; d < byLength.length; d++) {
            byLength[d] = d;
        }
        Arrays.sort(byLength, (x, y) -> Integer.compare(documents.get(y).length, documents.get(x).length));
        int[] rowOf = new int[documents.size()];
        int[] windowsPerRow = new int[batchSize];
        long n = 0;
        for (int d : byLength) {
            int length = documents.get(d).length;
            rowOf[d] = -1;
            if (length < 2) {
                continue;   // nothing to predict
            }
            n += length - 1;
            int shortest = 0;
            for (int b = 1; b < batchSize; b++) {
                if (windowsPerRow[b] < windowsPerRow[shortest]) {
                    shortest = b;
                }
            }
            rowOf[d] = shortest;
            windowsPerRow[shortest] += (length - 2) / bptt + 1;
        }
        for (int d = 0; d < documents.size(); d++) {
            if (rowOf[d] >= 0) {
                for (int offset = 0; offset < documents.get(d).length - 1; offset += bptt) {
                    rows.get(rowOf[d]).add(new Piece(d, offset));
                }
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("no document has two tokens or more: nothing to predict");
        }
        this.tokens = n;
    }

    /** Streams over {@code documents} (token-id arrays, not copied); {@code padding} is the id written after a text. */
    public static DocumentStreams of(List<int[]> documents, int batchSize, int bptt, int padding) {
        return new DocumentStreams(documents, batchSize, bptt, padding);
    }

    /** Windows in one pass over every document (the longest row's count). */
    public int windows() {
        int max = 0;
        for (List<Piece> row : rows) {
            max = Math.max(max, row.size());
        }
        return max;
    }

    /** Targets in one pass: every document's length − 1. */
    public long targetCount() {
        return tokens;
    }

    /** The share of all positions in a pass that are scored: 1 − the padding's share. */
    public double utilisation() {
        return (double) tokens / ((long) windows() * batchSize * bptt);
    }

    public int batchSize() {
        return batchSize;
    }

    public int bptt() {
        return bptt;
    }

    /** Window {@code index}, 0 ≤ index &lt; {@link #windows()}. */
    public Window window(int index) {
        if (index < 0 || index >= windows()) {
            throw new IndexOutOfBoundsException("window " + index + " of " + windows() + " (0 to " + (windows() - 1) + ")");
        }
        int[] inputs = new int[batchSize * bptt];
        int[] targets = new int[batchSize * bptt];
        boolean[] scored = new boolean[batchSize * bptt];
        float[] keep = new float[batchSize];
        Arrays.fill(inputs, padding);
        Arrays.fill(targets, padding);
        for (int b = 0; b < batchSize; b++) {
            List<Piece> row = rows.get(b);
            if (index >= row.size()) {
                continue;   // this row is done: padding, state reset
            }
            Piece piece = row.get(index);
            keep[b] = piece.offset() == 0 ? 0f : 1f;
            int[] doc = documents.get(piece.document());
            int real = Math.min(bptt, doc.length - 1 - piece.offset());
            for (int t = 0; t < real; t++) {
                inputs[b * bptt + t] = doc[piece.offset() + t];
                targets[b * bptt + t] = doc[piece.offset() + t + 1];
                scored[b * bptt + t] = true;
            }
        }
        return new Window(inputs, targets, scored, keep, batchSize, bptt);
    }
}
