package dev.cadenza.samplers;

import dev.cadenza.generate.SamplingContext;

/**
 * Says whether a token may come next, given what the context holds (the history, the vocabulary). Used by
 * {@link MaskProcessor}; for rules that follow the sequence as a state machine, see {@link TokenGrammar}.
 */
@FunctionalInterface
public interface TokenMask {
    /**
     * Whether {@code token} may come next.
     *
     * @param token a vocabulary id
     * @param context the row's history, step and vocabulary
     * @return true when allowed
     */
    boolean allows(int token, SamplingContext context);
}
