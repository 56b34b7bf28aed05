package dev.cadenza.examples.recipes;

import dev.cadenza.music.Score;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.train.Dataset;

import java.util.List;

/**
 * A recipe's corpus ready for training: the fitted tokenizer, the datasets (validation and test may be null), and
 * the corpus as token sequences and scores for the evaluation report (scores may be empty).
 */
public record PreparedData(Tokenizer<?> tokenizer, Dataset train, Dataset validation, Dataset test,
                           List<int[]> corpusTokens, List<Score> corpusScores) {}
