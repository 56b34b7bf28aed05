package dev.cadenza.samplers;

import dev.cadenza.token.Vocabulary;

/**
 * Keeps the text an {@code abc-char} model writes syntactically valid ABC ({@link AbcSyntax}): only characters that
 * continue a valid tune are allowed, and the vocabulary's end token ({@value Vocabulary#END}), if it has one, only
 * where the tune may end. The start token, if any, begins a new tune; other special or multi-character tokens are
 * never allowed. The history (primer included) must start at the beginning of a tune ("X") and follow the syntax.
 */
public final class AbcGrammar implements TokenGrammar {
    /** The longest tune of irish.abc has 603 characters: beyond this budget, the tune is led to its end. */
    public static final int DEFAULT_MAX_TUNE_LENGTH = 800;
    /** Characters after which a T:, Z: or R: text must end: a title longer than a line is a model rambling. */
    public static final int DEFAULT_MAX_TEXT_LENGTH = 80;

    private static final int NEVER = -1, END = -2, START = -3;

    private final int maxTuneLength;
    private final int maxTextLength;

    /** A grammar with the default budgets ({@value #DEFAULT_MAX_TUNE_LENGTH} and {@value #DEFAULT_MAX_TEXT_LENGTH}). */
    public AbcGrammar() {
        this(DEFAULT_MAX_TUNE_LENGTH, DEFAULT_MAX_TEXT_LENGTH);
    }

    /**
     * A grammar with the given budgets.
     *
     * @param maxTuneLength characters after which only the way to the tune's end is allowed ({@code >= 1})
     * @param maxTextLength characters after which a T:, Z: or R: text must end ({@code >= 1})
     * @throws IllegalArgumentException when a budget is below 1
     * @see AbcSyntax#AbcSyntax(int, int)
     */
    public AbcGrammar(int maxTuneLength, int maxTextLength) {
        if (maxTuneLength < 1) throw new IllegalArgumentException("max tune length must be >= 1, was " + maxTuneLength);
        if (maxTextLength < 1) throw new IllegalArgumentException("max text length must be >= 1, was " + maxTextLength);
        this.maxTuneLength = maxTuneLength;
        this.maxTextLength = maxTextLength;
    }

    @Override
    public String name() {
        return "abc-grammar";
    }

    @Override
    public Cursor start(Vocabulary vocabulary) {
        int[] chars = new int[vocabulary.size()];
        for (int t = 0; t < chars.length; t++) {
            String s = vocabulary.token(t);
            if (s.equals(Vocabulary.END)) chars[t] = END;
            else if (s.equals(Vocabulary.START)) chars[t] = START;
            else if (s.length() == 1 && !vocabulary.isSpecial(t)) chars[t] = s.charAt(0);
            else chars[t] = NEVER;
        }
        for (String needed : new String[] {"X", ":", "\n", "K", "|"})
            if (!vocabulary.contains(needed))
                throw new IllegalArgumentException("abc-grammar needs a character vocabulary (abc-char) with "
                        + "'" + needed.replace("\n", "\\n") + "'; this vocabulary of " + vocabulary.size() + " tokens has none");
        return new AbcCursor(chars, new AbcSyntax(maxTuneLength, maxTextLength));
    }

    private static final class AbcCursor implements Cursor {
        private final int[] chars;
        private final AbcSyntax syntax;

        AbcCursor(int[] chars, AbcSyntax syntax) {
            this.chars = chars;
            this.syntax = syntax;
        }

        @Override
        public boolean allows(int token) {
            int c = chars[token];
            if (c >= 0) return syntax.allows((char) c);
            return c == END && syntax.canEndTune();
        }

        @Override
        public void accept(int token) {
            if (token < 0 || token >= chars.length)
                throw new IllegalArgumentException("token id " + token + " is outside the vocabulary 0.." + (chars.length - 1));
            int c = chars[token];
            if (c >= 0) syntax.accept((char) c);
            else if (c == END) syntax.endTune();
            else if (c == START) {
                if (!syntax.betweenTunes())
                    throw new IllegalArgumentException("ABC syntax: a start token inside a tune");
            } else throw new IllegalArgumentException("ABC syntax: token " + token + " is not a character");
        }

        @Override
        public Cursor copy() {
            return new AbcCursor(chars, syntax.copy());
        }
    }
}
