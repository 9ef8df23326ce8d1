"""Writes notebooks/04_transformer.ipynb from the cells below (kept as a script so the notebook's source stays reviewable)."""
from notebook_cells import Notebook

notebook = Notebook("04_transformer", "t04")
md, code = notebook.md, notebook.code

md(r"""
# 04 · From seq2seq with attention to the Transformer

**Where the story stands.** 01–03 learned from text in one language and transferred what they learned to the tweets.
This notebook turns to the task that shaped modern NLP's architectures: **translation**. Its models read a whole
sentence in one language and write it in another, and the two ideas invented for it — *attention* and the
*Transformer* — are what BERT (05) and GPT (06) are built from.

1. **The bottleneck.** An RNN encoder–decoder (Sutskever et al. 2014; Cho et al. 2014) squeezes the source sentence
   into one vector, and the decoder writes the translation from that vector alone.
2. **Attention.** Bahdanau, Cho & Bengio (2015) let the decoder look back at *every* encoder state, with a new
   weighted average at every output word. We train both on Multi30k English→German and compare their BLEU.
3. **CoVe.** The attention model's BiLSTM encoder has learned something about English; McCann et al. (2017) used
   such an "MT-LSTM" as a feature extractor (*context vectors*, CoVe). We put it under the tweet classifier of 02 —
   the seed article's CoVe row.
4. **The Transformer** (Vaswani et al. 2017) drops recurrence: attention alone, in parallel over all positions. We
   build its parts in the open — positions, masks, scaled dot-product attention — check them against the lib, let a
   small one learn to **copy**, then train it on Multi30k **German→English** (the direction of the published numbers).
5. **Training tricks** of the paper: **label smoothing** and the **Noam** warm-up schedule.
6. **Decoding**: greedy, **beam search** with a length penalty, top-k and top-p sampling, and a **KV cache** that
   makes each new word cost one position instead of the whole prefix.
7. **BLEU**, computed exactly as sacreBLEU computes it, for every model and decoder; **attention heatmaps**.

Three exercises with automatic checks: the Noam schedule, the label-smoothed target, BLEU's brevity penalty.

**Papers.** Sutskever, Vinyals & Le (2014), *Sequence to Sequence Learning with Neural Networks*. Cho et al. (2014),
*Learning Phrase Representations using RNN Encoder–Decoder for Statistical Machine Translation*. Bahdanau, Cho &
Bengio (2015), *Neural Machine Translation by Jointly Learning to Align and Translate*. McCann et al. (2017),
*Learned in Translation: Contextualized Word Vectors* (CoVe). Vaswani et al. (2017), *Attention Is All You Need*.
Szegedy et al. (2016), *Rethinking the Inception Architecture* (label smoothing). Papineni et al. (2002), *BLEU*;
Post (2018), *A Call for Clarity in Reporting BLEU Scores* (sacreBLEU). Wu et al. (2016), *Google's Neural Machine
Translation System* (the length penalty). Holtzman et al. (2020), *The Curious Case of Neural Text Degeneration*
(top-p). Rush (2018), *The Annotated Transformer*.

**Data.** Multi30k (Elliott et al. 2016, *Multi30K: Multilingual English-German Image Descriptions*): 29,000
training, 1,014 validation and 1,000 test (test2016) caption pairs, from the WMT 2016 multimodal task's files
(lower-cased, normalised and tokenised by the task's own scripts; also the raw text). Twitter US Airline Sentiment
(CrowdFlower via Kaggle, CC BY-NC-SA 4.0) with the course's shared split for §3. The Brown corpus and the State of the
Union addresses for word2vec when notebook 01 has not run.

**Expected time:** the configuration cell prints it for the active profile.
""")

code(r"""
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.batch.TranslationBatch;
import course.batch.TranslationBatches;
import course.data.DataStore;
import course.data.TweetSplit;
import course.decode.BeamSearch;
import course.decode.Samplers;
import course.elmo.MixClassifier;
import course.embed.Word2Vec;
import course.embed.WordVectors;
import course.embed.WordVectorsFormat;
import course.eval.Bleu;
import course.eval.Classification;
import course.nn.Attention;
import course.nn.LabelSmoothing;
import course.nn.Losses;
import course.nn.Masks;
import course.nn.Mode;
import course.nn.NativeArrays;
import course.repro.ConfigTable;
import course.repro.Overrides;
import course.repro.Profile;
import course.repro.RunRecord;
import course.rnn.RecurrentCell;
import course.seq2seq.RnnTranslator;
import course.seq2seq.RnnTranslatorConfig;
import course.text.Corpora;
import course.text.Multi30k;
import course.text.TranslationVocabulary;
import course.text.Vocabulary;
import course.text.WordTokenizer;
import course.train.AdamW;
import course.train.Checkpoints;
import course.train.History;
import course.train.LearningRate;
import course.train.Noam;
import course.train.ParameterGroups;
import course.train.ProgressLog;
import course.train.Seeds;
import course.train.TrainLoop;
import course.transformer.SinusoidalPositions;
import course.transformer.Transformer;
import course.transformer.TransformerConfig;
import course.tweets.TokenFeatures;
import course.tweets.TweetPredictions;
import course.tweets.TweetTask;
import course.viz.Charts;
import course.viz.LivePlot;
import course.viz.LossCurves;
import course.viz.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
""")

md(r"""
## 1 · Configuration

Translation models are trained on batches of a **token budget** rather than a number of sentences (the paper's §5.1:
"approximately 25000 source tokens and 25000 target tokens" per batch): pairs of similar length are batched together,
so a batch is nearly all real words, and short pairs come many to a batch. `maxTokens` is that budget on each side.

On two CPU cores one pass over Multi30k's 29,000 pairs costs minutes for any of these models, so `workshop` trains the
RNN translators for a fraction of a pass and the Transformer for about one, with a schedule made for a short run
(warm-up, then a cosine decay to near zero: the last steps at a small rate are worth many at a constant one). `full`
is bentrevett's setting (10 passes, a GPU job) with the paper's warm-up; `tiny` only checks that every cell runs.
""")

code(r"""
/** How the Multi30k pairs are read (§2). */
record Data(int minCount, int trainLimit, int testLimit) {
    public Data {
        if (minCount < 1 || trainLimit < 0 || testLimit < 0) {
            throw new IllegalArgumentException("need minCount >= 1 and limits >= 0 (0 = every pair), got " + List.of(minCount, trainLimit, testLimit));
        }
    }
}

/** §3's RNN translators, English → German: sizes, then training. */
record Rnn(int embedding, int encoderHidden, int decoderHidden, float dropout, int maxTokens, int steps, double learningRate, double clipNorm) {
    public Rnn {
        if (embedding < 1 || encoderHidden < 1 || decoderHidden < 1 || maxTokens < 2 || steps < 1 || !(learningRate > 0) || !(clipNorm > 0)) {
            throw new IllegalArgumentException("need positive sizes, maxTokens >= 2, steps >= 1, learningRate > 0, clipNorm > 0; got " + this);
        }
    }
}

/** §5's copy task: random sequences of ids the model must write back. */
record Copy(int vocabulary, int maxLength, int pairs, int embedding, int layers, int steps) {
    public Copy {
        if (vocabulary < 6 || maxLength < 2 || pairs < 1 || embedding < 2 || layers < 1 || steps < 1) {
            throw new IllegalArgumentException("need vocabulary >= 6, maxLength >= 2, pairs, embedding, layers, steps >= 1; got " + this);
        }
    }
}

/** §7's Transformer, German → English: sizes, then training. */
record Mt(int embedding, int heads, int hidden, int layers, float dropout, boolean tieOutput, int maxTokens, int steps,
          double learningRate, int warmup, float smoothing, double clipNorm, int evalEvery) {
    public Mt {
        if (embedding < 2 || heads < 1 || hidden < 1 || layers < 1 || maxTokens < 2 || steps <= warmup || warmup < 1 || !(learningRate > 0)
                || !(smoothing >= 0 && smoothing < 1) || !(clipNorm > 0) || evalEvery < 1) {
            throw new IllegalArgumentException("need positive sizes, 1 <= warmup < steps, learningRate > 0, 0 <= smoothing < 1, clipNorm > 0,"
                    + " evalEvery >= 1; got " + this);
        }
    }
}

/** §8–§9's decoders. */
record Decoding(int beamSize, double lengthAlpha, int topK, double topP, int cacheSentences, int maxLength) {
    public Decoding {
        if (beamSize < 1 || !(lengthAlpha >= 0) || topK < 1 || !(topP > 0 && topP <= 1) || cacheSentences < 1 || maxLength < 2) {
            throw new IllegalArgumentException("need beamSize >= 1, lengthAlpha >= 0, topK >= 1, 0 < topP <= 1, cacheSentences >= 1, maxLength >= 2; got " + this);
        }
    }
}

/** §4's CoVe tweet classifier: the task model of 02, over [word2vec; CoVe] or word2vec alone. */
record Cove(MixClassifier.Settings tweets, int tweetBatch, int tweetLimit, long corpusTokens) {}
""")

md(r"""
The workshop preset, every value with its reason; `full` and `tiny` are written as changes to it.
""")

