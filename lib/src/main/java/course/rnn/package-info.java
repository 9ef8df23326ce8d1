/**
 * Recurrent layers, shared by every chapter that reads text one token at a time: the biLM of notebook 02 (ELMo),
 * the AWD-LSTM of 03 (ULMFiT), the RNN translator and CoVe's MT-LSTM of 04, and the LSTM/BiLSTM/GRU baselines of 07.
 *
 * <pre>
 *   RecurrentCell      LSTM (gates i f g o, cell state) or GRU (r z n), their equations
 *   Cells              one step of each cell written out, and unrolled over a sequence: the reference
 *   RecurrentLayer     one layer, one or two directions, PyTorch's fused op with the weights passed in
 *   RecurrentWeights   one direction's W_i, W_h, b_i, b_h for one forward pass; withHidden for weight drop
 *   RecurrentState     (h, c) carried between windows: zeros, detachedInto (truncated BPTT), resetWhere
 *   Sequences          reverse each row's real tokens of a right-padded batch (the backward direction)
 * </pre>
 *
 * <p>Conventions: batch first, x (B, T, I) → (B, T, D·H); states are (D, B, H) with D directions. A layer is one
 * layer: the model stacks them, which is where ELMo's residual connections and ULMFiT's per-layer dropout and widths
 * live. Everything a forward pass creates belongs to the input's manager, as in {@code course.nn}.
 */
package course.rnn;
