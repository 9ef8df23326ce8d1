package course.elmo;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import course.tweets.TokenFeatures;
import java.util.List;

/**
 * ELMo's representations of a text as frozen features for a task: every token's L + 1 layers (the character
 * encoder's vector and each LSTM layer's, both directions side by side, 2H wide), computed by the trained biLM
 * without dropout or gradients. The task model mixes them itself ({@link ScalarMix}, inside {@link MixClassifier}).
 */
public final class ElmoFeatures {

    private ElmoFeatures() {}

    /** An encoder for {@link TokenFeatures#of}: a batch of right-padded word lists → L + 1 arrays (B, T, 2H). */
    public static TokenFeatures.Encoder tokens(BiLm model, ParameterStore ps, LmText text) {
        return (tweets, manager) -> {
            NDArray ids = text.sentenceCharacters(manager, tweets);                   // (B, T, characters)
            int[] lengths = tweets.stream().mapToInt(List::size).toArray();
            return model.layers(ps, ids, lengths);
        };
    }
}
