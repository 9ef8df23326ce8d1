package course.embed;

import course.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The fast word2vec trainer: skip-gram or CBOW with negative sampling (Mikolov et al. 2013), trained the way
 * the released word2vec and gensim train it — plain stochastic gradient descent on the few rows each step
 * touches, a learning rate that falls linearly to almost zero over the whole run, and several threads
 * updating the shared matrices without locks ("Hogwild!", Recht et al. 2011: collisions are rare because each
 * update touches a handful of rows out of tens of thousands).
 *
 * <p>Two matrices of {@code vocabulary × dimensions} floats: {@code input} (the word vectors we keep) and
 * {@code output} (one vector per word in its role as a prediction target). The notebook builds the same model
 * with tensors and autograd first; this class is the same arithmetic without a framework in between.
 */
public final class Word2Vec {

    public enum Architecture { SKIP_GRAM, CBOW }

    /**
     * Training settings. Start from {@link #gensimSkipGram} and change what differs, e.g.
     * {@code Config.gensimSkipGram().withDimensions(50).withThreads(2)}.
     *
     * @param architecture    skip-gram (predict each context word from the centre) or CBOW (the centre from the
     *                        mean of its context)
     * @param dimensions      the length of each word vector
     * @param window          the largest distance between a centre and a context word (each step draws a
     *                        smaller one uniformly, as word2vec does)
     * @param negatives       noise words drawn from the unigram^¾ table per positive pair
     * @param sample          the subsampling threshold t: frequent words are kept with a probability that falls
     *                        as their frequency rises above t (0 = keep every word)
     * @param minCount        words seen fewer times are left out of the vocabulary
     * @param epochs          passes over the corpus
     * @param learningRate    the starting rate; it falls linearly over the whole run ...
     * @param minLearningRate ... to this one
     * @param threads         lock-free workers ("Hogwild!")
     * @param seed            seeds the workers' random streams
     */
    public record Config(Architecture architecture, int dimensions, int window, int negatives, double sample,
            int minCount, int epochs, double learningRate, double minLearningRate, int threads, long seed) {
        public Config {
            if (dimensions < 1 || window < 1 || negatives < 1 || epochs < 1 || threads < 1 || minCount < 1) {
                throw new IllegalArgumentException("dimensions, window, negatives, epochs, threads and minCount must be >= 1, got "
                        + dimensions + ", " + window + ", " + negatives + ", " + epochs + ", " + threads + ", " + minCount);
            }
            if (!(sample >= 0) || !(learningRate > 0) || !(minLearningRate >= 0) || minLearningRate > learningRate) {
                throw new IllegalArgumentException("need sample >= 0 and 0 <= minLearningRate <= learningRate, got sample="
                        + sample + ", learningRate=" + learningRate + ", minLearningRate=" + minLearningRate);
            }
        }

        /**
         * gensim 4's {@code Word2Vec(sg=1)} defaults, which are also those of the released word2vec for skip-gram:
         * 100 dimensions, window 5, 5 negatives, sample 10⁻³, min count 5, 5 epochs, learning rate 0.025 falling to
         * 0.0001, 3 workers, seed 1. For CBOW, word2vec.c starts at 0.05 (gensim keeps 0.025):
         * {@code gensimSkipGram().withArchitecture(CBOW).withLearningRate(0.05)}.
         */
        public static Config gensimSkipGram() {
            return new Config(Architecture.SKIP_GRAM, 100, 5, 5, 1e-3, 5, 5, 0.025, 0.0001, 3, 1);
        }

        public Config withArchitecture(Architecture a) { return new Config(a, dimensions, window, negatives, sample, minCount, epochs, learningRate, minLearningRate, threads, seed); }
        public Config withDimensions(int d) { return new Config(architecture, d, window, negatives, sample, minCount, epochs, learningRate, minLearningRate, threads, seed); }
        public Config withWindow(int w) { return new Config(architecture, dimensions, w, negatives, sample, minCount, epochs, learningRate, minLearningRate, threads, seed); }
        public Config withNegatives(int k) { return new Config(architecture, dimensions, window, k, sample, minCount, epochs, learningRate, minLearningRate, threads, seed); }
        public Config withSample(double t) { return new Config(architecture, dimensions, window, negatives, t, minCount, epochs, learningRate, minLearningRate, threads, seed); }
        public Config withMinCount(int n) { return new Config(architecture, dimensions, window, negatives, sample, n, epochs, learningRate, minLearningRate, threads, seed); }
        public Config withEpochs(int e) { return new Config(architecture, dimensions, window, negatives, sample, minCount, e, learningRate, minLearningRate, threads, seed); }
        public Config withLearningRate(double lr) { return new Config(architecture, dimensions, window, negatives, sample, minCount, epochs, lr, minLearningRate, threads, seed); }
        public Config withMinLearningRate(double lr) { return new Config(architecture, dimensions, window, negatives, sample, minCount, epochs, learningRate, lr, threads, seed); }
        public Config withThreads(int n) { return new Config(architecture, dimensions, window, negatives, sample, minCount, epochs, learningRate, minLearningRate, n, seed); }
        public Config withSeed(long s) { return new Config(architecture, dimensions, window, negatives, sample, minCount, epochs, learningRate, minLearningRate, threads, s); }
    }

