/**
 * ULMFiT (Howard &amp; Ruder 2018, "Universal Language Model Fine-tuning for Text Classification") on an AWD-LSTM
 * (Merity, Keskar &amp; Socher 2017): notebook 03. A general language model, fine-tuned on the tweets' own text, then
 * turned into a classifier and fine-tuned layer by layer. The notebook's sections and the classes behind them:
 *
 * <pre>
 *   §1 AWD-LSTM's regularisers,        EmbeddingDropout         whole words dropped (rows of E), rescaled
 *      one at a time                   LockedDropout            one mask per sequence, the same at every step
 *                                      WeightDrop               DropConnect on W_h, once per batch, into the fused op
 *                                                               (course.rnn.RecurrentWeights.withHidden)
 *                                      ActivationRegularization AR α·mean(h²) (dropped), TAR β·mean(Δh²) (undropped)
 *                                      TiedDecoder              logits = h Eᵀ + b with the input embedding's E
 *   §2 The model                       AwdLstmConfig            sizes and dropouts; paper (3 × 400/1150), cpu
 *                                      AwdLstm                  WordEmbedding, L course.rnn.RecurrentLayers, TiedDecoder;
 *                                                               layerGroups(): embedding, lstm1 … lstmL, decoder
 *   §3 Stage 1: a general LM           LmVocabulary             &lt;pad&gt; &lt;unk&gt; &lt;/s&gt; + words; texts as streams
 *      (Brown + State of the Union)    LanguageModelTraining    TrainLoop.Step over course.batch.DocumentStreams:
 *                                                               carried, detached state, reset at documents; CE+AR+TAR
 *                                      LmPerplexity             held-out perplexity, the same definition as the loss
 *   §4 Stage 2: the tweet LM           TweetLmText              the training split's tweets only, checked against the
 *                                                               split; tweets grouped into documents
 *      discriminative rates, STLR      course.train.ParameterGroups.discriminative(2.6),
 *                                      course.train.SlantedTriangular (cut_frac 0.1, ratio 32)
 *   §5 Stage 3: the classifier         ConcatPooling            [h_T, max, mean] over the real tokens only
 *                                      PoolingHead              a ⊙ h_c + b (standardize: a = 1/σ, b = −μ/σ from the
 *                                                               training texts, then trained), dropout, 3C → 50 → 3
 *                                      UlmfitClassifier         the LM's encoder + head; groups(): embedding, lstm1 …
 *                                                               lstmL, head
 *      gradual unfreezing              ParameterGroups.trainingTop(1), (2), … : frozen groups get no gradient and no
 *                                      update (bit-identical after a step)
 * </pre>
 *
 * <p>Conventions as in {@code course.rnn} and {@code course.nn}: batch first, (B, T) word ids → (B, T, C); every
 * dropout mask is drawn by the engine's generator (seeded per step by {@code course.train.TrainLoop}) inside the
 * forward pass and belongs to the input's manager, like everything else a forward pass creates. Nothing of the
 * validation or test tweets reaches the vocabulary or any language model.
 */
package course.ulmfit;
