/**
 * The downstream task every chapter from 02 on ends with, and notebook 07 compares: classifying the airline tweets
 * as negative, neutral or positive, on the course's one split. Each chapter brings its own tokenizer and model; this
 * package is everything around them, so every chapter's number means the same thing.
 *
 * <pre>
 *   the tweets and the split     TweetTask         Tweets (de-duplicated) + TweetSplit (80/10/10, committed)
 *                                                  rows(split), LABELS (class index = Tweets.Label.ordinal())
 *   encoding, tokenizer-agnostic TweetTask.encode  a course.text.Tokenizer or any String → int[] function
 *                                EncodedTweet      tweet id, gold label, token ids
 *                                EncodedTweets     one split's tweets in order: shuffled(random), meanLength,
 *                                                  batch(manager, from, size) → course.batch.ClassificationBatch
 *   frozen features              TokenFeatures     per-token vectors from a frozen model (ELMo's layers, word vectors),
 *                                                  in length-sorted batches computed once; Scaling, withWords
 *   the model                    TweetClassifier   ClassificationBatch → logits (B, 3)
 *   evaluation                   TweetPredictions  predict(manager, tweets, batchSize, classifier): arg-max and softmax
 *                                                  per tweet; classification() → course.eval.Classification
 *   results                      TweetPredictions  recordMetrics(run): tweets_accuracy, tweets_macro_f1
 *                                                  write(run): runs/&lt;profile&gt;/&lt;notebook&gt;/tweets_predictions.csv
 *                                                  read(path): what notebook 07 lays side by side
 * </pre>
 *
 * <p>The predictions file, one per notebook run (notebook 06 writes {@code runs/<profile>/06_gpt/tweets_predictions.csv}):
 * UTF-8 CSV with the header {@code tweet_id,true_label,predicted_label,p_negative,p_neutral,p_positive}, labels by
 * name, probabilities as Java prints a {@code float}; written atomically ({@link course.env.AtomicFile}), so a
 * reader never sees half a file. Padding, truncation and the masks a model needs are
 * {@link course.batch.ClassificationBatch}'s.
 */
package course.tweets;
