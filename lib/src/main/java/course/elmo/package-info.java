/**
 * ELMo, notebook 02: a character-aware bidirectional language model whose layers become a word's vector in its
 * sentence (Peters et al. 2018). By the notebook's sections:
 *
 * <pre>
 *   §3 the LSTM        course.rnn: Cells (one step by hand), RecurrentLayer (the fused op)
 *   §4 characters      CharacterIds (UTF-8 bytes + word marks), CharCnnConfig, CharCnn (convolutions, max-pool,
 *                      course.nn.Highway, projection): layer 0, any string at all
 *   §5 streams         LmText (words → characters in, softmax classes out), course.batch.DocumentStreams
 *   §6 the model       BiLmConfig, BiLm (forward and backward LSTM stacks, shared encoder and softmax), Perplexity
 *   §7 training        BiLmTraining (one TrainLoop step: a window of each direction, state carried and detached)
 *   §8 the vectors     BiLm.layers (L + 1 arrays per token, both directions side by side)
 *   §9 the tweets      ElmoFeatures (the layers as frozen course.tweets.TokenFeatures), ScalarMix (eq. 1),
 *                      MixClassifier (mix → BiLSTM → max/mean pooling → labels)
 * </pre>
 */
package course.elmo;
