package dev.cadenza.music;

/** Pitch names in scientific notation (60 = "C4"), spelled with sharps, as the note/chord tokens use them. */
public final class Pitch {
    private static final String[] SHARP_NAMES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};

    private Pitch() {}

    /**
     * "C4" for 60, "C#5" for 73, "B-1" for 11.
     *
     * @param midi a MIDI key number, 0..127
     * @return the name, sharps for black keys
     * @throws IllegalArgumentException when {@code midi} is out of range
     */
    public static String name(int midi) {
        if (midi < 0 || midi > 127) throw new IllegalArgumentException("MIDI pitch must be 0..127, was " + midi);
        return SHARP_NAMES[midi % 12] + (midi / 12 - 1);
    }

    /**
     * Pitch-class name with a sharp: 0 -> "C", 1 -> "C#".
     *
     * @param pitchClass any integer, taken modulo 12
     * @return the class's name
     */
    public static String className(int pitchClass) {
        return SHARP_NAMES[Math.floorMod(pitchClass, 12)];
    }

    /**
     * Parses "C4", "C#5", "Db3", "E-2", "B-1" (a '-' after the letter and accidentals is a minus sign of the octave;
     * music21's "E-" flat spelling is accepted as "E-" followed by an octave only when two '-' appear, so prefer 'b').
     *
     * @param name a pitch name: a letter A-G, any number of '#' and 'b', then the octave
     * @return the MIDI key number
     * @throws IllegalArgumentException when the name is malformed or the pitch is outside 0..127
     */
    public static int parse(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("empty pitch name");
        int pc = switch (Character.toUpperCase(name.charAt(0))) {
            case 'C' -> 0; case 'D' -> 2; case 'E' -> 4; case 'F' -> 5; case 'G' -> 7; case 'A' -> 9; case 'B' -> 11;
            default -> throw new IllegalArgumentException("pitch name must start with A-G: '" + name + "'");
        };
        int i = 1;
        while (i < name.length() && (name.charAt(i) == '#' || name.charAt(i) == 'b')) {
            pc += name.charAt(i) == '#' ? 1 : -1;
            i++;
        }
        int octave;
        try {
            octave = Integer.parseInt(name.substring(i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pitch name needs an octave number after the letter: '" + name + "'", e);
        }
        int midi = (octave + 1) * 12 + pc;
        if (midi < 0 || midi > 127) throw new IllegalArgumentException("pitch '" + name + "' is outside MIDI 0..127");
        return midi;
    }
}