    /** The vectors, how many corpus tokens were trained on (before subsampling, all epochs), and how long it took. */
    public record Result(WordVectors vectors, long wordsTrained, double seconds) {
        public double wordsPerSecond() {
            return wordsTrained / seconds;
        }
    }

    static final int MAX_EXP = 6;
    static final int EXP_TABLE_SIZE = 1000;
    private static final float[] SIGMOID = new float[EXP_TABLE_SIZE];
    private static final int JOB_WORDS = 10_000;

    static {
        for (int i = 0; i < EXP_TABLE_SIZE; i++) {
            double e = Math.exp((2.0 * i / EXP_TABLE_SIZE - 1) * MAX_EXP);
            SIGMOID[i] = (float) (e / (e + 1));
        }
    }

    private Word2Vec() {}

    /** σ(f) from a 1,000-entry table over [−6, 6], as in the released word2vec; exact enough, and cheap. */
    static float sigmoid(float f) {
        if (f >= MAX_EXP) {
            return 1;
        }
        if (f <= -MAX_EXP) {
            return 0;
        }
        // Nearest entry; the released code's integer division (1000 / 6 / 2 = 83) shifts every lookup a little.
        int index = (int) ((f + MAX_EXP) * (EXP_TABLE_SIZE / (2f * MAX_EXP)) + 0.5f);
        return SIGMOID[Math.min(index, EXP_TABLE_SIZE - 1)];
    }