code(r"""
record TranslationNotebookConfig(Data data, Rnn rnn, Copy copy, Mt mt, Decoding decoding, Cove cove, long seed) {
    TranslationNotebookConfig withData(Data d) { return new TranslationNotebookConfig(d, rnn, copy, mt, decoding, cove, seed); }
    TranslationNotebookConfig withRnn(Rnn r) { return new TranslationNotebookConfig(data, r, copy, mt, decoding, cove, seed); }
    TranslationNotebookConfig withCopy(Copy c) { return new TranslationNotebookConfig(data, rnn, c, mt, decoding, cove, seed); }
    TranslationNotebookConfig withMt(Mt m) { return new TranslationNotebookConfig(data, rnn, copy, m, decoding, cove, seed); }
    TranslationNotebookConfig withDecoding(Decoding d) { return new TranslationNotebookConfig(data, rnn, copy, mt, d, cove, seed); }
    TranslationNotebookConfig withCove(Cove c) { return new TranslationNotebookConfig(data, rnn, copy, mt, decoding, c, seed); }
}

TranslationNotebookConfig workshopPreset() {
    return new TranslationNotebookConfig(
            new Data(2, 0, 0),                            // words seen twice or more in the training pairs (bentrevett's min_freq 2); every pair
            new Rnn(128, 128, 256, 0.2f,                  // word vectors, BiLSTM units per direction (CoVe is 2 × 128 wide), decoder GRU, dropout
                    2500, 60, 2e-3, 1.0),                 // tokens per batch, steps (a third of a pass: all the budget holds), Adam, clipping
            new Copy(12, 10, 3000, 64, 2, 1000),           // ids, longest sequence, training sequences, d_model, layers, steps
            new Mt(256, 8, 512, 3, 0.1f, true,            // bentrevett's 3 + 3 × 256 / FFN 512, dropout 0.1; output tied to the target embedding (§3.4)
                    2000, 360, 1e-3, 30, 0.1f, 1.0, 90),  // tokens per batch (~128 pairs), steps (~1.6 passes), peak rate, warm-up, ε_ls, clipping, validation every 90
            new Decoding(4, 0.6, 10, 0.9, 100, 60),       // beam 4, GNMT α 0.6; top-k 10, top-p 0.9; KV-cache timing on 100 sentences; ≤ 60 words
            new Cove(new MixClassifier.Settings(6, 64, 3e-3, 0.01, 0.3f), 64, 0, 0),   // 02's classifier (epochs, BiLSTM units, rate, decay, dropout); batch; every tweet; all the word2vec text
            2017);                                        // seed
}

TranslationNotebookConfig preset(Profile profile) {
    TranslationNotebookConfig w = workshopPreset();
    return switch (profile) {
        case WORKSHOP -> w;
        case FULL -> w.withRnn(new Rnn(256, 256, 512, 0.3f, 4000, 4000, 1e-3, 1.0))
                .withMt(new Mt(256, 8, 512, 3, 0.1f, true, 2000, 2300, 1e-3, 200, 0.1f, 1.0, 230));   // ~10 passes
        case TINY -> w.withData(new Data(2, 600, 40))
                .withRnn(new Rnn(16, 16, 24, 0.1f, 600, 6, 2e-3, 1.0))
                .withCopy(new Copy(12, 8, 400, 32, 1, 60))
                .withMt(new Mt(32, 4, 64, 1, 0.1f, true, 600, 8, 1e-3, 2, 0.1f, 1.0, 4))
                .withDecoding(new Decoding(3, 0.6, 10, 0.9, 8, 20))
                .withCove(new Cove(new MixClassifier.Settings(1, 8, 3e-3, 0.01, 0.3f), 64, 300, 40_000));
    };
}
""")

md(r"""
Now the run starts: the active profile (`COURSE_PROFILE`), any `COURSE_OVERRIDES` in dotted names (e.g.
`mt.steps=400,decoding.beamSize=5`; the table marks them), and a run record that writes
`runs/<profile>/04_transformer/manifest.json` and `metrics.json`.
""")

code(r"""
Profile profile = Profile.active();
TranslationNotebookConfig config = Overrides.fromEnvironment(preset(profile));
RunRecord run = RunRecord.start("04_transformer", config, config.seed());
Seeds.seedAll(config.seed());
System.out.println(ConfigTable.of("04 · profile " + profile.id(), config).printAll());
System.out.println(run.expectedTime());
long notebookStart = System.nanoTime();
""")

# ---------------------------------------------------------------- §2 data
md(r"""
## 2 · Multi30k

Multi30k's sentences describe Flickr photos: short, concrete, and the same kind of sentence again and again ("a man
in a blue shirt is …"). That is why a model trained on a laptop can translate them at all. The files we read are the
WMT 2016 task's tokenised ones: lower-cased, punctuation split off ("a man ." ), German compounds left whole. Each
side gets its own vocabulary of the words seen at least twice in the *training* pairs; the rest become `<unk>`. The
four special ids come first: `<pad>` 0, `<s>` 1 (the decoder's first input), `</s>` 2 (the end the decoder must
predict), `<unk>` 3.

**Which text BLEU sees.** The published Multi30k numbers (bentrevett's 36.5, the course map's anchor) score lower-cased
tokenised output against the lower-cased tokenised references, and so do we: §9's BLEU is sacreBLEU's computation
(13a tokenisation, which leaves these already-split words alone) on those references. Scored against the raw,
cased references, the same output would lose the points its missing capitals cost — a different number, not a
worse model.
""")

code(r"""
DataStore store = DataStore.fromEnvironment();
Data dc = config.data();
List<Multi30k.TokenPair> trainPairs = Multi30k.tokenized(store, Multi30k.Split.TRAIN);
List<Multi30k.TokenPair> validPairs = Multi30k.tokenized(store, Multi30k.Split.VALID);
List<Multi30k.TokenPair> testPairs = Multi30k.tokenized(store, Multi30k.Split.TEST_2016);
List<Multi30k.RawPair> testRaw = Multi30k.raw(store, Multi30k.Split.TEST_2016);
if (dc.trainLimit() > 0) trainPairs = trainPairs.subList(0, Math.min(dc.trainLimit(), trainPairs.size()));
if (dc.testLimit() > 0) {
    validPairs = validPairs.subList(0, Math.min(dc.testLimit(), validPairs.size()));
    testPairs = testPairs.subList(0, Math.min(dc.testLimit(), testPairs.size()));
}
TranslationVocabulary german = TranslationVocabulary.build(trainPairs.stream().map(Multi30k.TokenPair::german).toList(), dc.minCount());
TranslationVocabulary english = TranslationVocabulary.build(trainPairs.stream().map(Multi30k.TokenPair::english).toList(), dc.minCount());
System.out.println(String.format("pairs: %,d training, %,d validation, %,d test", trainPairs.size(), validPairs.size(), testPairs.size()));
System.out.println(String.format("vocabularies: %,d German and %,d English ids (specials included)", german.size(), english.size()));
System.out.println(String.format("unknown words in the test pairs: German %.1f %%, English %.1f %%",
        100 * german.unknownRate(testPairs.stream().map(Multi30k.TokenPair::german).toList()),
        100 * english.unknownRate(testPairs.stream().map(Multi30k.TokenPair::english).toList())));
System.out.println(String.format("mean length: German %.1f, English %.1f words",
        trainPairs.stream().mapToInt(p -> p.german().size()).average().orElse(0), trainPairs.stream().mapToInt(p -> p.english().size()).average().orElse(0)));
Multi30k.TokenPair first = testPairs.get(0);
System.out.println("test pair 1, tokenised:  de: " + String.join(" ", first.german()) + "\n                         en: " + String.join(" ", first.english()));
System.out.println("the same, raw:           de: " + testRaw.get(0).german() + "\n                         en: " + testRaw.get(0).english());
System.out.println("as ids (de): " + Arrays.toString(german.encode(first.german())));
run.metric("vocabulary_de", german.size());
run.metric("vocabulary_en", english.size());
""")

md(r"""
Every model of this notebook reads batches from `TranslationBatches`: the pairs sorted by length and cut so that a
batch holds at most `maxTokens` padded tokens on each side, visited in a seeded order per pass (so a resumed run sees
the same batch at the same step). A batch carries the source, the decoder's input `<s> y₁ … y_T` and its target
`y₁ … y_T </s>` — the same sentence shifted by one, which is what *teacher forcing* means: at every position the
decoder is given the true previous word and asked for the next.
""")

code(r"""
List<int[]> ids(List<Multi30k.TokenPair> pairs, boolean germanSide) {
    return pairs.stream().map(p -> germanSide ? german.encode(p.german()) : english.encode(p.english())).toList();
}
List<int[]> trainDe = ids(trainPairs, true), trainEn = ids(trainPairs, false);
List<int[]> validDe = ids(validPairs, true), validEn = ids(validPairs, false);
List<int[]> testDe = ids(testPairs, true), testEn = ids(testPairs, false);
int MAX_POSITIONS = 128;                                   // the models' longest sequence; Multi30k's longest training sentence is shorter
NDManager peek = NDManager.newBaseManager();
TranslationBatches peekBatches = new TranslationBatches(trainDe, trainEn, config.mt().maxTokens(), MAX_POSITIONS, 1);
TranslationBatch b0 = peekBatches.batch(peek, 0);
System.out.println(String.format("%,d batches per pass (%,d pairs dropped as too long); step 0's batch: %d pairs", peekBatches.batchesPerEpoch(),
        peekBatches.dropped(), b0.size()));
System.out.println("source " + b0.source().getShape() + ", target in " + b0.targetIn().getShape() + ", target out " + b0.targetOut().getShape()
        + ", mask " + b0.targetMask().getShape());
int[] row0In = Arrays.copyOf(b0.targetIn().toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray(), (int) b0.targetIn().getShape().get(1));
int[] row0Out = Arrays.copyOf(b0.targetOut().toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray(), (int) b0.targetOut().getShape().get(1));
System.out.println("row 0, decoder input: " + Arrays.toString(row0In) + "\nrow 0, its targets:   " + Arrays.toString(row0Out));
peek.close();
""")
# ---------------------------------------------------------------- §3 RNN translators
md(r"""
## 3 · The bottleneck, then attention: two RNN translators, English → German

Both translators share one encoder: word vectors into a **bidirectional LSTM**, whose state $h_i = [\overrightarrow{h}_i ;
\overleftarrow{h}_i]$ at source word $i$ has read the sentence up to $i$ from the left *and* from the right. They differ
in what the decoder, a GRU writing German one word at a time, gets to see:

$$\text{plain:}\quad c_t = z = [\overrightarrow{h}_S ; \overleftarrow{h}_1] \qquad\qquad
\text{attention:}\quad e_{t,i} = v^\top \tanh(W s_{t-1} + U h_i),\quad \alpha_{t,\cdot} = \operatorname{softmax}(e_{t,\cdot}),\quad c_t = \sum_i \alpha_{t,i} h_i$$

and then $s_t = \mathrm{GRU}([E_{\text{de}}[y_{t-1}] ; c_t], s_{t-1})$ and $p(y_t) = \operatorname{softmax}(W_o [s_t ; c_t ; E[y_{t-1}]])$.
The plain model must push a whole sentence through the fixed-size $z$ — Cho et al. (2014) saw its quality fall
with sentence length — while the attention model (Bahdanau et al. 2015, their eq. 6 is $e_{t,i}$ above) re-reads
the source at every word: $\alpha_{t,i}$ is how much output word $t$ looks at source word $i$. Both classes are
`course.seq2seq.RnnTranslator`; attention is one switch of its config.

Same data, same steps, same seed for both; the loss is the cross-entropy of each next German word over the real
(unpadded) positions.
""")

