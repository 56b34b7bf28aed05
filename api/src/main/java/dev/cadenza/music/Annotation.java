package dev.cadenza.music;

/**
 * Something written at a moment of the score that is not a note: a chord symbol ("G", "D7", "Am/e"), a part label or
 * a remark, a decoration of a note (a trill, a fermata) or the grace notes before it.
 *
 * @param tick where it is written, in the score's ticks, {@code >= 0}
 * @param kind what the text is
 * @param text the symbol, words, decoration name or grace-note pitches, not null
 * @param part the index in {@link Score#parts()} of the part it is written in, or {@link #WHOLE_SCORE}
 */
public record Annotation(long tick, Kind kind, String text, int part) {
    /** The part index of an annotation that belongs to the whole score rather than to one part. */
    public static final int WHOLE_SCORE = -1;

    /** What the text is. */
    public enum Kind {
        /** A chord symbol such as "G", "D7" or "Am/e". */
        CHORD_SYMBOL,
        /** Words: a part label, a remark, an expression. */
        TEXT,
        /**
         * A decoration of the note starting at this tick, named as ABC 2.1 names it ("trill", "roll", "fermata",
         * "staccato", "accent", "mordent", "p", ...). The notes stay as written: a player or renderer may play it.
         */
        DECORATION,
        /**
         * Grace notes before the note starting at this tick: their pitches in scientific notation separated by spaces
         * ("G5 A5"), with a leading "/" for an acciaccatura. They take no time of the written notes.
         */
        GRACE_NOTES
    }

    /**
     * Checks the tick and part.
     *
     * @param tick {@code >= 0}
     * @param kind not null
     * @param text not null
     * @param part a part index, or {@link #WHOLE_SCORE}
     * @throws IllegalArgumentException when the tick is negative or the part below -1
     */
    public Annotation {
        if (tick < 0) throw new IllegalArgumentException("tick must be >= 0, was " + tick);
        java.util.Objects.requireNonNull(kind, "kind");
        java.util.Objects.requireNonNull(text, "text");
        if (part < WHOLE_SCORE) throw new IllegalArgumentException("part must be >= -1 (-1: the whole score), was " + part);
    }

    /**
     * An annotation of the whole score.
     *
     * @param tick where it is written, {@code >= 0}
     * @param kind what the text is
     * @param text the text, not null
     */
    public Annotation(long tick, Kind kind, String text) {
        this(tick, kind, text, WHOLE_SCORE);
    }

    /**
     * This annotation at another tick.
     *
     * @param newTick the new tick, {@code >= 0}
     * @return a new annotation of the same kind, text and part
     */
    public Annotation at(long newTick) {
        return new Annotation(newTick, kind, text, part);
    }
}