    /**
     * Trains on {@code sentences} (word ids of {@code vocabulary}), reporting progress lines to {@code progress}
     * about every two seconds. With one thread and a fixed seed the result is exactly reproducible; with more
     * threads the lock-free updates interleave differently on every run.
     */
    public static Result train(List<int[]> sentences, Vocabulary vocabulary, Config config, Consumer<String> progress) {
        if (vocabulary.size() == 0) {
            throw new IllegalArgumentException("the vocabulary is empty: lower minCount (" + config.minCount() + ") or use more text");
        }
        Model model = new Model(vocabulary, config);
        List<int[]> jobs = jobs(sentences);
        long wordsPerEpoch = sentences.stream().mapToLong(s -> s.length).sum();
        long totalWords = wordsPerEpoch * config.epochs();
        AtomicInteger nextJob = new AtomicInteger();
        AtomicLong wordsDone = new AtomicLong();
        long started = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < config.threads(); t++) {
            Worker worker = new Worker(model, sentences, jobs, nextJob, wordsDone, totalWords);
            Thread thread = new Thread(worker, "word2vec-" + t);
            thread.setUncaughtExceptionHandler((th, e) -> failures.add(e));
            workers.add(thread);
            thread.start();
        }
        try {
            for (Thread thread : workers) {
                while (thread.isAlive()) {
                    thread.join(2000);
                    if (thread.isAlive()) {
                        progress.accept(progressLine(config, wordsDone.get(), wordsPerEpoch, totalWords, started));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("word2vec training was interrupted", e);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a word2vec worker failed: " + failures.get(0), failures.get(0));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        progress.accept(progressLine(config, totalWords, wordsPerEpoch, totalWords, started));
        return new Result(new WordVectors(vocabulary, config.dimensions(), model.input), totalWords, seconds);
    }

    private static String progressLine(Config config, long done, long perEpoch, long total, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        double lr = config.learningRate() - (config.learningRate() - config.minLearningRate()) * done / total;
        int epoch = (int) Math.min(config.epochs(), done / Math.max(1, perEpoch) + 1);
        return String.format("epoch %d/%d | %3.0f%% | lr %.5f | %,.0f words/s | %.1fs elapsed | ETA %.0fs",
                epoch, config.epochs(), 100.0 * done / total, lr, rate, seconds, (total - done) / Math.max(rate, 1));
    }

    /** Splits the corpus into jobs of about 10,000 words: {from, to} sentence index ranges. */
    private static List<int[]> jobs(List<int[]> sentences) {
        List<int[]> jobs = new ArrayList<>();
        int from = 0;
        long words = 0;
        for (int i = 0; i < sentences.size(); i++) {
            words += sentences.get(i).length;
            if (words >= JOB_WORDS || i == sentences.size() - 1) {
                jobs.add(new int[] {from, i + 1});
                from = i + 1;
                words = 0;
            }
        }
        return jobs;
    }

    /** The shared state: both matrices, and the tables every worker reads. */
    static final class Model {
        final Config config;
        final int dim;
        final float[] input;
        final float[] output;
        final float[] keep;
        final NoiseTable noise;
        final FloatOps ops = FloatOps.best();

        Model(Vocabulary vocabulary, Config config) {
            this.config = config;
            this.dim = config.dimensions();
            this.input = new float[vocabulary.size() * dim];
            this.output = new float[vocabulary.size() * dim];
            // Small random input vectors, zero output vectors: the released word2vec's initialisation.
            Random random = new Random(config.seed());
            for (int i = 0; i < input.length; i++) {
                input[i] = (random.nextFloat() - 0.5f) / dim;
            }
            this.keep = Subsampling.keepProbabilities(vocabulary, config.sample());
            this.noise = NoiseTable.of(vocabulary, Math.max(1_000_000, vocabulary.size() * 50));
        }
    }

    /**
     * One (input row, targets) update of negative sampling: {@code targets[0]} is the true word (label 1), the
     * rest are noise words (label 0). For each target t: g = α·(label − σ(in·out_t)); the input's gradient
     * accumulates g·out_t, and out_t moves by g·in. The input row moves last, by the accumulated gradient.
     * {@code hidden} is the input vector (a row of {@code input} for skip-gram, the context mean for CBOW);
     * the accumulated gradient is left in {@code gradient} for the caller to apply.
     */
    static void negativeSamplingStep(FloatOps ops, float[] hidden, int hiddenOffset, float[] output, int[] targets,
            int targetCount, float alpha, int dim, float[] gradient) {
        java.util.Arrays.fill(gradient, 0, dim, 0f);
        for (int k = 0; k < targetCount; k++) {
            int row = targets[k] * dim;
            float f = ops.dot(hidden, hiddenOffset, output, row, dim);
            float g = ((k == 0 ? 1 : 0) - sigmoid(f)) * alpha;
            ops.axpy(g, output, row, gradient, 0, dim);
            ops.axpy(g, hidden, hiddenOffset, output, row, dim);
        }
    }

    /**
     * One skip-gram pair, as {@link #train} does it: the input row at {@code row} is scored against the output
     * rows of {@code targets} ({@link #negativeSamplingStep}), then moves by the accumulated gradient.
     */
    static void skipGramPair(FloatOps ops, float[] input, int row, float[] output, int[] targets, int targetCount,
            float alpha, int dim, float[] gradient) {
        negativeSamplingStep(ops, input, row, output, targets, targetCount, alpha, dim, gradient);
        ops.axpy(1f, gradient, 0, input, row, dim);
    }

    /**
     * One batch of skip-gram negative-sampling updates on the caller's matrices, made by the trainer's own code
     * ({@link #negativeSamplingStep}, sigmoid table included), so a version written another way (notebook 01's
     * tensors) can be checked against it on identical ids and starting values.
     *
     * <p>Pair {@code i} scores the input row of {@code inputWords[i]} against the output row of
     * {@code targetWords[i]} (towards 1) and the output rows of its K noise words (towards 0), K =
     * {@code noiseWords.length / B}, pair {@code i}'s at {@code noiseWords[i·K .. i·K + K − 1]}. As in training,
     * the pairs are updated one after the other, so a later pair sees the rows an earlier one moved; the ids are
     * used as given ({@link #train} leaves out a noise word equal to the true word when it draws them).
     * ({@link #train}, like word2vec.c, feeds the context word's input row and the centre's output row: the same
     * pairs the other way round, as a window holds both.)
     *
     * @param input         V × dimensions input vectors, row-major; updated in place
     * @param output        V × dimensions output vectors, row-major; updated in place
     * @param inputWords    B word ids whose input rows are scored
     * @param targetWords   B word ids, the true pairs' output rows
     * @param noiseWords    B · K noise word ids, pair by pair
     * @param learningRate  α of {@code w ← w − α·∇w}
     * @return the batch's loss at the matrices as given, before any update: the sum over pairs of
     *         −log σ(u_t·v) − Σ_k log σ(−u_k·v), computed exactly (no table)
     */
    public static double skipGramUpdate(float[] input, float[] output, int dimensions, int[] inputWords, int[] targetWords,
            int[] noiseWords, float learningRate) {
        int b = inputWords.length;
        if (b == 0 || targetWords.length != b || noiseWords.length % b != 0) {
            throw new IllegalArgumentException("need B > 0 input words, B target words and B·K noise words, got "
                    + inputWords.length + ", " + targetWords.length + " and " + noiseWords.length);
        }
        if (dimensions < 1 || input.length != output.length || input.length % dimensions != 0) {
            throw new IllegalArgumentException("input and output must both be V × " + dimensions + ", got "
                    + input.length + " and " + output.length + " floats");
        }
        int vocabulary = input.length / dimensions;
        int k = noiseWords.length / b;
        int[][] targets = new int[b][k + 1];
        for (int i = 0; i < b; i++) {
            targets[i][0] = targetWords[i];
            System.arraycopy(noiseWords, i * k, targets[i], 1, k);
            for (int id : targets[i]) {
                if (id < 0 || id >= vocabulary || inputWords[i] < 0 || inputWords[i] >= vocabulary) {
                    throw new IllegalArgumentException("pair " + i + " has a word id outside [0, " + vocabulary + "): input "
                            + inputWords[i] + ", targets " + java.util.Arrays.toString(targets[i]));
                }
            }
        }
        FloatOps ops = FloatOps.best();
        double loss = 0;
        for (int i = 0; i < b; i++) {
            for (int t = 0; t <= k; t++) {
                double score = ops.dot(input, inputWords[i] * dimensions, output, targets[i][t] * dimensions, dimensions);
                loss += softplus(t == 0 ? -score : score);   // −log σ(x) = softplus(−x)
            }
        }
        float[] gradient = new float[dimensions];
        for (int i = 0; i < b; i++) {
            skipGramPair(ops, input, inputWords[i] * dimensions, output, targets[i], k + 1, learningRate, dimensions, gradient);
        }
        return loss;
    }

    /** log(1 + e^x), accurate for large |x|. */
    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** One training thread: takes the next job until none is left, across all epochs. */
    private static final class Worker implements Runnable {
        private final Model m;
        private final List<int[]> sentences;
        private final List<int[]> jobs;
        private final AtomicInteger nextJob;
        private final AtomicLong wordsDone;
        private final long totalWords;
        private final float[] hidden;
        private final float[] gradient;
        private final int[] targets;
        private int[] kept = new int[1024];
        private long random;

        Worker(Model model, List<int[]> sentences, List<int[]> jobs, AtomicInteger nextJob, AtomicLong wordsDone, long totalWords) {
            this.m = model;
            this.sentences = sentences;
            this.jobs = jobs;
            this.nextJob = nextJob;
            this.wordsDone = wordsDone;
            this.totalWords = totalWords;
            this.hidden = new float[model.dim];
            this.gradient = new float[model.dim];
            this.targets = new int[model.config.negatives() + 1];
        }

        /** The released word2vec's linear congruential generator: fast, and good enough for sampling. */
        private int nextInt(int bound) {
            random = random * 25214903917L + 11;
            return (int) (((random >>> 16) & 0x7FFFFFFFL) % bound);
        }

        private float nextFloat() {
            random = random * 25214903917L + 11;
            return ((random >>> 16) & 0xFFFF) / 65536f;
        }

        @Override
        public void run() {
            int perEpoch = jobs.size();
            for (int j = nextJob.getAndIncrement(); j < perEpoch * m.config.epochs(); j = nextJob.getAndIncrement()) {
                random = course.train.Seeds.forStep(m.config.seed(), j);
                int[] job = jobs.get(j % perEpoch);
                for (int s = job[0]; s < job[1]; s++) {
                    int[] sentence = sentences.get(s);
                    // The rate falls with the share of all words done, shared by every thread.
                    double progress = (double) wordsDone.get() / totalWords;
                    float alpha = (float) Math.max(m.config.minLearningRate(),
                            m.config.learningRate() - (m.config.learningRate() - m.config.minLearningRate()) * progress);
                    int n = subsample(sentence);
                    if (m.config.architecture() == Architecture.SKIP_GRAM) {
                        skipGram(n, alpha);
                    } else {
                        cbow(n, alpha);
                    }
                    wordsDone.addAndGet(sentence.length);
                }
            }
        }

        private int subsample(int[] sentence) {
            if (kept.length < sentence.length) {
                kept = new int[sentence.length];
            }
            int n = 0;
            for (int w : sentence) {
                if (m.keep[w] >= 1f || m.keep[w] >= nextFloat()) {
                    kept[n++] = w;
                }
            }
            return n;
        }

        private int drawTargets(int word) {
            targets[0] = word;
            int count = 1;
            for (int k = 0; k < m.config.negatives(); k++) {
                int noise = m.noise.word(nextInt(m.noise.size()));
                if (noise != word) {
                    targets[count++] = noise;
                }
            }
            return count;
        }

        /** Each kept word predicts the words around it, within a window shrunk at random (nearer words count more). */
        private void skipGram(int n, float alpha) {
            int dim = m.dim;
            for (int pos = 0; pos < n; pos++) {
                int reach = m.config.window() - nextInt(m.config.window());
                for (int c = Math.max(0, pos - reach); c <= Math.min(n - 1, pos + reach); c++) {
                    if (c == pos) {
                        continue;
                    }
                    int count = drawTargets(kept[pos]);
                    skipGramPair(m.ops, m.input, kept[c] * dim, m.output, targets, count, alpha, dim, gradient);
                }
            }
        }

        /** The mean of the context vectors predicts the word in the middle; every context word shares the gradient. */
        private void cbow(int n, float alpha) {
            int dim = m.dim;
            for (int pos = 0; pos < n; pos++) {
                int reach = m.config.window() - nextInt(m.config.window());
                int from = Math.max(0, pos - reach);
                int to = Math.min(n - 1, pos + reach);
                java.util.Arrays.fill(hidden, 0f);
                int contexts = 0;
                for (int c = from; c <= to; c++) {
                    if (c != pos) {
                        m.ops.axpy(1f, m.input, kept[c] * dim, hidden, 0, dim);
                        contexts++;
                    }
                }
                if (contexts == 0) {
                    continue;
                }
                for (int d = 0; d < dim; d++) {
                    hidden[d] /= contexts;
                }
                int count = drawTargets(kept[pos]);
                negativeSamplingStep(m.ops, hidden, 0, m.output, targets, count, alpha, dim, gradient);
                for (int c = from; c <= to; c++) {
                    if (c != pos) {
                        m.ops.axpy(1f, gradient, 0, m.input, kept[c] * dim, dim);
                    }
                }
            }
        }
    }
}
