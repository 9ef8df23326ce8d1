package course.elmo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import course.nn.NativeArrays;
import java.util.List;

/**
 * A frozen biLM's representations of whole texts (tweets), pooled per layer: for each layer j, [mean; max] of its
 * vectors over the text's real tokens, a (4H)-wide vector. The scalar mix is then applied to the pooled layers; for
 * the mean half that is exactly the pooled mix (a mean of weighted sums is the weighted sum of means), for the max
 * half an approximation — it lets the features be computed once instead of running the biLM every epoch.
 */
public final class ElmoFeatures {

    private ElmoFeatures() {}

    /** {@code [text][layer][4H]} for every text, {@code batchSize} texts per forward pass, each in its own sub-manager. */
    public static float[][][] pooled(BiLm model, ParameterStore ps, LmText text, List<List<String>> texts, NDManager scope, int batchSize) {
        int layers = model.config().layers() + 1;
        int width = 2 * model.config().hidden();
        float[][][] out = new float[texts.size()][layers][2 * width];
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<List<String>> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
            try (NDManager m = scope.newSubManager()) {
                NDArray ids = text.sentenceCharacters(m, batch);                                // (B, T, L)
                int t = (int) ids.getShape().get(1);
                int[] lengths = batch.stream().mapToInt(List::size).toArray();
                float[] real = new float[batch.size() * t];
                for (int b = 0; b < batch.size(); b++) {
                    for (int i = 0; i < lengths[b]; i++) {
                        real[b * t + i] = 1;
                    }
                }
                NDArray mask = NativeArrays.floats(m, real, new Shape(batch.size(), t, 1));      // 1 on real tokens
                NDArray count = mask.sum(new int[] {1});                                         // (B, 1)
                NDArray padding = mask.sub(1).mul(1e9f);                                         // 0 on real, −1e9 on padding
                List<NDArray> representations = model.layers(ps, ids, lengths);
                for (int j = 0; j < layers; j++) {
                    NDArray h = representations.get(j);                                          // (B, T, 2H)
                    NDArray mean = h.mul(mask).sum(new int[] {1}).div(count);                    // (B, 2H)
                    NDArray max = h.add(padding).max(new int[] {1});                             // (B, 2H)
                    float[] pooled = mean.concat(max, 1).toFloatArray();                         // (B, 4H)
                    for (int b = 0; b < batch.size(); b++) {
                        System.arraycopy(pooled, b * 2 * width, out[from + b][j], 0, 2 * width);
                    }
                }
            }
        }
        return out;
    }
}
