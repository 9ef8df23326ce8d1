/**
 * The encoder–decoder Transformer (notebook 04, Vaswani et al. 2017), assembled from {@link course.nn}'s attention,
 * masks, feed-forward and layer-norm blocks. Notebook 04's Transformer sections and the classes behind them:
 *
 * <pre>
 *   Positions                      SinusoidalPositions   sin/cos clocks, §3.5 (table, plotted)
 *   The encoder layer              EncoderLayer          LN(x + SelfAttn(x)); LN(x + FFN(x))          post-LN, §3.1
 *   The decoder layer              DecoderLayer          + causal self-attention and cross-attention to the memory
 *   The model                      Transformer           √d-scaled embeddings + PE, N + N layers, output tied to
 *                                                        the target embedding (§3.4); encode / decode / logits
 *                                  TransformerConfig     sizes: the paper's base, bentrevett's Multi30k model
 *   Label smoothing                course.nn.LabelSmoothing     KL to soft targets, finite with padding, §5.4
 *   The Noam schedule              course.train.Noam            d^-0.5 · min(step^-0.5, step · warmup^-1.5), §5.3
 *   Decoding                       course.decode.BeamSearch     beam with a length penalty, n-best lists
 * </pre>
 *
 * Shapes: source (B, S), target (B, T), width C = d_model, H heads; masks as {@link course.nn.Masks} makes them,
 * true = may attend. Lengths, not pad ids, say where padding starts, so a pad id inside a sentence cannot hide a token.
 */
package course.transformer;
