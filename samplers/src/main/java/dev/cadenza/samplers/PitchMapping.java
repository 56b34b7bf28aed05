package dev.cadenza.samplers;

/**
 * The MIDI pitches a token sounds, so that musical masks ({@link PitchMask}) work over any tokenizer's vocabulary:
 * empty for tokens that sound no pitch (silence, rests, special markers).
 */
@FunctionalInterface
public interface PitchMapping {
    /** The pitches of {@code token}; an IllegalArgumentException names a token this mapping cannot read. */
    int[] pitches(String token);

    /** Tokens of the {@code note-chord} tokenizer, see {@link NoteChordPitches}. */
    static PitchMapping noteChord() {
        return NoteChordPitches.INSTANCE;
    }

    /** Tokens of the {@code chorale-arpeggio} tokenizer, see {@link ChoralePitches}. */
    static PitchMapping chorale() {
        return ChoralePitches.INSTANCE;
    }

    /** A mapping by name: "note-chord" or "chorale". */
    static PitchMapping named(String name) {
        return switch (name) {
            case "note-chord" -> noteChord();
            case "chorale", "chorale-arpeggio" -> chorale();
            default -> throw new IllegalArgumentException("unknown token pitch mapping '" + name
                    + "'; expected note-chord or chorale");
        };
    }
}
