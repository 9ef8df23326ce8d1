/**
 * Exercises a learner solves inside a notebook cell, with a check that says in words what is wrong.
 *
 * <p>A notebook poses an exercise as a signature and a stub that throws {@link course.exercise.Exercise#notAttempted()}
 * (or returns null). The learner fills in the body and runs the cell, which hands the learner's function to a check
 * class of this package (one per exercise, named after it). The check runs the function on seeded inputs,
 * compares it with the library's own code and with properties every right answer has, and prints one line:
 * <ul>
 *   <li>{@code ✓ id: …} with a short confirmation,
 *   <li>{@code ✗ id: …} with a hint that names what is wrong ("row 2 sums to 0.73: …"), or
 *   <li>{@code · id: not attempted yet — hint: …} for the stub.
 * </ul>
 * Nothing is ever thrown to the notebook: a wrong answer or an exception from the learner's code becomes a
 * {@link course.exercise.Result} with status {@code WRONG}, so a headless run of the course never fails on an
 * exercise. Tests assert on the returned {@link course.exercise.Result}.
 *
 * <p>The exercises, by notebook (the id is the stub cell's {@code exercise} metadata and the key of its solution in
 * {@code solutions/<notebook>.json}):
 * <pre>
 *   00-slope        CentralDifference        the slope of f at x by a central difference
 *   00-mse          MeanSquaredError         mean((p − t)²)
 *   00-step         GradientStep             w − lr · grad, as a new array
 *   01-keep         KeepProbability          frequent-word subsampling's keep probability
 *   01-noise        NoiseDistribution        counts^¾, normalised: the negative-sampling noise
 *   01-sgns-update  NegativeSamplingUpdate   one skip-gram negative-sampling step for one pair
 *   01-cosine       Cosine                   cosine similarity of two vectors
 *   02-lstm         LstmStep                 one LSTM step on plain arrays, gates i, f, g, o (course.rnn.Cells)
 *   02-mix          LayerMix                 ELMo's scalar mix γ Σ softmax(w)_j h_j (course.elmo.ScalarMix)
 *   02-perplexity   TextPerplexity           exp(total nats / tokens) over windows of unequal length
 *   02-reverse      PaddedReverse            each row's real tokens reversed, padding at the end (course.rnn.Sequences)
 *   03-stlr         SlantedTriangularRate    ULMFiT's slanted triangular learning rate at step t (course.train.SlantedTriangular)
 *   03-discriminative LayerRates             η / 2.6^(L − 1 − l) per group, bottom first (ParameterGroups.discriminative)
 *   03-pool         ConcatPool               [h_T ; max ; mean] over a padded text's real rows (course.ulmfit.ConcatPooling)
 *   04-smoothing    SoftTargets              the label-smoothed target q = (1 − ε) one-hot + ε u (course.nn.LabelSmoothing)
 *   04-noam         NoamRate                 the Transformer's warm-up schedule at step n (course.train.Noam)
 *   04-brevity      BrevityPenalty           BLEU's brevity penalty (course.eval.Bleu)
 *   06-softmax      ScaledSoftmax            attention weights softmax(q kᵀ / √d), stable for large scores
 *   06-mask         CausalMask               the causal mask, j ≤ i
 *   06-params       ParameterCount           a GPT's parameter count from its config
 *   06-topp         TopP                     nucleus (top-p) filtering of a distribution
 * </pre>
 */
package course.exercise;
