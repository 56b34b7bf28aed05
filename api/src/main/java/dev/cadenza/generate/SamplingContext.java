package dev.cadenza.generate;

import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.random.RandomGenerator;

/**
 * What a {@link Sampler} may look at besides the logits: the tokens so far (primer included), the index of the token
 * being chosen among the generated ones, the row in a batch of samples, the random source, the vocabulary and the
 * tokenizer (each null when the generator was given none; the tokenizer says which pitches a token plays), and the
 * row's {@link RowMemory}.
 */
public record SamplingContext(int[] history, int step, int row, RandomGenerator random, Vocabulary vocabulary,
                              Tokenizer<?> tokenizer, RowMemory memory) {
    public SamplingContext {
        if (tokenizer != null && vocabulary == null) vocabulary = tokenizer.vocabulary();
        if (memory == null) memory = new RowMemory();
    }

    /** A context with a fresh memory and no tokenizer (for a single call, as tests make them). */
    public SamplingContext(int[] history, int step, int row, RandomGenerator random, Vocabulary vocabulary) {
        this(history, step, row, random, vocabulary, null, new RowMemory());
    }
}
