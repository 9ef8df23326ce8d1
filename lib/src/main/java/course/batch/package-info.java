/**
 * Batches: the step between token ids and a model, one record type per kind of batch, with named fields instead of
 * arrays read by position. Every array is made in libtorch's own memory ({@link course.nn.NativeArrays}: autograd
 * reads ids, targets, selectors and masks in {@code backward}) and belongs to the manager passed in, so a training
 * step's sub-manager frees its batch. The notebooks' sections and the classes behind them:
 *
 * <pre>
 *   01 §6 Skip-gram as tensors        SkipGramBatch        centres (B), contexts (B), negatives (B, K)
 *   01 §6 CBOW                        CbowBatch            contexts (B, W), centres (B), negatives (B, K)
 *   06 §6 Training the character      LmWindows            random windows over one token stream (nanoGPT's
 *         model, §8 BPE model                              get_batch): sample(manager, random) → LmBatch
 *                                     LmBatch              inputs (B, T), targets (B, T) = inputs shifted by one
 *   02, 03 LSTM language models       BpttStreams          B contiguous streams read in windows of bptt tokens;
 *                                                          row b of window i + 1 continues row b of window i, so
 *                                                          the hidden state carries over: window(manager, i) → LmBatch
 *   02 biLM                           DocumentStreams      the same, but documents start at a window with the row's
 *                                                          state reset, and their last window is padded: window(i) →
 *                                                          Window (host arrays: inputs, targets, scored, newDocument)
 *   06 §9 and every chapter's tweets  ClassificationBatch  tokens (B, T) padded after the text, lengths (B),
 *                                                          mask (B, T), labels (B), lastToken selector (B, T, 1),
 *                                                          lmMask (B, T-1); built by course.tweets.EncodedTweets
 * </pre>
 *
 * <p>Shapes follow {@link course.nn}'s conventions: B rows, T positions; ids and labels int32, masks boolean. The
 * samplers draw from the {@code java.util.Random} they are given, in a documented order, so a seeded run redraws the
 * same batches. Seq2seq and masked-LM batches arrive with their chapters (04, 05), in the same style.
 */
package course.batch;