code(r"""
Rnn rc = config.rnn();
NDManager rnnManager = NDManager.newBaseManager();                  // both translators and CoVe, until the end of §4
ParameterStore rnnPs = new ParameterStore(rnnManager, false);
TranslationBatches rnnBatches = new TranslationBatches(trainEn, trainDe, rc.maxTokens(), MAX_POSITIONS, Seeds.of(config.seed(), "rnn/batches"));
/** What decides an RNN translator's weights: a checkpoint written for other values is refused. */
record RnnRun(Data data, Rnn rnn, boolean attention, long seed) {}
long parameters(ai.djl.nn.Block block) { return block.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum(); }
String rnnPlot = display(Charts.placeholder("RNN translators: waiting for the first steps"));
List<Series> rnnCurves = new ArrayList<>();

RnnTranslator trainRnn(boolean attention) {
    RnnTranslatorConfig rcfg = new RnnTranslatorConfig(english.size(), german.size(), rc.embedding(), rc.encoderHidden(), rc.decoderHidden(),
            RecurrentCell.LSTM, attention, rc.dropout());
    RnnTranslator model = new RnnTranslator(rcfg);
    Seeds.initialize(model, rnnManager, Seeds.of(config.seed(), "rnn/init"), new Shape(2, 5), new Shape(2, 5));
    String name = attention ? "with attention" : "plain (bottleneck)";
    History h = new TrainLoop(ParameterGroups.of(model), AdamW.withWeightDecay(0.0),
            LearningRate.warmupCosine(rc.learningRate(), rc.learningRate() / 20, Math.max(1, rc.steps() / 20), rc.steps()),
            TrainLoop.Options.of(rc.steps(), Seeds.of(config.seed(), "rnn/steps")).withGradientClipping(rc.clipNorm()))
            .with(ProgressLog.lines(4), LivePlot.to(img -> updateDisplay(rnnPlot, img)),
                  Checkpoints.in(run.dir().resolve(attention ? "rnn-attention-checkpoints" : "rnn-plain-checkpoints"),
                          new RnnRun(config.data(), rc, attention, config.seed())).every(Math.max(1, rc.steps() / 2)))
            .run(rnnManager, (scope, s, random) -> {
                TranslationBatch b = rnnBatches.batch(scope, s);
                NDArray logits = model.logits(rnnPs, b.source(), b.sourceLengths(), b.targetIn(), true);   // (B, T, V_de)
                return Losses.crossEntropy(logits, b.targetOut(), b.targetMask());
            });
    Series curve = LossCurves.train(h, Math.max(1, rc.steps() / 40));
    rnnCurves.add(new Series(name, curve.x(), curve.y()));
    double ms = h.medianStepMillis(3);
    System.out.println(String.format("%s: %,d parameters, %s, %.2f passes", name, parameters(model),
            Double.isNaN(ms) ? "restored from its checkpoint" : String.format("%.0f ms per step (median)", ms),
            (double) rc.steps() / rnnBatches.batchesPerEpoch()));
    return model;
}
RnnTranslator plainRnn = trainRnn(false);
RnnTranslator attentionRnn = trainRnn(true);
run.plot("rnn_loss", Charts.loss("RNN translators, English → German: training loss (nats per word)", rnnCurves))
""")

md(r"""
Translating is a search for the most probable sentence, $\hat y = \arg\max_y \sum_t \log p(y_t \mid y_{<t}, x)$, which
no model can do exactly. `BeamSearch` keeps the $k$ best prefixes per sentence (§8 explains it); with $k = 1$ it is
**greedy decoding**: take the most probable word, feed it back, stop at `</s>`. Every decoder of the notebook goes
through the same call: an encoder's result, and a `BeamSearch.Decoder` that turns the last word of each live prefix
into log-probabilities of the next.
""")

code(r"""
/** Opens a decoder over a batch of padded sources; closed after the batch when it holds a cache. */
interface DecoderFactory { BeamSearch.Decoder open(NDArray source, int[] lengths, NDManager scope); }

/** The best hypothesis of each source (ids without specials), 100 sentences at a time. */
List<int[]> translate(List<int[]> sources, int beamSize, double alpha, DecoderFactory factory, NDManager manager) {
    return translate(sources, beamSize, alpha, factory, manager, config.decoding().maxLength());
}

/**
 * As above, writing at most {@code maxLength} words — and at most 1.5 × the chunk's longest source + 5: beam search
 * with a length penalty may otherwise keep unfinished beams alive to the limit. Sources go in length order (little
 * padding per chunk); the results come back in the given order.
 */
List<int[]> translate(List<int[]> sources, int beamSize, double alpha, DecoderFactory factory, NDManager manager, int maxLength) {
    Integer[] order = new Integer[sources.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, java.util.Comparator.comparingInt(i -> sources.get(i).length));
    int[][] best = new int[sources.size()][];
    for (int from = 0; from < order.length; from += 100) {
        Integer[] chunk = Arrays.copyOfRange(order, from, Math.min(order.length, from + 100));
        int s = Arrays.stream(chunk).mapToInt(i -> Math.max(1, sources.get(i).length)).max().orElse(1);
        int[] flat = new int[chunk.length * s];
        int[] lengths = new int[chunk.length];
        for (int r = 0; r < chunk.length; r++) {
            int[] x = sources.get(chunk[r]).length == 0 ? new int[] {TranslationVocabulary.UNKNOWN} : sources.get(chunk[r]);
            System.arraycopy(x, 0, flat, r * s, x.length);
            lengths[r] = x.length;
        }
        try (NDManager scope = manager.newSubManager()) {
            BeamSearch.Decoder decoder = factory.open(NativeArrays.ints(scope, flat, new Shape(chunk.length, s)), lengths, scope);
            int limit = Math.min(maxLength, 3 * s / 2 + 5);
            BeamSearch.Settings settings = new BeamSearch.Settings(beamSize, limit, alpha, TranslationVocabulary.END);
            List<List<BeamSearch.Hypothesis>> found = BeamSearch.search(chunk.length, TranslationVocabulary.START, settings, decoder);
            for (int r = 0; r < chunk.length; r++) best[chunk[r]] = found.get(r).get(0).tokens();
            if (decoder instanceof AutoCloseable c) { try { c.close(); } catch (Exception e) { throw new RuntimeException(e); } }
        }
    }
    return Arrays.asList(best);
}

/** Corpus BLEU of the hypotheses (ids) against the lower-cased tokenised references of {@code pairs}. */
Bleu bleu(List<int[]> hypotheses, TranslationVocabulary vocabulary, List<Multi30k.TokenPair> pairs, boolean germanReferences) {
    List<String> hyp = hypotheses.stream().map(h -> String.join(" ", vocabulary.decode(h))).toList();
    List<String> ref = pairs.stream().map(p -> String.join(" ", germanReferences ? p.german() : p.english())).toList();
    return Bleu.corpus(hyp, ref);
}

DecoderFactory rnnDecoder(RnnTranslator model) {
    return (source, lengths, scope) -> model.decoder(rnnPs, model.encode(rnnPs, source, lengths, false), scope);
}
List<int[]> plainOut = translate(testEn, 1, 0, rnnDecoder(plainRnn), rnnManager);
List<int[]> attentionOut = translate(testEn, 1, 0, rnnDecoder(attentionRnn), rnnManager);
Bleu bleuPlain = bleu(plainOut, german, testPairs, true), bleuAttention = bleu(attentionOut, german, testPairs, true);
run.metric("bleu_rnn", bleuPlain.score());
run.metric("bleu_rnn_attention", bleuAttention.score());
System.out.println("test2016, English → German, greedy:\n  plain      " + bleuPlain + "\n  attention  " + bleuAttention);
for (int i : new int[] {0, 1}) {
    System.out.println("\nen:         " + String.join(" ", testPairs.get(i).english()) + "\nreference:  " + String.join(" ", testPairs.get(i).german())
            + "\nplain:      " + String.join(" ", german.decode(plainOut.get(i))) + "\nattention:  " + String.join(" ", german.decode(attentionOut.get(i))));
}
""")

md(r"""
BLEU (§9 builds it) counts the output's 1- to 4-word sequences that the reference also has, and the four numbers
after the score are those precisions. With the same encoder, the same steps and the same data, attention is the only
difference between the two rows. Both are far below bentrevett's 28 for a GRU with attention: that took ten GPU
passes over the data with a bigger model; ours had a couple of passes on a laptop.

## 4 · CoVe: the translator's encoder as a feature extractor

McCann et al. (2017) trained an attention translator English → German and kept its encoder, a two-layer BiLSTM they
called MT-LSTM. For a sentence $w$, $\mathrm{CoVe}(w) = \text{MT-LSTM}(\mathrm{GloVe}(w))$ — one vector per word,
shaped by its whole sentence, because translating a word well requires knowing its context. They fed
$[\mathrm{GloVe}(w) ; \mathrm{CoVe}(w)]$ to task models and gained over GloVe alone on sentiment, question
classification and entailment. ELMo (02) came a few months later with the same idea and a language model instead of
a translator.

Here the encoder is our attention translator's BiLSTM over English (its states are the `states` of
`RnnTranslator.encode`), and the task model is 02's tweet classifier (`MixClassifier`: a BiLSTM over the per-token
vectors, max-pooled). We compare $[\text{word2vec} ; \text{CoVe}]$ with word2vec alone. The seed article's CoVe row
is 72 %. Expect little: our translator read 29,000 photo captions, and "my flight was delayed again" is not a
caption — most tweet words are `<unk>` to it (printed below).
""")

code(r"""
Cove cc = config.cove();
List<Corpora.Document> w2vDocuments = Corpora.brownAndStateOfTheUnionDocuments(store);
if (cc.corpusTokens() > 0) {                               // tiny: the first documents only
    List<Corpora.Document> slice = new ArrayList<>();
    long n = 0;
    for (Corpora.Document d : w2vDocuments) {
        if (n >= cc.corpusTokens()) break;
        slice.add(d);
        n += d.tokenCount();
    }
    w2vDocuments = slice;
}
Path savedVectors = run.dir().getParent().resolve("01_word2vec").resolve("vectors_skipgram.txt");
WordVectors word2vec;
if (Files.exists(savedVectors)) {
    word2vec = WordVectorsFormat.read(savedVectors);
    System.out.println("read notebook 01's vectors: " + savedVectors);
} else {
    List<List<String>> sentences = Corpora.sentences(w2vDocuments);
    Vocabulary w2vVocabulary = Vocabulary.build(sentences, 5);
    word2vec = Word2Vec.train(w2vVocabulary.encode(sentences), w2vVocabulary, Word2Vec.Config.gensimSkipGram().withThreads(2)
            .withSeed(Seeds.of(config.seed(), "word2vec")), System.out::println).vectors();
    System.out.println("notebook 01 has not run in this profile: trained skip-gram here instead");
}
TweetTask tweets = TweetTask.load(store);
java.util.function.Function<String, List<String>> tweetWords = WordTokenizer::tokens;
double tweetUnknown = english.unknownRate(tweets.rows(TweetSplit.Split.TRAIN).stringColumn("text").asList().stream().map(tweetWords).toList());
System.out.println(String.format("word2vec: %,d words × %d; tweet words the translator's English vocabulary lacks: %.0f %%",
        word2vec.size(), word2vec.dimensions(), 100 * tweetUnknown));
run.metric("cove_tweet_unknown_rate", tweetUnknown);
""")

