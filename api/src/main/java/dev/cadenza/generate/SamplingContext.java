package dev.cadenza.generate;

import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.random.RandomGenerator;

/**
 * What a {@link Sampler} may look at besides the logits: the tokens so far (primer included), the index of the token
 * being chosen among the generated ones, the row in a batch of samples, the random source, the vocabulary and the
 * tokenizer (each null when the generator was given none; the tokenizer says which pitches a token plays), and the
 * row's {@link RowMemory}.
 *
 * @param history the row's tokens so far, primer included; the caller's copy
 * @param step the index of the token being chosen among the generated ones, 0-based
 * @param row the row in the batch of samples
 * @param random the row's random source; the only randomness a sampler may use
 * @param vocabulary the vocabulary, or null (taken from the tokenizer when it is given)
 * @param tokenizer the tokenizer, or null
 * @param memory the row's memory; a fresh one when null
 */
public record SamplingContext(int[] history, int step, int row, RandomGenerator random, Vocabulary vocabulary,
                              Tokenizer<?> tokenizer, RowMemory memory) {
    /**
     * Takes the vocabulary from the tokenizer when only it is given, and makes a memory when none is given.
     *
     * @param history the row's tokens so far
     * @param step the index of the token being chosen
     * @param row the row in the batch
     * @param random the row's random source
     * @param vocabulary the vocabulary, or null
     * @param tokenizer the tokenizer, or null
     * @param memory the row's memory, or null for a fresh one
     */
    public SamplingContext {
        if (tokenizer != null && vocabulary == null) vocabulary = tokenizer.vocabulary();
        if (memory == null) memory = new RowMemory();
    }

    /**
     * A context with a fresh memory and no tokenizer (for a single call, as tests make them).
     *
     * @param history the tokens so far
     * @param step the index of the token being chosen
     * @param row the row in the batch
     * @param random the random source
     * @param vocabulary the vocabulary, or null
     */
    public SamplingContext(int[] history, int step, int row, RandomGenerator random, Vocabulary vocabulary) {
        this(history, step, row, random, vocabulary, null, new RowMemory());
    }
}
