package dev.cadenza.tokenizers.jazz;

/** The class of a melody note against the chord under it, as the jazz grammar (Keller and Morrison; deepjazz) names it. */
public enum NoteClass {
    /** A chord tone: its pitch class sounds in the chord. */
    C,
    /** A scale tone: in the scale that fits the chord, not in the chord. */
    S,
    /** An approach tone: a half step from a chord tone, neither chord nor scale tone. */
    A,
    /** Any other note. */
    X,
    /** A rest. */
    R
}