md(r"""
The CoVe encoder for `TokenFeatures`: a batch of tweets (right-padded word lists) → English ids → the BiLSTM's states
(B, T, 2H). The vectors are computed once per tweet, scaled per dimension with the training tweets' mean and deviation,
and the classifier reads them every epoch — the translator itself is frozen.
""")

code(r"""
TokenFeatures.Encoder coveEncoder = (batch, manager) -> {
    int t = batch.stream().mapToInt(List::size).max().orElse(1);
    int[] flat = new int[batch.size() * t];
    int[] lengths = new int[batch.size()];
    for (int r = 0; r < batch.size(); r++) {
        int[] x = english.encode(batch.get(r));
        System.arraycopy(x, 0, flat, r * t, x.length);
        lengths[r] = x.length;
    }
    NDArray states = attentionRnn.encode(rnnPs, NativeArrays.ints(manager, flat, new Shape(batch.size(), t)), lengths, false).states();
    return List.of(states);                                                      // one "layer" of (B, T, 2H)
};
int maxTweetTokens = 64;
NDManager featureManager = NDManager.newBaseManager();
record Inputs(TokenFeatures train, TokenFeatures valid, TokenFeatures test) {
    Inputs withWords(Inputs words) { return new Inputs(train.withWords(words.train()), valid.withWords(words.valid()), test.withWords(words.test())); }
}
Inputs inputs(TokenFeatures.Encoder encoder) {
    try (NDManager raw = featureManager.newSubManager()) {
        TokenFeatures[] parts = new TokenFeatures[3];
        TweetSplit.Split[] names = {TweetSplit.Split.TRAIN, TweetSplit.Split.VALID, TweetSplit.Split.TEST};
        for (int k = 0; k < 3; k++) {
            parts[k] = TokenFeatures.of(tweets, names[k], cc.tweetLimit(), tweetWords, maxTweetTokens, cc.tweetBatch(), encoder, raw);
        }
        TokenFeatures.Scaling scaling = TokenFeatures.Scaling.of(parts[0]);
        return new Inputs(parts[0].scaled(scaling, featureManager), parts[1].scaled(scaling, featureManager), parts[2].scaled(scaling, featureManager));
    }
}
Inputs w2vInputs = inputs(TokenFeatures.wordVectors(wd -> word2vec.vocabulary().contains(wd) ? word2vec.vector(wd) : null, word2vec.dimensions()));
Inputs coveInputs = inputs(coveEncoder).withWords(w2vInputs);
System.out.println(String.format("CoVe: %d per token, beside word2vec's %d; %,d training tweets", coveInputs.train().width(),
        coveInputs.train().wordWidth(), coveInputs.train().size()));
long tweetSeed = Seeds.of(config.seed(), "tweets");
MixClassifier.Fitted coveFit = MixClassifier.fit(coveInputs.train(), coveInputs.valid(), cc.tweets(), tweetSeed, featureManager);
MixClassifier.Fitted w2vFit = MixClassifier.fit(w2vInputs.train(), w2vInputs.valid(), cc.tweets(), tweetSeed, featureManager);
TweetPredictions covePredictions = coveFit.predict(coveInputs.test(), featureManager);
TweetPredictions w2vPredictions = w2vFit.predict(w2vInputs.test(), featureManager);
covePredictions.write(run);                                                      // runs/<profile>/04_transformer/tweets_predictions.csv (CoVe)
w2vPredictions.write(run.dir().resolve("tweets_predictions_word2vec.csv"));
Classification coveScores = covePredictions.classification(), w2vScores = w2vPredictions.classification();
run.metric("cove_tweets_accuracy", coveScores.accuracy());
run.metric("cove_tweets_macro_f1", coveScores.macroF1());
run.metric("word2vec_tweets_accuracy", w2vScores.accuracy());
System.out.println(String.format("%-22s %9s %9s%n%-22s %9.3f %9.3f%n%-22s %9.3f %9.3f%n%-22s %9s", "test tweets", "accuracy", "macro-F1",
        "word2vec + CoVe", coveScores.accuracy(), coveScores.macroF1(), "word2vec", w2vScores.accuracy(), w2vScores.macroF1(),
        "seed article, CoVe", "72 %"));
featureManager.close();
""")

md(r"""
Read the two rows beside each other, not beside the seed's 72 % (another split, another CoVe: McCann et al.'s encoder
read 7 million WMT sentence pairs). A difference of a point is inside the noise of one seed on 1,446 test tweets
(one standard error is about 1.1 points). What decides whether translation pretraining helps here is the overlap
printed above: a vector for `<unk>` carries only its context, and the captions' world of dogs, bicycles and blue
shirts has few of the tweets' words. Notebook 07 puts this row beside every other model of the course.
""")
# ---------------------------------------------------------------- §5 Transformer in the open
md(r"""
## 5 · The Transformer, part by part

> "The Transformer follows this overall architecture using stacked self-attention and point-wise, fully connected
> layers for both the encoder and decoder." — Vaswani et al. (2017), §3

The picture in words, bottom to top: source words → embedding × √d + positions → N encoder layers → memory;
target words shifted right → embedding × √d + positions → N decoder layers (each reading the memory) → a linear layer
and softmax over the target vocabulary.

That is `course.transformer.Transformer`. Each encoder layer is *self-attention → add & norm → feed-forward →
add & norm* (post-LN, as in the paper; GPT-2 in 06 moved the norm before each sub-layer). Each decoder layer adds a
second attention between the two: its queries come from the decoder, its keys and values from the encoder's output —
**cross-attention**, the Transformer's version of Bahdanau's $c_t$. Three pieces are new since 06; we build each by
hand and check it against the lib.

**Positions.** Attention is blind to order: permute the words and every output is permuted the same way. The paper
adds a fixed signal to each word vector (§3.5):

$$PE_{(pos, 2i)} = \sin\!\left(pos / 10000^{2i/d_{\text{model}}}\right), \qquad PE_{(pos, 2i+1)} = \cos\!\left(pos / 10000^{2i/d_{\text{model}}}\right)$$

— a sine and cosine per pair of dimensions, with wavelengths from $2\pi$ to $10000 \cdot 2\pi$. For any offset $k$,
$PE_{pos+k}$ is a fixed rotation of $PE_{pos}$ in every pair, so "three words back" looks the same everywhere.
""")

code(r"""
int peLength = 60, peDim = 64;
double[][] peByHand = new double[peLength][peDim];
for (int pos = 0; pos < peLength; pos++) {
    for (int i = 0; i < peDim / 2; i++) {
        double angle = pos / Math.pow(10000, 2.0 * i / peDim);
        peByHand[pos][2 * i] = Math.sin(angle);
        peByHand[pos][2 * i + 1] = Math.cos(angle);
    }
}
float[][] peLib = SinusoidalPositions.table(peLength, peDim);
double peGap = 0;
for (int pos = 0; pos < peLength; pos++) for (int d = 0; d < peDim; d++) peGap = Math.max(peGap, Math.abs(peByHand[pos][d] - peLib[pos][d]));
run.metric("positions_max_diff", peGap);
System.out.println(String.format("PE (%d positions × %d): largest |by hand − SinusoidalPositions| = %.1e", peLength, peDim, peGap));
List<Series> waves = new ArrayList<>();
for (int d : new int[] {4, 5, 6, 7, 16, 32}) {                       // two sine/cosine pairs with fast waves, two slower dimensions
    double[] y = new double[peLength];
    for (int pos = 0; pos < peLength; pos++) y[pos] = peByHand[pos][d];
    waves.add(Series.of("dimension " + d, y));
}
run.plot("positions", Charts.line("Sinusoidal positions: PE[pos, d] for six dimensions d (the Annotated Transformer's picture)", "position",
        "PE[pos, d]", waves))
""")

md(r"""
**Masks.** Attention takes a boolean mask, true where query $i$ may look at key $j$. Two kinds, combined by *and*:
a **padding** mask (key $j$ is a real token of its row — built from the rows' lengths, so no position ever attends to
`<pad>`), and in the decoder's self-attention a **causal** mask ($j \le i$: a position may not see the words it must
predict). Masked scores become $-\infty$ before the softmax, so their weights are exactly 0:

$$\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\!\left(\frac{Q K^\top}{\sqrt{d_k}} + M\right) V, \qquad M_{ij} = 0 \text{ or } -\infty$$

![One head of causal self-attention: masked scores, row softmax, weighted sum of the values — the decoder's self-attention, as in 06](img/causal_attention.png)

Below: one row of 5 positions of which 3 are real, both masks, and attention computed by hand against
`course.nn.Attention.scaledDotProduct`.
""")

code(r"""
NDManager demo = NDManager.newBaseManager();
Seeds.seedAll(Seeds.of(config.seed(), "demo"));
int T5 = 5, D8 = 8;
NDArray causal = Masks.causal(demo, T5);                                          // (T, T): j ≤ i
NDArray padding = Masks.padding(demo, new int[] {3}, T5);                          // (B, T): the first 3 are real
NDArray mask = Masks.forAttention(causal, padding);                                // (B, 1, T, T): both
System.out.println("causal (T, T) " + causal.getShape() + ", padding (B, T) " + padding.getShape() + " → attention mask " + mask.getShape());
NDArray q = demo.randomNormal(new Shape(1, 1, T5, D8)), k = demo.randomNormal(new Shape(1, 1, T5, D8)), v = demo.randomNormal(new Shape(1, 1, T5, D8));
NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(Math.sqrt(D8));             // (B, H, Tq, Tk)
NDArray masked = scores.add(mask.logicalNot().toType(scores.getDataType(), false).mul(-1e30f));   // −∞ in effect
NDArray weightsByHand = masked.sub(masked.max(new int[] {-1}, true)).exp();
weightsByHand = weightsByHand.div(weightsByHand.sum(new int[] {-1}, true));
Attention.Result lib = Attention.scaledDotProduct(q, k, v, mask);
double attentionGap = Math.max(weightsByHand.sub(lib.weights()).abs().max().getFloat(), weightsByHand.matMul(v).sub(lib.output()).abs().max().getFloat());
run.metric("attention_max_diff", attentionGap);
float[] w = lib.weights().toFloatArray();
for (int i = 0; i < T5; i++) {
    StringBuilder line = new StringBuilder("query " + i + ":");
    for (int j = 0; j < T5; j++) line.append(String.format("  %.3f", w[i * T5 + j]));
    System.out.println(line + (i >= 3 ? "   (a padding query: its output is ignored)" : ""));
}
System.out.println(String.format("largest |by hand − Attention.scaledDotProduct| (weights and outputs): %.1e", attentionGap));
""")

