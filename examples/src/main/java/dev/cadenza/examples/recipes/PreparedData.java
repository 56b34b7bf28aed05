package dev.cadenza.examples.recipes;

import dev.cadenza.music.Score;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.train.Dataset;

import java.util.List;

/**
 * A recipe's corpus ready for training: the fitted tokenizer, the datasets (validation and test may be null), the
 * corpus as token sequences and scores for the evaluation report (scores may be empty), and for classifiers the
 * class names (empty for generative recipes).
 */
public record PreparedData(Tokenizer<?> tokenizer, Dataset train, Dataset validation, Dataset test,
                           List<int[]> corpusTokens, List<Score> corpusScores, List<String> labels) {
    public PreparedData {
        labels = List.copyOf(labels == null ? List.of() : labels);
    }

    /** A generative recipe's data (no class labels). */
    public PreparedData(Tokenizer<?> tokenizer, Dataset train, Dataset validation, Dataset test,
                        List<int[]> corpusTokens, List<Score> corpusScores) {
        this(tokenizer, train, validation, test, corpusTokens, corpusScores, List.of());
    }
}
