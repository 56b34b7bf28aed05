package dev.cadenza.samplers;

import dev.cadenza.token.Vocabulary;

/**
 * A constraint that follows a sequence token by token as a state machine (for instance the ABC syntax), so that
 * each step costs a small constant amount of work instead of re-reading the history. Used by
 * {@link GrammarProcessor} while sampling and by {@link BeamSearch}, which copies a cursor per beam.
 */
public interface TokenGrammar {
    /**
     * A short name for messages, e.g. "abc-grammar".
     *
     * @return the name
     */
    String name();

    /**
     * A cursor at the start of a sequence over {@code vocabulary}; throws when the vocabulary does not suit.
     *
     * @param vocabulary the vocabulary of the model being sampled; the grammar reads its token strings
     * @return a new cursor
     * @throws IllegalArgumentException when the vocabulary does not suit the grammar (characters it cannot read, say)
     */
    Cursor start(Vocabulary vocabulary);

    /** Where a sequence stands in the grammar; mutable, and copied when a search branches. */
    interface Cursor {
        /**
         * Whether {@code token} may come next.
         *
         * @param token a vocabulary id
         * @return true when the grammar allows it here
         */
        boolean allows(int token);

        /**
         * Moves past {@code token}. A token the grammar does not allow is an IllegalArgumentException that says
         * what was expected here.
         *
         * @param token a vocabulary id
         */
        void accept(int token);

        /**
         * An independent copy.
         *
         * @return a new cursor at the same place; moving either does not move the other
         */
        Cursor copy();
    }
}