md(r"""
Row $i$ has weight only on keys $j \le \min(i, 2)$: nothing on the future, nothing on the two padding keys. The same
two properties, checked on the lib's whole model: change the target words *after* position 3 and the logits up to
position 3 must not move (causality); change what the *padding* of a source holds and the encoder's output at the
real positions must not move. Then its shapes, on a batch of two.
""")

code(r"""
TransformerConfig smallConfig = new TransformerConfig(20, 20, 16, 32, 4, 64, 2, 2, 0f, TranslationVocabulary.PAD, true);
Transformer small = new Transformer(smallConfig);
Seeds.initialize(small, demo, 1, new Shape(2, 6), new Shape(2, 7));
ParameterStore demoPs = new ParameterStore(demo, false);
NDArray src = demo.create(new int[] {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0, 0}, new Shape(2, 6));   // row 2 has 4 real tokens, then padding
int[] srcLengths = {6, 4};
NDArray tgtA = demo.create(new int[] {1, 5, 6, 7, 8, 9, 10, 1, 5, 6, 7, 8, 9, 10}, new Shape(2, 7));
NDArray tgtB = demo.create(new int[] {1, 5, 6, 7, 19, 18, 17, 1, 5, 6, 7, 19, 18, 17}, new Shape(2, 7));   // the same up to position 3
int[] tgtLengths = {7, 7};
Transformer.Encoded enc = small.encode(demoPs, src, srcLengths, Mode.INFERENCE);
NDArray logitsA = small.decode(demoPs, enc, tgtA, tgtLengths, Mode.INFERENCE).logits();
NDArray logitsB = small.decode(demoPs, enc, tgtB, tgtLengths, Mode.INFERENCE).logits();
double causalGap = logitsA.get(":, 0:4, :").sub(logitsB.get(":, 0:4, :")).abs().max().getFloat();
double laterGap = logitsA.get(":, 4:, :").sub(logitsB.get(":, 4:, :")).abs().max().getFloat();
NDArray srcOtherPadding = demo.create(new int[] {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 18, 19}, new Shape(2, 6));   // other ids in the padding
NDArray memoryOther = small.encode(demoPs, srcOtherPadding, srcLengths, Mode.INFERENCE).memory();
double paddingGap = enc.memory().get("1, 0:4, :").sub(memoryOther.get("1, 0:4, :")).abs().max().getFloat();
run.metric("causality_max_diff", Math.max(causalGap, paddingGap));
System.out.println("source " + src.getShape() + " → memory " + enc.memory().getShape() + "; target in " + tgtA.getShape() + " → logits " + logitsA.getShape());
System.out.println(String.format("logits at positions 0–3 when later targets change: max |Δ| = %.1e (at 4–6: %.2f, as it should)", causalGap, laterGap));
System.out.println(String.format("encoder output at real positions when only padding changes: max |Δ| = %.1e", paddingGap));
""")

md(r"""
### The copy task

The Annotated Transformer's first run: the target is the source. It needs nothing of language, only that attention
learns to point at the right source position — cross-attention must become a diagonal — so it shows in seconds
whether the model's plumbing works. Random sequences of 3 to `maxLength` ids, a small model, a warm-up then a cosine
decay (§6 says why warm-up), then greedy decoding of sequences it has never seen.
""")

code(r"""
Copy cp = config.copy();
Random copyRandom = new Random(Seeds.of(config.seed(), "copy/data"));
List<int[]> copySequences(int n) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
        int[] x = new int[3 + copyRandom.nextInt(cp.maxLength() - 2)];
        for (int j = 0; j < x.length; j++) x[j] = 4 + copyRandom.nextInt(cp.vocabulary() - 4);   // ids after the four specials
        out.add(x);
    }
    return out;
}
List<int[]> copyTrain = copySequences(cp.pairs()), copyTest = copySequences(200);
TranslationBatches copyBatches = new TranslationBatches(copyTrain, copyTrain, 40 * (cp.maxLength() + 1), cp.maxLength() + 1, Seeds.of(config.seed(), "copy/batches"));
TransformerConfig copyConfig = new TransformerConfig(cp.vocabulary(), cp.vocabulary(), cp.maxLength() + 2, cp.embedding(), 4, 2 * cp.embedding(),
        cp.layers(), cp.layers(), 0f, TranslationVocabulary.PAD, true);
Transformer copier = new Transformer(copyConfig);
Seeds.initialize(copier, demo, Seeds.of(config.seed(), "copy/init"), new Shape(2, 5), new Shape(2, 5));
LabelSmoothing copySmoothing = new LabelSmoothing(0.1f, TranslationVocabulary.PAD);
long copyStart = System.nanoTime();
int copyWarmup = Math.max(1, cp.steps() / 8);
History copyHistory = new TrainLoop(ParameterGroups.of(copier), new AdamW(AdamW.Settings.pytorch().withBeta2(0.98).withEpsilon(1e-9).withWeightDecay(0)),
        LearningRate.warmupCosine(2e-3, 1e-5, copyWarmup, cp.steps()),
        TrainLoop.Options.of(cp.steps(), Seeds.of(config.seed(), "copy/steps")))
        .with(ProgressLog.lines(3))
        .run(demo, (scope, s, random) -> {
            TranslationBatch b = copyBatches.batch(scope, s);
            NDArray logits = copier.logits(demoPs, b.source(), b.sourceLengths(), b.targetIn(), b.targetLengths(), Mode.TRAINING);
            return copySmoothing.klDivergence(logits, b.targetOut(), b.targetMask());
        });
DecoderFactory copyDecoder = (source, lengths, scope) -> copier.cachedDecoder(demoPs, copier.encode(demoPs, source, lengths, Mode.INFERENCE), scope);
List<int[]> copied = translate(copyTest, 1, 0, copyDecoder, demo, cp.maxLength() + 1);
int[] withoutEnd(int[] tokens) { return Arrays.stream(tokens).takeWhile(t -> t != TranslationVocabulary.END).toArray(); }
int exact = 0;
for (int i = 0; i < copyTest.size(); i++) if (Arrays.equals(withoutEnd(copied.get(i)), copyTest.get(i))) exact++;
double copyAccuracy = (double) exact / copyTest.size();
run.metric("copy_accuracy", copyAccuracy);
System.out.println(String.format("%d steps in %.0f s; unseen sequences copied exactly: %d of %d (%.1f %%)", cp.steps(),
        (System.nanoTime() - copyStart) / 1e9, exact, copyTest.size(), 100 * copyAccuracy));
for (int i = 0; i < 3; i++) System.out.println("  " + Arrays.toString(copyTest.get(i)) + " → " + Arrays.toString(withoutEnd(copied.get(i))));
""")

# ---------------------------------------------------------------- §6 label smoothing and Noam
md(r"""
## 6 · Two training tricks: label smoothing and warm-up

**Label smoothing** (Szegedy et al. 2016; the paper's §5.4, $\epsilon_{ls} = 0.1$). The one-hot target asks the model
to put probability 1 on one word, which it can only approach by growing its logits without bound. Smoothing trains
it instead towards

$$q = (1 - \epsilon)\,\text{one-hot}(y) + \epsilon\, u, \qquad u \text{ uniform over every word but } \texttt{<pad>}$$

which "hurts perplexity, as the model learns to be more unsure, but improves accuracy and BLEU score" (§5.4). The
loss is the cross-entropy $H(q, p) = -\sum_v q_v \log p_v$, or equally $\mathrm{KL}(q \,\|\, p) = H(q, p) - H(q)$ — the
same gradients, but KL is 0 at the optimum, which makes curves easier to read. Written naively, KL computes
$q_v \log q_v$, and at $q_v = 0$ (padding's entry) that is $0 \cdot (-\infty) = $ NaN in floating point — the bug
reported against the Annotated Transformer (its issues #38, #39, #109). `course.nn.LabelSmoothing` never forms
$\log q$: $H(q, p) = -(1-\epsilon)\log p_y - \frac{\epsilon}{K}\sum_{v \ne \text{pad}} \log p_v$, and $H(q)$ is a
constant. The cell checks both against the definition on a small vocabulary.
""")

code(r"""
int V6 = 6;
LabelSmoothing ls = new LabelSmoothing(0.1f, TranslationVocabulary.PAD);
double[] q6 = ls.softTarget(4, V6);
System.out.println("q for target 4 of V = 6 (id 0 is <pad>): " + Arrays.toString(Arrays.stream(q6).map(x -> Math.round(x * 1e4) / 1e4).toArray()));
NDArray logits6 = demo.randomNormal(new Shape(1, 3, V6)).mul(3);
NDArray targets6 = demo.create(new int[] {4, 2, 0}, new Shape(1, 3));                 // the last position is padding
NDArray mask6 = demo.create(new boolean[] {true, true, false}, new Shape(1, 3));
float[] lp = logits6.logSoftmax(-1).toFloatArray();
double byHand = 0;
int[] t6 = {4, 2};
for (int pos = 0; pos < 2; pos++) {
    double[] qp = ls.softTarget(t6[pos], V6);
    for (int vv = 0; vv < V6; vv++) byHand -= qp[vv] * lp[pos * V6 + vv];
}
byHand /= 2;
double libCe = ls.crossEntropy(logits6, targets6, mask6).getFloat();
double libKl = ls.klDivergence(logits6, targets6, mask6).getFloat();
double naiveKl = 0;
double[] qFirst = ls.softTarget(4, V6);
for (int vv = 0; vv < V6; vv++) naiveKl += qFirst[vv] * (Math.log(qFirst[vv]) - lp[vv]);
run.metric("label_smoothing_gap", Math.abs(byHand - libCe));
System.out.println(String.format("H(q, p) by hand %.6f, LabelSmoothing.crossEntropy %.6f; KL %.6f = H(q, p) − H(q) = %.6f",
        byHand, libCe, libKl, libCe - ls.entropy(V6)));
System.out.println("the naive Σ q (log q − log p) at position 0: " + naiveKl + "   ← 0 · log 0 is NaN");
""")

