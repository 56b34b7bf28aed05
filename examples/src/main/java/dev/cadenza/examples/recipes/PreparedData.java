package dev.cadenza.examples.recipes;

import dev.cadenza.music.Score;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.train.Dataset;

import java.util.List;

/**
 * A recipe's corpus ready for training: the fitted tokenizer, the datasets (validation and test may be null), the
 * corpus as token sequences and scores for the evaluation report (scores may be empty), and for classifiers the
 * class names (empty for generative recipes).
 *
 * @param tokenizer the tokenizer fitted to the corpus
 * @param train the training data
 * @param validation the validation data, or null
 * @param test the test data, or null
 * @param corpusTokens the corpus as token sequences, for the evaluation report
 * @param corpusScores the corpus as scores, or empty
 * @param labels the class names of a classifier; copied, empty for generative recipes
 */
public record PreparedData(Tokenizer<?> tokenizer, Dataset train, Dataset validation, Dataset test,
                           List<int[]> corpusTokens, List<Score> corpusScores, List<String> labels) {
    /**
     * Copies the labels (null for none).
     *
     * @param tokenizer the tokenizer
     * @param train the training data
     * @param validation or null
     * @param test or null
     * @param corpusTokens the corpus as token sequences
     * @param corpusScores the corpus as scores
     * @param labels the class names, or null
     */
    public PreparedData {
        labels = List.copyOf(labels == null ? List.of() : labels);
    }

    /**
     * A generative recipe's data (no class labels).
     *
     * @param tokenizer the tokenizer fitted to the corpus
     * @param train the training data
     * @param validation or null
     * @param test or null
     * @param corpusTokens the corpus as token sequences
     * @param corpusScores the corpus as scores, or empty
     */
    public PreparedData(Tokenizer<?> tokenizer, Dataset train, Dataset validation, Dataset test,
                        List<int[]> corpusTokens, List<Score> corpusScores) {
        this(tokenizer, train, validation, test, corpusTokens, corpusScores, List.of());
    }
}
