/**
 * The Transformer's building blocks, written out one concept per class, shared by the model families built from them:
 * the Transformer (04) and BERT (05) notebooks use the attention pieces, and {@code course.gpt} assembles the GPT of
 * notebook 06 from all of them.
 *
 * <pre>
 *   Masks               causal (T, T) (or (Tq, Tk) for the last Tq of Tk positions) and padding (B, T) boolean
 *                       masks, combined to broadcast over (B, H, Tq, Tk)
 *   Attention           softmax(q kᵀ / √D, masked) v                                   Vaswani et al. 2017 §3.2.1
 *   MultiHeadAttention  H heads from one (3C, C) projection; self- and cross-attention    §3.2.2
 *   KvCache             per-layer keys and values (B, H, T, D) kept between decoding steps, capacity = block size
 *   FeedForward         GELU MLP, C → 4C → C                                               §3.3
 *   LayerNorm           over the last axis, β optional                                     Ba et al. 2016
 *   Losses              cross-entropy from log-softmax
 *   NativeArrays        arrays from Java data in libtorch's own memory, safe for autograd (the rule below)
 *   Layers              the shared primitives: parameters with GPT-2's initialisation, fused linear, dropout, GELU,
 *                       the embedding lookup
 * </pre>
 *
 * <p>Conventions. Shapes are written (B, T, C): batch, time (sequence position), channels (embedding width); H heads
 * of D = C/H dimensions; V the vocabulary size. Every forward method returns what a plot needs (attention weights
 * included) rather than keeping it in a field. Everything a forward pass creates belongs to the manager of its
 * input, so the training loop's per-step manager frees it; parameters are always the second operand of an op.
 *
 * <p>Two DJL facts this package works around: {@code NDArray.sequenceMask} is not implemented on the PyTorch engine
 * (masks are built from {@code arange} comparisons instead); and {@code x.mul(number)} (likewise {@code div},
 * {@code pow}, {@code maximum}, {@code minimum} with a number) must not be used on arrays that autograd records: the
 * engine wraps the number in a tensor over a Java buffer, drops that buffer at once, and the backward pass later
 * reads it, possibly after the garbage collector freed it, giving garbage or NaN gradients now and then. Make the
 * number with {@code manager.full(new Shape(), value, type)} instead (see {@code Layers.scalar}). {@code add} and
 * {@code sub} with a number are safe: their backward pass does not read the number.
 *
 * <p>The rule behind it, for every array made from Java data ({@code NDManager.create(int[] / float[] / Buffer /
 * Number)}): on the CPU such an array is a view of a Java direct buffer ({@code from_blob}, no copy), and only the
 * Java {@code NDArray} keeps that buffer alive; once it is closed, the garbage collector frees the memory even though
 * autograd may still point at it. If the backward pass can read the array (a factor of a product, token ids of an
 * embedding, targets of a gather, a one-hot selector), make it with {@link NativeArrays} (or {@code full},
 * {@code zeros}, {@code arange}, the result of any op), or keep it open until {@code backward} has returned. Freed
 * token ids are the dangerous case: the embedding's backward adds rows of the gradient at those ids without a bounds
 * check, so garbage ids write outside the gradient, corrupt the native heap and crash the JVM later (two SIGSEGVs in
 * {@code torchBackward} were traced to this). {@link Losses} therefore copies the targets it is given into libtorch's
 * memory before using them (as {@code course.gpt.Gpt} does with its token ids), so it never depends on the caller's
 * buffers.
 */
package course.nn;