md(r"""
**Exercise 04-smoothing.** Write $q$ for one position: `vocabulary` classes, the true class `target`, smoothing
`epsilon`, and the padding id `padding`, which gets nothing. Every other class — the target included — gets its
share $\epsilon / (V - 1)$ of $u$; the target gets $1 - \epsilon$ on top.

| symbol | in the stub |
|---|---|
| $V$, $y$ | `vocabulary`, `target` |
| $\epsilon$ | `epsilon` |
| `<pad>` | `padding` |

The check compares with `LabelSmoothing.softTarget` for every target of three vocabularies.
""")

code(r"""
import course.exercise.SoftTargets;
import course.exercise.Exercise;

double[] softTargetByHand(int target, int vocabulary, double epsilon, int padding) {
    // your code here
    throw Exercise.notAttempted();
}

var smoothingCheck = SoftTargets.check((target, vocabulary, epsilon, padding) -> softTargetByHand(target, vocabulary, epsilon, padding));
""", exercise="04-smoothing")

md(r"""
**Warm-up** (§5.3, eq. 3; "Noam" after Noam Shazeer in the Annotated Transformer). Adam's early steps are large
relative to the curvature, and a post-LN Transformer diverges if its first steps are taken at full rate, so the rate
rises linearly for `warmup` steps, then decays as $1/\sqrt{\text{step}}$:

$$\eta = d_{\text{model}}^{-0.5} \cdot \min\!\left(\text{step}^{-0.5},\; \text{step} \cdot \text{warmup}^{-1.5}\right)$$

The paper trained 100,000 steps with warm-up 4,000. A run of a few hundred steps never reaches the long tail where
$1/\sqrt{\text{step}}$ pays off, so §7 keeps the warm-up and replaces the tail with a cosine decay to near zero
(the schedule of 06's GPT): the last steps then refine at a small rate instead of stopping at a high one. The plot
shows the paper's curves and §7's.
""")

code(r"""
List<Series> noamLines = new ArrayList<>();
int[][] noamCases = {{512, 4000}, {512, 8000}, {256, 4000}};
for (int[] c : noamCases) {
    Noam noam = new Noam(c[0], c[1], 1.0);
    double[] x = new double[200], y = new double[200];
    for (int i = 0; i < 200; i++) { x[i] = i * 100; y[i] = noam.at(i * 100); }
    noamLines.add(new Series("Noam d " + c[0] + ", warm-up " + c[1], x, y));
}
Mt mc = config.mt();
LearningRate mtSchedule = LearningRate.warmupCosine(mc.learningRate(), mc.learningRate() / 50, mc.warmup(), mc.steps());
run.plot("noam", Charts.line("The paper's Noam schedule over 20,000 steps", "step", "learning rate", noamLines));
double[] ours = new double[mc.steps()];
for (int s = 0; s < mc.steps(); s++) ours[s] = mtSchedule.at(s);
System.out.println(String.format("Noam peaks at step = warm-up: d 512, warm-up 4000 → %.2e. §7's schedule: %d steps, peak %.1e after %d, last %.1e",
        new Noam(512, 4000, 1).at(4000), mc.steps(), mc.learningRate(), mc.warmup(), ours[ours.length - 1]));
run.plot("mt_schedule", Charts.line("§7's schedule: linear warm-up, cosine decay", "step", "learning rate", List.of(Series.of("warm-up + cosine", ours))))
""")

md(r"""
**Exercise 04-noam.** Write eq. 3 for the 1-based `step`, with the Annotated Transformer's `factor` in front.

| symbol | in the stub |
|---|---|
| step | `step` (1, 2, …) |
| $d_{\text{model}}$ | `dModel` |
| warmup | `warmup` |
| factor | `factor` (the paper: 1) |

The check compares with `course.train.Noam` over three schedules.
""")

code(r"""
import course.exercise.NoamRate;
import course.exercise.Exercise;

double noamByHand(int step, int dModel, int warmup, double factor) {
    // your code here
    throw Exercise.notAttempted();
}

var noamCheck = NoamRate.check((step, dModel, warmup, factor) -> noamByHand(step, dModel, warmup, factor));
""", exercise="04-noam")
# ---------------------------------------------------------------- §7 training on Multi30k
md(r"""
## 7 · Training the Transformer on Multi30k, German → English

bentrevett's Multi30k model — $d_{\text{model}} = 256$, 8 heads, $d_{ff} = 512$, 3 + 3 layers, dropout 0.1 — with
the output layer tied to the English embedding (the paper's §3.4 shares these weights; it saves 1.5M parameters
here). Label-smoothed loss with $\epsilon = 0.1$ over the real target positions, Adam with the paper's
$\beta = (0.9, 0.98)$, $\epsilon = 10^{-9}$, gradients clipped at 1, §6's schedule. The orange curve is the
validation pairs' plain cross-entropy (no smoothing, dropout off), measured every `evalEvery` steps.

`./course bench transformer` times this very step against PyTorch 2.7.1 with the same weights, batches and dropout
masks (bench/transformer/README.md has the numbers).
""")

code(r"""
NDManager mtManager = NDManager.newBaseManager();
ParameterStore ps = new ParameterStore(mtManager, false);
TransformerConfig mtConfig = new TransformerConfig(german.size(), english.size(), MAX_POSITIONS, mc.embedding(), mc.heads(), mc.hidden(),
        mc.layers(), mc.layers(), mc.dropout(), TranslationVocabulary.PAD, mc.tieOutput());
Transformer model = new Transformer(mtConfig);
Seeds.initialize(model, mtManager, Seeds.of(config.seed(), "mt/init"), new Shape(2, 5), new Shape(2, 5));
TranslationBatches mtBatches = new TranslationBatches(trainDe, trainEn, mc.maxTokens(), MAX_POSITIONS, Seeds.of(config.seed(), "mt/batches"));
TranslationBatches validBatches = new TranslationBatches(validDe, validEn, mc.maxTokens(), MAX_POSITIONS, 0);
LabelSmoothing smoothing = new LabelSmoothing(mc.smoothing(), TranslationVocabulary.PAD);
System.out.println(String.format("%,d parameters; %,d batches per pass; %d steps = %.2f passes", parameters(model), mtBatches.batchesPerEpoch(),
        mc.steps(), (double) mc.steps() / mtBatches.batchesPerEpoch()));

/** Plain cross-entropy per real target word over the validation pairs, dropout off. */
double validationLoss(NDManager scope) {
    double total = 0;
    long words = 0;
    for (int[] pairs : validBatches.inLengthOrder()) {
        try (NDManager batchScope = scope.newSubManager()) {
            TranslationBatch b = validBatches.of(batchScope, pairs);
            NDArray logits = model.logits(ps, b.source(), b.sourceLengths(), b.targetIn(), b.targetLengths(), Mode.INFERENCE);
            total += Losses.crossEntropy(logits, b.targetOut(), b.targetMask()).getFloat() * b.targetTokens();
            words += b.targetTokens();
        }
    }
    return total / words;
}
double untrainedValid = validationLoss(mtManager);
System.out.println(String.format("untrained: validation loss %.2f nats per word (ln V_en = %.2f)", untrainedValid, Math.log(english.size())));
""")

code(r"""
/** What decides the Transformer's weights: a checkpoint written for other values is refused. */
record MtRun(Data data, Mt mt, long seed) {}
String mtPlot = display(Charts.placeholder("Transformer: waiting for the first steps"));
History mtHistory = new TrainLoop(ParameterGroups.of(model),
        new AdamW(AdamW.Settings.pytorch().withBeta1(0.9).withBeta2(0.98).withEpsilon(1e-9).withWeightDecay(0)), mtSchedule,
        TrainLoop.Options.of(mc.steps(), Seeds.of(config.seed(), "mt/steps")).withGradientClipping(mc.clipNorm()).withEvalEvery(mc.evalEvery()))
        .validatedBy(scope -> validationLoss(scope))
        .with(ProgressLog.lines(10), LivePlot.to(img -> updateDisplay(mtPlot, img)),
              Checkpoints.in(run.dir().resolve("transformer-checkpoints"), new MtRun(config.data(), mc, config.seed())).every(mc.evalEvery()))
        .run(mtManager, (scope, s, random) -> {
            TranslationBatch b = mtBatches.batch(scope, s);
            NDArray logits = model.logits(ps, b.source(), b.sourceLengths(), b.targetIn(), b.targetLengths(), Mode.TRAINING);   // (B, T, V_en)
            return smoothing.crossEntropy(logits, b.targetOut(), b.targetMask());
        });
double mtStepMs = mtHistory.medianStepMillis(5);
if (!Double.isNaN(mtStepMs)) run.metric("transformer_step_ms", mtStepMs);
double validLoss = validationLoss(mtManager);
run.metric("transformer_valid_ppl", Math.exp(validLoss));
System.out.println(String.format("%s; validation loss %.3f, perplexity %.1f",
        Double.isNaN(mtStepMs) ? "restored from its checkpoint" : String.format("%.0f ms per step (median)", mtStepMs), validLoss, Math.exp(validLoss)));
run.plot("mt_loss", Charts.loss("Transformer, German → English: training loss (smoothed) and validation loss (nats per word)",
        List.of(LossCurves.train(mtHistory, Math.max(1, mc.steps() / 40)), LossCurves.validation(mtHistory))))
""")

# ---------------------------------------------------------------- §8 decoding
md(r"""
## 8 · Decoding: greedy, beam search, sampling — and a KV cache

**Greedy** takes the single most probable word at each step. It can walk into a dead end: a first word that looks
best may leave only poor continuations. **Beam search** keeps the $k$ best prefixes of each sentence; at every step
each is extended by every word, and the $k$ best of the $k \cdot V$ extensions survive. A hypothesis ends when it
emits `</s>`; the search stops when no live prefix can beat the finished ones. Summed log-probabilities favour short
output (every word adds a negative number), so finished hypotheses are ranked by GNMT's length penalty (Wu et al.
2016, eq. 14):

$$\text{score}(y) = \frac{\log p(y \mid x)}{lp(y)}, \qquad lp(y) = \frac{(5 + |y|)^\alpha}{(5 + 1)^\alpha}$$

$\alpha = 0$ is the raw sum; the cell prints sentence 1's whole **n-best list** with both numbers.

**Sampling** draws the next word instead of taking the best: *top-k* from the $k$ most probable, *top-p* (nucleus)
from the smallest set whose mass reaches $p$ (`course.decode.Samplers`, 06's sampler). Translation wants the most
probable sentence, so sampling is for seeing what else the model considers possible — and for generation (06), where
greedy text repeats itself.
""")

