/**
 * The encoder–decoder Transformer (notebook 04, Vaswani et al. 2017), assembled from {@link course.nn}'s attention,
 * masks, feed-forward and layer-norm blocks. Notebook 04's Transformer sections and the classes behind them:
 *
 * <pre>
 *   §5 Positions                   SinusoidalPositions   sin/cos clocks, §3.5 of the paper (built by hand, checked, plotted)
 *   §5 Masks, attention            course.nn.Masks, course.nn.Attention   padding and causal masks, softmax(QKᵀ/√d + M) V
 *   §5 The encoder layer           EncoderLayer          LN(x + SelfAttn(x)); LN(x + FFN(x))          post-LN, §3.1
 *   §5 The decoder layer           DecoderLayer          + causal self-attention and cross-attention to the memory
 *   §5 The model, the copy task    Transformer           √d-scaled embeddings + PE, N + N layers, output tied to
 *                                                        the target embedding (§3.4); encode / decode / logits
 *                                  TransformerConfig     sizes: the paper's base, bentrevett's Multi30k model
 *   §6 Label smoothing             course.nn.LabelSmoothing     H(q, p) and KL to soft targets, finite with padding, §5.4
 *   §6 The Noam schedule           course.train.Noam            d^-0.5 · min(step^-0.5, step · warmup^-1.5), §5.3
 *   §7 Training on Multi30k        course.batch.TranslationBatches   token-budget batches; course.train.TrainLoop
 *   §8 Decoding                    course.decode.BeamSearch     greedy (beam 1), beam with a length penalty, n-best lists
 *   §8 The KV cache                Transformer.cachedDecoder    course.nn.KvCache; = Transformer.recomputingDecoder
 *   §9 BLEU                        course.eval.Bleu             sacreBLEU's corpus BLEU (13a, exp smoothing)
 *   §10 Heatmaps                   course.nn.Mode.INSPECTION    every layer's attention weights
 * </pre>
 *
 * Shapes: source (B, S), target (B, T), width C = d_model, H heads; masks as {@link course.nn.Masks} makes them,
 * true = may attend. Lengths, not pad ids, say where padding starts, so a pad id inside a sentence cannot hide a token.
 */
package course.transformer;
