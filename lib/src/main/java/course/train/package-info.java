/**
 * Training, shared by every chapter: the loop, what it trains, how it updates, how fast, and how a run survives an
 * interruption. Where each piece first appears in the notebooks:
 *
 * <pre>
 *   TrainLoop            the loop: a fresh NDManager per step, (seed, step) seeding, backward,      00 §6, every chapter
 *                        optional clipping, the update; Options (steps, seed, evalEvery, clipNorm)
 *   TrainLoop.Listener   sees each step: ProgressLog (progress lines), Checkpoints (save + resume), 00 §6, 06 §6
 *                        course.viz.LivePlot (the live loss curve)
 *   ParameterGroup(s)    what the loop trains: blocks with a learning-rate multiplier and a        06 §9; 03 (ULMFiT:
 *                        trainable flag; freezing, gradual unfreezing, discriminative rates          ÷2.6 per layer)
 *   GradientDescent      the update rules: Sgd, AdamW (decoupled decay on WEIGHTs only; Settings)  00 §6, 06 §6
 *   LearningRate         schedules, plottable with rates(n): ConstantRate, WarmupCosine (GPT-2),    06 §6; 03; 04
 *                        SlantedTriangular (ULMFiT), Noam (the Transformer)
 *   Checkpoint           one atomic file: fingerprint, step, parameters, optimiser state, History  00 §6 "Resume"
 *   History              per-step losses and times, validation losses
 *   Seeds                one seed per run, one per component by name (Seeds.of), one per step       every chapter
 *   Soak                 many short runs of two models, counting crashes and NaNs (./course bench soak)
 * </pre>
 *
 * <p>Memory. Everything a step creates belongs to the step's manager and is freed when the step ends; gradients are
 * attached to it for the step and cleared afterwards (PyTorch accumulates into {@code .grad}). Parameters, optimiser
 * state and the few cached constants of {@link course.train.AdamW} are the only arrays that outlive a step, so
 * resident memory stays flat over a run.
 */
package course.train;
