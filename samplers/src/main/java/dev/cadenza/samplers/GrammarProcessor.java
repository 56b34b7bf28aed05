package dev.cadenza.samplers;

import dev.cadenza.generate.SamplingContext;
import dev.cadenza.token.Vocabulary;

import java.util.Objects;

/**
 * Masks the tokens a {@link TokenGrammar} rules out. Each row of each generation keeps its own cursor, in the row's
 * {@link dev.cadenza.generate.RowMemory}, and moves it by the tokens added to the history since the last call (one, in
 * a {@link dev.cadenza.generate.Generator}), so a step costs O(vocabulary) whatever the length of the piece. A history
 * that does not continue the one the cursor saw is followed again from its start. The processor itself keeps no
 * state, so one instance serves any number of generations and threads at once.
 */
public final class GrammarProcessor implements LogitProcessor {
    private final TokenGrammar grammar;

    private static final class Row {
        TokenGrammar.Cursor cursor;
        Vocabulary vocabulary;
        int consumed;
        int lastToken = -1;
    }

    /**
     * A processor following {@code grammar}.
     *
     * @param grammar the grammar, not null
     */
    public GrammarProcessor(TokenGrammar grammar) {
        this.grammar = Objects.requireNonNull(grammar, "grammar");
    }

    @Override
    public void process(float[] logits, SamplingContext context) {
        if (context.vocabulary() == null)
            throw new IllegalStateException("constraint '" + grammar.name() + "' needs the vocabulary: give it to the "
                    + "generator with vocabulary(tokenizer.vocabulary())");
        TokenGrammar.Cursor cursor = follow(context);
        int allowed = 0;
        for (int t = 0; t < logits.length; t++) {
            if (cursor.allows(t)) allowed++;
            else logits[t] = Float.NEGATIVE_INFINITY;
        }
        if (allowed == 0) throw MaskProcessor.nothingAllowed(grammar.name(), logits.length, context);
    }

    private TokenGrammar.Cursor follow(SamplingContext context) {
        int[] history = context.history();
        Row row = context.memory().get(this, Row::new);
        boolean continues = row.cursor != null && row.vocabulary == context.vocabulary()
                && history.length >= row.consumed
                && (row.consumed == 0 || history[row.consumed - 1] == row.lastToken);
        if (!continues) {
            row.cursor = grammar.start(context.vocabulary());
            row.vocabulary = context.vocabulary();
            row.consumed = 0;
        }
        for (int i = row.consumed; i < history.length; i++) {
            try {
                row.cursor.accept(history[i]);
            } catch (IllegalArgumentException e) {
                row.cursor = null; // half-followed: start again on the next call
                throw new IllegalArgumentException("history of row " + context.row() + " breaks constraint '"
                        + grammar.name() + "' at token " + i + ": " + e.getMessage(), e);
            }
        }
        row.consumed = history.length;
        row.lastToken = history.length > 0 ? history[history.length - 1] : -1;
        return row.cursor;
    }

    @Override
    public String toString() {
        return "grammar(" + grammar.name() + ")";
    }
}