code(r"""
Decoding dec = config.decoding();
DecoderFactory cached = (source, lengths, scope) -> model.cachedDecoder(ps, model.encode(ps, source, lengths, Mode.INFERENCE), scope);
DecoderFactory recomputing = (source, lengths, scope) -> model.recomputingDecoder(ps, model.encode(ps, source, lengths, Mode.INFERENCE), scope);
int shown = 0;
List<BeamSearch.Hypothesis> nBest;
try (NDManager scope = mtManager.newSubManager()) {
    int[] x = testDe.get(shown);
    Transformer.Encoded e = model.encode(ps, NativeArrays.ints(scope, x, new Shape(1, x.length)), new int[] {x.length}, Mode.INFERENCE);
    try (Transformer.CachedDecoder d = model.cachedDecoder(ps, e, scope)) {
        nBest = BeamSearch.search(1, TranslationVocabulary.START, new BeamSearch.Settings(dec.beamSize(), dec.maxLength(), dec.lengthAlpha(),
                TranslationVocabulary.END), d).get(0);
    }
}
System.out.println("de:        " + String.join(" ", testPairs.get(shown).german()) + "\nreference: " + String.join(" ", testPairs.get(shown).english()));
System.out.println("n-best list, beam " + dec.beamSize() + ", α " + dec.lengthAlpha() + ":");
for (BeamSearch.Hypothesis h : nBest) {
    System.out.println(String.format("  score %7.3f  log p %7.3f  %s", h.score(), h.logProbability(), String.join(" ", english.decode(h.tokens()))));
}
""")

code(r"""
/** One sampled translation of test sentence {@code index}: each next word drawn from the filtered distribution. */
String sample(int index, int topK, double topP, Random random) {
    try (NDManager scope = mtManager.newSubManager()) {
        int[] x = testDe.get(index);
        Transformer.Encoded e = model.encode(ps, NativeArrays.ints(scope, x, new Shape(1, x.length)), new int[] {x.length}, Mode.INFERENCE);
        List<Integer> words = new ArrayList<>();
        try (Transformer.CachedDecoder d = model.cachedDecoder(ps, e, scope)) {
            int last = TranslationVocabulary.START;
            for (int t = 0; t < dec.maxLength(); t++) {
                float[] logP = d.next(new int[] {0}, new int[] {last})[0];                  // log-probabilities work as logits
                last = Samplers.sample(logP, 1.0, topK, topP, random);
                if (last == TranslationVocabulary.END) break;
                words.add(last);
            }
        }
        return String.join(" ", english.decode(words.stream().mapToInt(Integer::intValue).toArray()));
    }
}
Random sampling = new Random(Seeds.of(config.seed(), "sampling"));
for (int i = 0; i < 3; i++) System.out.println("top-k " + dec.topK() + ":   " + sample(shown, dec.topK(), 1.0, sampling));
for (int i = 0; i < 3; i++) System.out.println("top-p " + dec.topP() + ":  " + sample(shown, 0, dec.topP(), sampling));
""")

md(r"""
**The KV cache.** At output step $t$ the decoder's self-attention needs the keys and values of positions $1 \dots t$.
Recomputing the whole prefix at every step costs $O(t)$ work per layer for step $t$, $O(T^2)$ for the sentence. But
the keys and values of earlier positions never change — the causal mask guarantees it — so a cache can keep them and
each step computes only the newest position's: $O(T)$ in all. The cross-attention's keys and values come from the
encoder's output, which is fixed for the whole search: they are projected once. With beam search the cache's rows are
reordered every step by each surviving beam's parent (`KvCache.selectRows`). The two decoders must produce *the same*
translations; the cell checks that and times both (greedy, `cacheSentences` test sentences, after a warm-up).
""")

code(r"""
List<int[]> cacheSources = testDe.subList(0, Math.min(dec.cacheSentences(), testDe.size()));
translate(cacheSources.subList(0, Math.min(10, cacheSources.size())), 1, 0, recomputing, mtManager);   // warm-up
translate(cacheSources.subList(0, Math.min(10, cacheSources.size())), 1, 0, cached, mtManager);
long t0 = System.nanoTime();
List<int[]> byRecomputing = translate(cacheSources, 1, 0, recomputing, mtManager);
long t1 = System.nanoTime();
List<int[]> byCache = translate(cacheSources, 1, 0, cached, mtManager);
long t2 = System.nanoTime();
int same = 0;
for (int i = 0; i < cacheSources.size(); i++) if (Arrays.equals(byRecomputing.get(i), byCache.get(i))) same++;
double speedup = (double) (t1 - t0) / (t2 - t1);
long words = byCache.stream().mapToLong(h -> h.length + 1).sum();
run.metric("kv_cache_identical", (double) same / cacheSources.size());
run.metric("kv_cache_speedup", speedup);
System.out.println(String.format("%d sentences, %,d words written: recomputing %.2f s, KV cache %.2f s → %.1f× faster (%.0f words/s); identical: %d of %d",
        cacheSources.size(), words, (t1 - t0) / 1e9, (t2 - t1) / 1e9, speedup, words / ((t2 - t1) / 1e9), same, cacheSources.size()));
""")

# ---------------------------------------------------------------- §9 BLEU
md(r"""
## 9 · BLEU

BLEU (Papineni et al. 2002) compares the output with a reference translation by counting shared word sequences. For
$n = 1 \dots 4$, $p_n$ is the share of the output's $n$-grams that also occur in the reference — each counted at most
as often as the reference has it ("clipped"), summed over the whole test set before dividing. Precision alone rewards
saying little, so a **brevity penalty** punishes output shorter than the references in total:

$$\text{BLEU} = 100 \cdot BP \cdot \exp\!\Big(\tfrac14 \sum_{n=1}^{4} \log p_n\Big), \qquad
BP = \begin{cases} 1 & c > r \\ e^{\,1 - r/c} & c \le r \end{cases}$$

with $c$ the output's length and $r$ the references' (in words, over the corpus). Every detail changes the number —
tokenisation above all — which is why Post (2018) wrote sacreBLEU and why papers quote "sacreBLEU" scores.
`course.eval.Bleu` is its computation (13a tokenisation, exponential smoothing for empty n-gram orders);
`./course bench bleu` checks it against `sacrebleu` itself on 292 corpora and 18,000 sentences: identical to 1e-14.
The cell below also writes this run's translations to `runs/<profile>/04_transformer/translations_greedy.en.txt`
(and `_beam`); `BENCH_BLEU_HYPOTHESES=runs/workshop/04_transformer/translations_greedy.en.txt ./course bench bleu`
scores them with both (against the raw references — the bench's setting — so that number is lower than §9's).
""")

md(r"""
**Exercise 04-brevity.** Write $BP$ for a corpus of output length `hypothesisLength` ($c$) and reference length
`referenceLength` ($r$). An empty output ($c = 0$) gets 0.

The check compares with the penalty `course.eval.Bleu.corpus` reports.
""")

code(r"""
import course.exercise.BrevityPenalty;
import course.exercise.Exercise;

double brevityByHand(int hypothesisLength, int referenceLength) {
    // your code here
    throw Exercise.notAttempted();
}

var brevityCheck = BrevityPenalty.check((c, r) -> brevityByHand(c, r));
""", exercise="04-brevity")

md(r"""
Now every decoder on all of test2016: greedy and beam search for the Transformer, greedy for the two RNN translators
of §3 (which translate the other way, English → German — German has longer words and freer order, and its BLEU is
usually a few points lower than the reverse direction's on this data).
""")

code(r"""
long greedyStart = System.nanoTime();
List<int[]> greedyOut = translate(testDe, 1, 0, cached, mtManager);
double greedySeconds = (System.nanoTime() - greedyStart) / 1e9;
long beamStart = System.nanoTime();
List<int[]> beamOut = translate(testDe, dec.beamSize(), dec.lengthAlpha(), cached, mtManager);
double beamSeconds = (System.nanoTime() - beamStart) / 1e9;
Bleu bleuGreedy = bleu(greedyOut, english, testPairs, false), bleuBeam = bleu(beamOut, english, testPairs, false);
run.metric("bleu_greedy", bleuGreedy.score());
run.metric("bleu_beam", bleuBeam.score());
run.metric("beam_minus_greedy", bleuBeam.score() - bleuGreedy.score());
for (String kind : List.of("greedy", "beam")) {                 // one translation per line, for BENCH_BLEU_HYPOTHESES=… ./course bench bleu
    List<int[]> out = kind.equals("greedy") ? greedyOut : beamOut;
    StringBuilder text = new StringBuilder();
    for (int[] h : out) text.append(String.join(" ", english.decode(h))).append('\n');
    course.env.AtomicFile.writeString(run.dir().resolve("translations_" + kind + ".en.txt"), text.toString());
}
System.out.println(String.format("%-36s %-11s %6s %s", "model, decoder", "direction", "BLEU", "  (1- to 4-gram precisions, brevity penalty, seconds)"));
System.out.println(String.format("%-36s %-11s %6.2f   %s, %.1f s", "Transformer, greedy", "de → en", bleuGreedy.score(), bleuGreedy, greedySeconds));
System.out.println(String.format("%-36s %-11s %6.2f   %s, %.1f s", "Transformer, beam " + dec.beamSize() + ", α " + dec.lengthAlpha(), "de → en",
        bleuBeam.score(), bleuBeam, beamSeconds));
System.out.println(String.format("%-36s %-11s %6.2f   %s", "RNN + attention, greedy", "en → de", bleuAttention.score(), bleuAttention));
System.out.println(String.format("%-36s %-11s %6.2f   %s", "RNN, plain, greedy", "en → de", bleuPlain.score(), bleuPlain));
System.out.println(String.format("%-36s %-11s %6s", "bentrevett's Transformer (10 GPU epochs)", "de → en", "36.5"));
run.plot("bleu", Charts.horizontalBars("test2016 BLEU (lower-cased, tokenised references)", "BLEU",
        List.of("Transformer, beam " + dec.beamSize(), "Transformer, greedy", "RNN + attention (en → de)", "RNN, plain (en → de)"),
        List.of(bleuBeam.score(), bleuGreedy.score(), bleuAttention.score(), bleuPlain.score())))
""")

md(r"""
A few test sentences with the reference and both decoders. Where greedy and beam agree — most sentences, for a model
this sure of itself — beam search changes nothing; the sentences where they differ are where it earns or loses its
points. bentrevett reports the same for his Transformer (beam 5 adds about nothing; his issue #141), while RNN
translators gain 1–2 BLEU from a beam.
""")

