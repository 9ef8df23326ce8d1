/**
 * The GPT model family (notebook 06): a decoder-only Transformer assembled from {@link course.nn}'s blocks, and
 * what the notebook needs around it to train, sample from and fine-tune it. Notebook 06's sections, and the classes
 * behind them:
 *
 * <pre>
 *   §1 Configuration                     GptConfig (V, blockSize, L, H, C, dropout, bias; nanoGPT's presets)
 *   §4 Causal self-attention             course.nn: Attention, Masks.causal (the pieces, before they are assembled)
 *   §5 Multi-head attention, the block,  GptBlock   x + attn(LN(x)); x + mlp(LN(x))          Radford et al. 2019 §2.3
 *      the model                         Gpt        embeddings, L blocks, final LN, output
 *                                                   tied to the token embedding              Press &amp; Wolf 2017
 *                                        Gpt.Output logits, hidden states, attention weights
 *   §6 Training the character model      Gpt.logits with course.nn.Losses and course.train.TrainLoop
 *   §7 Sampling                          GptLogits  a Gpt as course.decode.Generator's logits function
 *                                        CachedGptLogits  the same logits with a course.nn.KvCache: the new
 *                                                   token alone per step (Gpt.forward with a cache, GptBlock.forwardCached)
 *   §8 The same model on BPE tokens      Gpt, GptConfig.withVocabSize
 *   §9 Fine-tuning on the tweets         Gpt.Output.hidden: features for a classifier head (GPT-1 style)
 * </pre>
 *
 * §2, §3 (tokenizers) live in {@code course.text}; §10 is prose; §11 (saving) uses {@code course.env} and
 * {@code course.repro}. Shapes follow {@link course.nn}'s conventions: (B, T, C), H heads of D = C/H, V tokens.
 *
 * <p>Ids and targets. {@link Gpt} (like {@link course.nn.Losses}) copies the token ids it is given into libtorch's
 * memory ({@link course.nn.NativeArrays#indexCopy}) before the embedding reads them, so a training step never
 * depends on the caller keeping a Java buffer alive until {@code backward}: freed ids in the embedding's backward
 * pass corrupt the native heap (see the rule in {@link course.nn}).
 */
package course.gpt;
