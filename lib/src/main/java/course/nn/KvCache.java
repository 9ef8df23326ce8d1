package course.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/**
 * The keys and values that attention layers have already computed, kept so that the next decoding step does not
 * compute them again: a <b>KV cache</b>.
 *
 * <p><b>What it saves.</b> A decoder writes one token at a time. Without a cache, step n runs the whole model on all n
 * tokens of the context again, although only the newest position's output is used: every layer recomputes the
 * layer norms, the q/k/v projections and the MLP of the n − 1 old positions (whose results are exactly those of the
 * previous step: causal attention never lets an old position see a new one), and the attention of all n queries
 * against n keys, O(n²). With a cache the step runs the model on the new token alone: each layer projects its query,
 * key and value, appends the key and value here, and attends from the one query to the n cached keys, O(n). Summed
 * over a generation of N tokens that is O(N²) attention work instead of O(N³), and one position's MLPs per step
 * instead of n.
 *
 * <p><b>What it holds.</b> For each of {@link #layers()} layers, keys and values of shape (B, H, T, D): B sequences,
 * H heads, T positions so far, D = C/H dimensions per head, split into heads exactly as
 * {@link MultiHeadAttention} uses them. {@link #append} adds the new positions along the T axis. At most
 * {@link #capacity()} positions fit: for a GPT that is its block size, the positions it has embeddings for; a
 * decoder with a longer context must crop it and rebuild the cache (see {@code course.gpt.CachedGptLogits}).
 *
 * <p><b>Two uses.</b> <i>Self-attention</i> in a decoder (GPT's blocks, the Transformer decoder's first sub-layer):
 * every step appends the new positions' keys and values, see
 * {@link MultiHeadAttention#attendCached}. <i>Cross-attention</i> (the Transformer decoder's second sub-layer): the
 * keys and values come from the encoder's output, which does not change while the decoder writes, so they are
 * projected once ({@link MultiHeadAttention#keysValues}), appended once to a cache whose capacity is the source
 * length, and read back ({@link #get}) at every step.
 *
 * <p><b>Memory.</b> The cache owns a sub-manager of the manager it is given; everything it stores lives there and
 * nothing else does: what it hands out ({@link #append}, {@link #get}) are views in the caller's manager, so the
 * products computed from them never land in the cache's manager. Each append builds the longer arrays and closes the shorter ones at once, so the cache holds
 * 2 × layers arrays whatever the number of steps, and the caller's per-step arrays stay in the caller's per-step
 * manager. Stored arrays are detached from autograd ({@code stopGradient}): a cache is for inference, and an array
 * that kept its graph would keep every earlier step's activations alive with it. {@link #close()} frees it all.
 * The cache is mutable scratch state, used by one decoding loop on one thread.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final int capacity;
    private final NDArray[] keys;     // per layer (B, H, T, D), or null before the first append
    private final NDArray[] values;   // per layer (B, H, T, D)
    private boolean closed;

    /**
     * An empty cache.
     *
     * @param parent   the manager whose sub-manager will hold the cached arrays (the cache never closes {@code parent})
     * @param layers   how many attention layers store their keys and values here
     * @param capacity the most positions T each layer may hold (a GPT's block size)
     */
    public KvCache(NDManager parent, int layers, int capacity) {
        Objects.requireNonNull(parent, "parent (the manager whose sub-manager holds the cache)");
        if (layers < 1 || capacity < 1) {
            throw new IllegalArgumentException("a KV cache needs layers >= 1 and capacity >= 1, got layers=" + layers
                    + ", capacity=" + capacity);
        }
        this.manager = parent.newSubManager();
        this.capacity = capacity;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    public int layers() {
        return keys.length;
    }

    /** The most positions each layer can hold. */
    public int capacity() {
        return capacity;
    }

    /** Positions held by {@code layer}: the T of its (B, H, T, D) keys, 0 before its first append. */
    public int length(int layer) {
        checkOpen();
        checkLayer(layer);
        return keys[layer] == null ? 0 : (int) keys[layer].getShape().get(2);
    }

    /**
     * Positions held by every layer. Between two forward passes all layers hold the same number; during a pass the
     * layers already run hold more, and this is the count of the ones not yet run.
     */
    public int length() {
        int fewest = Integer.MAX_VALUE;
        for (int l = 0; l < keys.length; l++) {
            fewest = Math.min(fewest, length(l));
        }
        return fewest;
    }

    /** How many more positions fit into every layer. */
    public int remaining() {
        int most = 0;
        for (int l = 0; l < keys.length; l++) {
            most = Math.max(most, length(l));
        }
        return capacity - most;
    }

    /**
     * Appends new positions' keys and values to {@code layer} and returns all of that layer's keys and values so far,
     * as views in the manager of {@code newKeys} (the caller's per-step manager): an op on them puts its result
     * there too, not in the cache's manager (whose memory would then grow at every step).
     *
     * @param newKeys   (B, H, Tnew, D); the cache keeps a detached copy, so the caller may free the original
     * @param newValues (B, H, Tnew, D)
     * @return keys and values (B, H, T + Tnew, D)
     * @throws IllegalStateException if the layer would hold more than {@link #capacity()} positions
     */
    public MultiHeadAttention.KeysValues append(int layer, NDArray newKeys, NDArray newValues) {
        checkOpen();
        checkLayer(layer);
        Shape ks = newKeys.getShape();
        if (ks.dimension() != 4 || !ks.equals(newValues.getShape())) {
            throw new IllegalArgumentException("keys and values to cache must both be (B, H, T, D), got keys " + ks
                    + " and values " + newValues.getShape());
        }
        long added = ks.get(2);
        int held = length(layer);
        if (held + added > capacity) {
            throw new IllegalStateException("the KV cache of layer " + layer + " holds " + held + " of its " + capacity
                    + " positions and cannot take " + added + " more: its capacity is the model's block size;"
                    + " crop the context and rebuild the cache (clear() and run the cropped context)");
        }
        if (keys[layer] != null) {
            Shape old = keys[layer].getShape();
            if (old.get(0) != ks.get(0) || old.get(1) != ks.get(1) || old.get(3) != ks.get(3)) {
                throw new IllegalArgumentException("layer " + layer + " caches keys " + old + " (B, H, T, D); new keys "
                        + ks + " must agree in B, H and D");
            }
        }
        keys[layer] = extended(keys[layer], newKeys);
        values[layer] = extended(values[layer], newValues);
        return view(layer, newKeys.getManager());
    }

    /** As {@link #append(int, NDArray, NDArray)} for a pair from {@link MultiHeadAttention#keysValues}. */
    public MultiHeadAttention.KeysValues append(int layer, MultiHeadAttention.KeysValues added) {
        return append(layer, added.keys(), added.values());
    }

    /**
     * All of {@code layer}'s keys and values (B, H, T, D), as views in {@code scope} (e.g. a decoding step's manager),
     * so that whatever is computed from them is freed with that scope, not kept by the cache.
     */
    public MultiHeadAttention.KeysValues get(int layer, NDManager scope) {
        checkOpen();
        checkLayer(layer);
        if (keys[layer] == null) {
            throw new IllegalStateException("layer " + layer + " of the KV cache is empty: append to it first");
        }
        return view(layer, scope);
    }

    private MultiHeadAttention.KeysValues view(int layer, NDManager scope) {
        NDIndex all = new NDIndex().addAllDim();
        return new MultiHeadAttention.KeysValues(keys[layer].get(scope, all), values[layer].get(scope, all));
    }

    /**
     * Keeps row {@code rows[i]} of every layer's keys and values as row i (rows may repeat or be left out): beam
     * search's step, where each surviving hypothesis continues one of the previous step's rows.
     */
    public void selectRows(int[] rows) {
        checkOpen();
        if (rows.length == 0) {
            throw new IllegalArgumentException("selectRows needs at least one row to keep");
        }
        NDArray index = NativeArrays.ints(manager, rows, new Shape(rows.length));
        NDIndex pick = new NDIndex("{}", index);
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] != null) {
                NDArray k = keys[l].get(pick);
                NDArray v = values[l].get(pick);
                keys[l].close();
                values[l].close();
                keys[l] = k;
                values[l] = v;
            }
        }
        index.close();
    }

    /** Frees every stored array and empties the cache; it can be filled again. */
    public void clear() {
        checkOpen();
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] != null) {
                keys[l].close();
                values[l].close();
                keys[l] = null;
                values[l] = null;
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Frees the cache's arrays and its manager. Closing twice is harmless. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
            java.util.Arrays.fill(keys, null);
            java.util.Arrays.fill(values, null);
        }
    }

    /** old ⧺ added along T, in the cache's manager, detached from autograd; the old array is closed. */
    private NDArray extended(NDArray oldOrNull, NDArray added) {
        try (NDArray detached = added.stopGradient()) {           // a new handle on the same memory, no graph
            NDArray result = oldOrNull == null ? detached.duplicate() : oldOrNull.concat(detached, 2);
            if (result.getManager() != manager) {
                result.attach(manager);                           // the first append's copy was made in the caller's manager
            }
            if (oldOrNull != null) {
                oldOrNull.close();
            }
            return result;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the KV cache is closed: its arrays were freed; make a new one");
        }
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= keys.length) {
            throw new IllegalArgumentException("layer " + layer + " is outside the cache's " + keys.length + " layers [0, "
                    + keys.length + ")");
        }
    }
}
