package dev.cadenza.samplers;

import dev.cadenza.music.Pitch;

/**
 * Pitches of note/chord tokens: a note name with octave ("E4", "C#5", "Db3") is that pitch; a chord of pitch classes
 * joined by '.' ("4.7.11") sounds them in octave 4 (MIDI 60..71), where the note-chord decoder places them (a chord
 * of one class, an octave doubling, in octaves 4 and 5); a time suffix ("E4:1/2", of {@code timing=kept}) is
 * ignored; tokens that start with neither a note letter nor a digit ("&lt;s&gt;", "rest") sound nothing.
 */
public final class NoteChordPitches implements PitchMapping {
    static final NoteChordPitches INSTANCE = new NoteChordPitches();

    private NoteChordPitches() {}

    @Override
    public int[] pitches(String token) {
        int colon = token.lastIndexOf(':');
        if (colon >= 0) token = token.substring(0, colon);
        if (token.isEmpty()) return new int[0];
        char c = token.charAt(0);
        if (c >= 'A' && c <= 'G') {
            try {
                return new int[] {Pitch.parse(token)};
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("token '" + token + "' is not a note name with octave such as E4: "
                        + e.getMessage(), e);
            }
        }
        if (c < '0' || c > '9') return new int[0];
        String[] parts = token.split("\\.", -1);
        int[] pitches = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int pc;
            try {
                pc = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                pc = -1;
            }
            if (pc < 0 || pc > 11)
                throw new IllegalArgumentException("token '" + token + "' is not a chord of pitch classes 0..11 joined by '.' such as 4.7.11");
            pitches[i] = 60 + pc;
        }
        return pitches.length == 1 ? new int[] {pitches[0], pitches[0] + 12} : pitches;
    }

    @Override
    public String toString() {
        return "note-chord";
    }
}
