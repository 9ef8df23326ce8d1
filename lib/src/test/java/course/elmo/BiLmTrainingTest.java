package course.elmo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.batch.DocumentStreams;
import course.text.Corpora;
import course.train.AdamW;
import course.train.LearningRate;
import course.train.Seeds;
import course.train.TrainLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BiLmTrainingTest {

    private static List<Corpora.Document> documents() {
        List<Corpora.Document> docs = new ArrayList<>();
        String[][] texts = {{"the", "cat", "sat", "on", "the", "mat"}, {"a", "dog", "ate", "the", "bone"}, {"the", "cat", "ate", "a", "fish"}};
        for (int d = 0; d < texts.length; d++) {
            docs.add(new Corpora.Document("doc" + d, List.of(List.of(texts[d]), List.of(texts[(d + 1) % 3]))));
        }
        return docs;
    }

    @Test
    void trainingBothDirectionsOverDocumentStreamsLowersBothPerplexities() {
        Seeds.seedAll(21);
        List<Corpora.Document> docs = documents();
        BiLmConfig config = new BiLmConfig(new CharCnnConfig(8, List.of(new CharCnnConfig.Filter(1, 8), new CharCnnConfig.Filter(2, 8)), 1, 16, 8),
                16, 2, 14, 0f);
        LmText text = LmText.fromTraining(docs, config.vocabSize(), new CharacterIds(8));
        DocumentStreams forward = DocumentStreams.of(text.encode(docs, false), 2, 4, text.paddingType());
        DocumentStreams backward = DocumentStreams.of(text.encode(docs, true), 2, 4, text.paddingType());
        try (NDManager m = NDManager.newBaseManager()) {
            BiLm lm = new BiLm(config.withVocabSize(text.vocabSize()));
            lm.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8));
            ParameterStore ps = new ParameterStore(m, false);
            Perplexity before = Perplexity.of(lm, ps, text, forward, true, m, 0);
            assertEquals(text.vocabSize(), before.perplexity(), 0.25 * text.vocabSize(), "untrained: about the vocabulary size");
            assertEquals(forward.targetCount(), before.targets(), "every target scored exactly once");
            try (BiLmTraining step = new BiLmTraining(lm, ps, text, forward, backward, m)) {
                new TrainLoop(lm, AdamW.withWeightDecay(0), LearningRate.constant(0.01), new TrainLoop.Options(40 * step.windowsPerEpoch(), 1, 10_000, 1.0))
                        .run(m, step);
                assertTrue(step.lastForwardLoss() < 1.0 && step.lastBackwardLoss() < 1.0,
                        "losses " + step.lastForwardLoss() + ", " + step.lastBackwardLoss());
            }
            double f = Perplexity.of(lm, ps, text, forward, true, m, 0).perplexity();
            double b = Perplexity.of(lm, ps, text, backward, false, m, 0).perplexity();
            assertTrue(f < 2.5 && b < 2.5, "perplexities after training " + f + ", " + b);
        }
    }
}
