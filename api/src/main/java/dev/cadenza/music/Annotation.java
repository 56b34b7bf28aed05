package dev.cadenza.music;

/** Text attached to a moment of the score: a chord symbol ("G", "D7", "Am/e"), a part label or a remark. */
public record Annotation(long tick, Kind kind, String text) {
    /** What the text is. */
    public enum Kind { CHORD_SYMBOL, TEXT }

    public Annotation {
        if (tick < 0) throw new IllegalArgumentException("tick must be >= 0, was " + tick);
        java.util.Objects.requireNonNull(kind, "kind");
        java.util.Objects.requireNonNull(text, "text");
    }
}
