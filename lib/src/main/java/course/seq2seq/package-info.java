/**
 * Recurrent translators (notebook 04's first half): the encoder–decoder that squeezes a sentence into one vector
 * (Cho et al. 2014), the same with Bahdanau attention (2015), and the BiLSTM encoder whose states are CoVe (McCann et
 * al. 2017).
 *
 * <pre>
 *   §3 The bottleneck         RnnTranslator with attention off: one summary vector z for every step
 *   §3 Attention              course.nn.AdditiveAttention, RnnTranslator with attention on
 *   §4 CoVe                   RnnTranslator.encode(…).states() of an LSTM encoder trained to translate English
 *   §3 Decoding               RnnTranslator.decoder(…) as a course.decode.BeamSearch.Decoder (greedy = beam 1)
 *   §1 Sizes                  RnnTranslatorConfig
 * </pre>
 */
package course.seq2seq;
