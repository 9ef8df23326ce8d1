package course.tweets;

import ai.djl.ndarray.NDArray;
import course.batch.ClassificationBatch;

/** Any chapter's tweet classifier, as evaluation sees it: a batch in, (B, 3) logits out (in the batch's manager). */
@FunctionalInterface
public interface TweetClassifier {

    /** Logits (B, 3) in label order negative, neutral, positive, for inference (no dropout). */
    NDArray logits(ClassificationBatch batch);
}
