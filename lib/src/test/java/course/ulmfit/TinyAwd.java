package course.ulmfit;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import course.text.Corpora;
import course.train.Seeds;
import java.util.ArrayList;
import java.util.List;

/** Shared fixtures: a tiny corpus, its vocabulary and tiny AWD-LSTMs. */
final class TinyAwd {

    private TinyAwd() {}

    /** Three short documents of two sentences each: a text a tiny LM can learn by heart. */
    static List<Corpora.Document> documents() {
        String[][] texts = {{"the", "cat", "sat", "on", "the", "mat"}, {"a", "dog", "ate", "the", "bone"}, {"the", "bird", "sang", "a", "song"}};
        List<Corpora.Document> docs = new ArrayList<>();
        for (int d = 0; d < texts.length; d++) {
            docs.add(new Corpora.Document("doc" + d, List.of(List.of(texts[d]), List.of(texts[(d + 1) % 3]))));
        }
        return docs;
    }

    static LmVocabulary vocabulary() {
        return LmVocabulary.fromTraining(Corpora.sentences(documents()), 100, 1);
    }

    /** 3 layers, embedding 6, hidden 8, no regularisation: deterministic. */
    static AwdLstmConfig config(int vocabSize) {
        return new AwdLstmConfig(vocabSize, 6, 8, 3, 0, 0, 0, 0, 0, ActivationRegularization.none());
    }

    static AwdLstm model(AwdLstmConfig config, NDManager manager, long seed) {
        Seeds.seedAll(seed);
        AwdLstm model = new AwdLstm(config);
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
        return model;
    }
}
