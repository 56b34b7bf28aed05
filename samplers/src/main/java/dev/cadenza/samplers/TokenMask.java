package dev.cadenza.samplers;

import dev.cadenza.generate.SamplingContext;

/**
 * Says whether a token may come next, given what the context holds (the history, the vocabulary). Used by
 * {@link MaskProcessor}; for rules that follow the sequence as a state machine, see {@link TokenGrammar}.
 */
@FunctionalInterface
public interface TokenMask {
    boolean allows(int token, SamplingContext context);
}
