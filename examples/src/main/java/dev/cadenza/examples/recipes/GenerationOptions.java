package dev.cadenza.examples.recipes;

import java.util.Map;

/**
 * What the user asked of generation.
 *
 * @param sampler sampler name (a provider of the samplers module), with its options
 * @param length tokens to generate per piece (0: the recipe's default)
 * @param pieces number of pieces
 * @param seed the random seed of sampling (and of the primer choice)
 * @param primer recipe-specific primer text (ABC fragment, tokens separated by spaces), or null for the default
 */
public record GenerationOptions(String sampler, Map<String, String> samplerOptions, int length, int pieces, long seed, String primer) {
    public GenerationOptions {
        samplerOptions = Map.copyOf(samplerOptions);
        if (pieces <= 0) throw new IllegalArgumentException("pieces must be > 0, was " + pieces);
        if (length < 0) throw new IllegalArgumentException("length must be >= 0, was " + length);
    }
}
