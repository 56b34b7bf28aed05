package dev.cadenza.samplers;

import dev.cadenza.token.Vocabulary;

/**
 * A constraint that follows a sequence token by token as a state machine (for instance the ABC syntax), so that
 * each step costs a small constant amount of work instead of re-reading the history. Used by
 * {@link GrammarProcessor} while sampling and by {@link BeamSearch}, which copies a cursor per beam.
 */
public interface TokenGrammar {
    /** A short name for messages, e.g. "abc-grammar". */
    String name();

    /** A cursor at the start of a sequence over {@code vocabulary}; throws when the vocabulary does not suit. */
    Cursor start(Vocabulary vocabulary);

    /** Where a sequence stands in the grammar; mutable, and copied when a search branches. */
    interface Cursor {
        /** Whether {@code token} may come next. */
        boolean allows(int token);

        /**
         * Moves past {@code token}. A token the grammar does not allow is an IllegalArgumentException that says
         * what was expected here.
         */
        void accept(int token);

        /** An independent copy. */
        Cursor copy();
    }
}
