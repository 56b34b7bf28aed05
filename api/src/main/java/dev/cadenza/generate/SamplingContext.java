package dev.cadenza.generate;

import dev.cadenza.token.Vocabulary;

import java.util.random.RandomGenerator;

/**
 * What a {@link Sampler} may look at besides the logits: the tokens so far (primer included), the index of the token
 * being chosen among the generated ones, the row in a batch of samples, the random source and the vocabulary (null
 * when the model was built without one).
 */
public record SamplingContext(int[] history, int step, int row, RandomGenerator random, Vocabulary vocabulary) {}