code(r"""
int differ = 0;
for (int i = 0; i < testDe.size(); i++) if (!Arrays.equals(greedyOut.get(i), beamOut.get(i))) differ++;
System.out.println(String.format("beam and greedy differ on %d of %d sentences%n", differ, testDe.size()));
int printed = 0;
for (int i = 0; i < testDe.size() && printed < 4; i++) {
    boolean differs = !Arrays.equals(greedyOut.get(i), beamOut.get(i));
    if (i > 1 && !differs) continue;                        // the first two, then sentences where the decoders disagree
    printed++;
    System.out.println("de:        " + testRaw.get(i).german() + "\nreference: " + testRaw.get(i).english()
            + "\ngreedy:    " + String.join(" ", english.decode(greedyOut.get(i))) + "\nbeam:      " + String.join(" ", english.decode(beamOut.get(i)))
            + String.format("%nsentence BLEU: greedy %.1f, beam %.1f%n", Bleu.sentence(String.join(" ", english.decode(greedyOut.get(i))),
                    String.join(" ", testPairs.get(i).english())).score(), Bleu.sentence(String.join(" ", english.decode(beamOut.get(i))),
                    String.join(" ", testPairs.get(i).english())).score()));
}
""")

# ---------------------------------------------------------------- §10 heatmaps
md(r"""
## 10 · What the heads look at

In `Mode.INSPECTION` the model returns every layer's attention weights. For one test sentence and the model's own
translation: the encoder's self-attention, the decoder's causal self-attention (a lower triangle, by construction),
and cross-attention — row $t$ is where output word $t$ looked in the German sentence while being written. Each map is
the last layer's heads averaged; a sharp cross-attention near the diagonal means the model has learned an alignment,
with the jumps where German word order differs from English.
""")

code(r"""
int pick = 0;
for (int i = 0; i < testDe.size(); i++) if (testDe.get(i).length >= 8 && testDe.get(i).length <= 12) { pick = i; break; }
int[] srcIds = testDe.get(pick), outIds = withoutEnd(greedyOut.get(pick));
int[] targetIn = new int[outIds.length + 1];
targetIn[0] = TranslationVocabulary.START;
System.arraycopy(outIds, 0, targetIn, 1, outIds.length);
List<String> srcWords = german.decode(srcIds), inWords = new ArrayList<>(List.of("<s>"));
inWords.addAll(english.decode(outIds));
List<String> outWords = new ArrayList<>(english.decode(outIds));
outWords.add("</s>");
double[][] headMean(NDArray weights) {                                                // (1, H, Tq, Tk) → (Tq, Tk)
    NDArray m = weights.mean(new int[] {1}).squeeze(0);
    int tq = (int) m.getShape().get(0), tk = (int) m.getShape().get(1);
    float[] f = m.toFloatArray();
    double[][] out = new double[tq][tk];
    for (int i = 0; i < tq; i++) for (int j = 0; j < tk; j++) out[i][j] = f[i * tk + j];
    return out;
}
double[][] encoderMap, decoderMap, crossMap;
try (NDManager scope = mtManager.newSubManager()) {
    Transformer.Encoded e = model.encode(ps, NativeArrays.ints(scope, srcIds, new Shape(1, srcIds.length)), new int[] {srcIds.length}, Mode.INSPECTION);
    Transformer.Decoded d = model.decode(ps, e, NativeArrays.ints(scope, targetIn, new Shape(1, targetIn.length)), new int[] {targetIn.length}, Mode.INSPECTION);
    encoderMap = headMean(e.attention().get(mtConfig.encoderLayers() - 1));                  // (S, S)
    decoderMap = headMean(d.selfAttention().get(mtConfig.decoderLayers() - 1));              // (T, T)
    crossMap = headMean(d.crossAttention().get(mtConfig.decoderLayers() - 1));               // (T, S)
}
System.out.println("de: " + String.join(" ", srcWords) + "\nen: " + String.join(" ", english.decode(outIds)));
""")

code(r"""
display(run.plot("attention_encoder", Charts.heatmap("Encoder self-attention, last layer, heads averaged", "German word (query)", "German word (key)",
        encoderMap, srcWords, srcWords)));
display(run.plot("attention_decoder", Charts.heatmap("Decoder causal self-attention, last layer", "input position (query)", "input position (key)",
        decoderMap, inWords, inWords)));
run.plot("attention_cross", Charts.heatmap("Cross-attention, last layer: output word → German word", "predicting", "German word",
        crossMap, outWords, srcWords))
""")

md(r"""
## What the numbers say

The closing cell prints each target and whether this run met it. The copy task, §5's causality and padding checks and
§8's KV-cache check say that the model's plumbing, its masks and its incremental decoding are exact. The BLEU targets
are another matter, and on two CPU cores the workshop does not reach them:

- **The Transformer.** One training step of this 7.5M-parameter model on ~2,000 tokens takes about a second here
  (PyTorch takes as long: `./course bench transformer`), so the workshop's budget holds one and a half passes over
  Multi30k. A Transformer's BLEU on Multi30k climbs steeply over its first passes: trials on this machine
  (2026-12-03, this notebook's model and schedule) gave test BLEU 10.8 after 1.4 passes and 13.2 after 1.6 (the
  workshop preset; validation perplexity 22.7), and 11.6 after two passes of 4,000-token batches (half as many
  steps); bentrevett's 36.5 took ten passes, and PyTorch on these cores with his recipe is at 21.7 after four (ten
  minutes). BLEU ≥ 25 needs several passes more — the `full` profile's ten, or
  `COURSE_OVERRIDES=mt.steps=1100,mt.evalEvery=220 ./course run 04` (about twenty minutes of training here).
- **The RNN translators** get a third of a pass each: enough to learn that German captions start with "ein mann in
  einem", not enough for attention to matter, so the two rows are a tie at a BLEU of about 2. Attention starts to pay
  once the decoder has learned a language model of German and needs the source to go on — bentrevett's GRU with
  attention reaches 28 after ten passes. Try `COURSE_OVERRIDES=rnn.steps=600` (about fifteen minutes each).
- **Beam search vs greedy**: with a model this unsure, beam search prefers short, safe sentences (see the brevity
  penalty it pays above); the length penalty's $\alpha$ trades that off, and with a well-trained model the two
  decoders agree on most sentences.
""")

code(r"""
double minutes = (System.nanoTime() - notebookStart) / 6e10;
run.metric("notebook_minutes", minutes);
System.out.println(String.format("copy task: %.1f %% (target 100 %%): %s", 100 * copyAccuracy, copyAccuracy == 1.0 ? "met" : "NOT met"));
System.out.println(String.format("Transformer test BLEU, greedy %.2f / beam %.2f (target ≥ 25): %s", bleuGreedy.score(), bleuBeam.score(),
        Math.max(bleuGreedy.score(), bleuBeam.score()) >= 25 ? "met" : "NOT met"));
System.out.println(String.format("beam ≥ greedy − 0.3: %+.2f — %s", bleuBeam.score() - bleuGreedy.score(), bleuBeam.score() >= bleuGreedy.score() - 0.3 ? "met" : "NOT met"));
System.out.println(String.format("attention RNN %.2f > plain RNN %.2f: %s", bleuAttention.score(), bleuPlain.score(),
        bleuAttention.score() > bleuPlain.score() ? "met" : "NOT met"));
System.out.println(String.format("KV cache: identical translations %s, %.1f× faster", same == cacheSources.size() ? "yes" : "NO", speedup));
System.out.println(String.format("this notebook's cells took %.1f min in profile %s (workshop target ≤ 15)", minutes, profile.id()));
demo.close();
rnnManager.close();
mtManager.close();
run.finish()
""")

md(r"""
## What broke? What to try

- **The loss is NaN or jumps up after the warm-up** — the peak rate is too high for a post-LN Transformer: lower
  `mt.learningRate` or lengthen `mt.warmup`; keep `mt.clipNorm` at 1.
- **The copy task stays below 100 %** — too few `copy.steps`, or a warm-up so long the rate never gets high enough;
  if it fails completely, something in the masks or the shift by one between decoder input and target is wrong (§5's
  checks should have said so).
- **BLEU near 0 with a falling loss** — the output is scored against the wrong side (de vs en), or the hypotheses
  still hold `<unk>`/`</s>` ids: `TranslationVocabulary.decode` stops at `</s>` and drops the specials.
- **Beam search worse than greedy** — a length penalty too weak for the model: with $\alpha = 0$ beams prefer short
  output and the brevity penalty punishes it; try `decoding.lengthAlpha=1.0`.
- **"Not resuming: … does not belong to this run"** — a checkpoint folder under `runs/<profile>/04_transformer/`
  came from another config or build; it is set aside and that model trains afresh.
- **Out of memory** — the (B, T, V) logits are the biggest array: lower `mt.maxTokens` (and `rnn.maxTokens`).
- **A cell re-run out of order fails with "manager closed"** — the closing cell closes every manager; re-run from the
  top.
- **Knobs worth turning**: `mt.steps` (the biggest lever: BLEU is still rising when the workshop stops),
  `mt.layers`, `mt.embedding` / `mt.hidden`, `decoding.beamSize`, `decoding.lengthAlpha`, `rnn.steps`.

## Further reading

- Vaswani et al. (2017), *Attention Is All You Need* — the paper; §3 the model, §5.3 the schedule, §5.4 label
  smoothing. https://arxiv.org/abs/1706.03762
- Alexander Rush et al., *The Annotated Transformer* (Harvard NLP, 2018/2022) — the paper line by line with code.
  https://nlp.seas.harvard.edu/annotated-transformer/
- Jay Alammar, *The Illustrated Transformer* and *Visualizing A Neural Machine Translation Model*.
  https://jalammar.github.io/illustrated-transformer/
- Bahdanau, Cho & Bengio (2015), *Neural Machine Translation by Jointly Learning to Align and Translate*.
  https://arxiv.org/abs/1409.0473
- McCann et al. (2017), *Learned in Translation: Contextualized Word Vectors* (CoVe). https://arxiv.org/abs/1708.00107
- Ben Trevett, *pytorch-seq2seq* tutorials — the RNN, attention and Transformer translators on Multi30k this notebook
  compares with. https://github.com/bentrevett/pytorch-seq2seq
- Matt Post (2018), *A Call for Clarity in Reporting BLEU Scores* (sacreBLEU). https://arxiv.org/abs/1804.08771
- Wu et al. (2016), *Google's Neural Machine Translation System* — beam search's length penalty.
  https://arxiv.org/abs/1609.08144
- Holtzman et al. (2020), *The Curious Case of Neural Text Degeneration* — top-p sampling.
  https://arxiv.org/abs/1904.09751
""")

notebook.write()
