package dev.cadenza.tokenizers.jazz;

import dev.cadenza.tokenizers.harmony.Chord;
import dev.cadenza.tokenizers.harmony.Scales;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The jazz grammar of deepjazz (after Keller and Morrison's "A grammatical approach to automatic improvisation"),
 * measure by measure: melody notes to {@link GrammarValue values} against the chords under them, and values back to
 * notes against any chords. Stateless.
 * <p>
 * The chord under a note is the last chord of the measure that starts at or before it, else the measure's first chord
 * (deepjazz moves the first chord to the measure's start). A note is a chord tone (C) when its pitch class sounds in
 * that chord, else a scale tone (S) when it is in {@link Scales#fitting the scale that fits the chord}, else an
 * approach tone (A) when it is a half step from a chord tone, else other (X). Each note after the first of its measure
 * carries the interval from the note before, widened by a minor third each way.
 * <p>
 * Decoding lays the values end to end from the measure's start and draws each note at random among the pitches of its
 * class: within its interval range of the note before (not the same pitch when there is a choice; a whole step from
 * the nearest pitches of its class outside the range when the range holds none, and, as deepjazz does, a whole step from
 * the note before when no pitch class has the class; raised to octave 3 when lower), and for a first note from the chord's
 * voicing (a chord tone) or at the octave of one of its pitches (the other classes), raised to octave 4 when lower.
 * Unlike deepjazz, which draws scale tones for first notes from a blues scale and approach tones as a scale tone moved
 * a half step, every class is drawn from the pitches that the encoder gives that class, so that decoding and encoding
 * agree: a measure decoded against its own chords encodes to the same classes and durations.
 */
public final class JazzGrammar {
    /** Steps in the grammar's measure of four quarter notes. */
    public static final int MEASURE = 4 * GrammarValue.GRID;

    private JazzGrammar() {}

    /**
     * The class of {@code pitch} against {@code chord}.
     *
     * @param pitch a MIDI pitch
     * @param chord the chord sounding under it
     * @return C for a chord tone, S for a tone of the chord's scale, A for an approach tone a semitone from a chord
     *     tone,
     * X otherwise
     */
    public static NoteClass classify(int pitch, Chord chord) {
        int pc = Math.floorMod(pitch, 12);
        if (chord.contains(pc)) return NoteClass.C;
        if ((Scales.fitting(chord) >> pc & 1) != 0) return NoteClass.S;
        if (chord.contains(pc + 1) || chord.contains(pc - 1)) return NoteClass.A;
        return NoteClass.X;
    }

    /**
     * The chord under a sound starting at {@code offset}: the last one starting at or before it, else the first.
     *
     * @param chords the measure's chords in onset order, at least one
     * @param offset the sound's start, in steps from the measure's start
     * @return the chord under it
     * @throws IllegalArgumentException when there is no chord
     */
    public static MeasureChord chordAt(List<MeasureChord> chords, int offset) {
        if (chords.isEmpty()) throw new IllegalArgumentException("jazz grammar: a measure needs at least one chord");
        MeasureChord under = chords.get(0);
        for (MeasureChord c : chords) if (c.offset() <= offset) under = c;
        return under;
    }

    /**
     * The values of one measure's sounds (in onset order) against its chords.
     *
     * @param sounds the measure's notes and rests, in onset order
     * @param chords the measure's chords, at least one
     * @return one value per sound
     */
    public static List<GrammarValue> encode(List<Sound> sounds, List<MeasureChord> chords) {
        List<GrammarValue> values = new ArrayList<>(sounds.size());
        int previous = -1;
        for (Sound s : sounds) {
            if (s.isRest()) {
                values.add(GrammarValue.of(NoteClass.R, s.duration()));
                continue;
            }
            NoteClass kind = classify(s.pitch(), chordAt(chords, s.onset()).chord());
            values.add(previous < 0 ? GrammarValue.of(kind, s.duration()) : GrammarValue.after(kind, s.duration(), s.pitch() - previous));
            previous = s.pitch();
        }
        return values;
    }

    /**
     * Sounds for {@code values} laid end to end from the measure's start, against the measure's chords.
     *
     * @param values the measure's grammar values
     * @param chords the measure's chords, at least one
     * @param random draws the pitch of each note among those its class and range allow
     * @return one sound per value, end to end
     */
    public static List<Sound> decode(List<GrammarValue> values, List<MeasureChord> chords, RandomGenerator random) {
        List<Sound> sounds = new ArrayList<>(values.size());
        int at = 0, previous = -1;
        for (GrammarValue v : values) {
            if (v.kind() == NoteClass.R) {
                sounds.add(Sound.rest(at, v.duration()));
                at += v.duration();
                continue;
            }
            MeasureChord chord = chordAt(chords, at);
            int pitch = previous >= 0 && v.hasRange() ? withinRange(v, previous, chord.chord(), random) : first(v.kind(), chord, random);
            sounds.add(new Sound(at, v.duration(), pitch));
            previous = pitch;
            at += v.duration();
        }
        return sounds;
    }

    private static int withinRange(GrammarValue v, int previous, Chord chord, RandomGenerator random) {
        List<Integer> candidates = new ArrayList<>();
        for (int p = Math.max(0, previous + v.lower()); p <= Math.min(127, previous + v.upper()); p++)
            if (classify(p, chord) == v.kind()) candidates.add(p);
        if (candidates.isEmpty()) candidates = nearestOutside(v, previous, chord);
        if (candidates.size() > 1) candidates.remove(Integer.valueOf(previous));
        int pitch = candidates.isEmpty() ? previous + (random.nextBoolean() ? 2 : -2) : candidates.get(random.nextInt(candidates.size()));
        while (pitch < 48) pitch += 12; // deepjazz keeps notes in octave 3 and above
        return Math.min(pitch, 127);
    }

    /** The pitches of the value's class nearest to its range, outside it (empty when no pitch class has the class). */
    private static List<Integer> nearestOutside(GrammarValue v, int previous, Chord chord) {
        for (int distance = 1; distance <= 12; distance++) {
            List<Integer> found = new ArrayList<>();
            for (int p : new int[] {previous + v.lower() - distance, previous + v.upper() + distance})
                if (p >= 0 && p <= 127 && classify(p, chord) == v.kind()) found.add(p);
            if (!found.isEmpty()) return found;
        }
        return new ArrayList<>();
    }

    private static int first(NoteClass kind, MeasureChord chord, RandomGenerator random) {
        int[] voicing = chord.voicing();
        int pitch;
        if (kind == NoteClass.C) {
            pitch = voicing[random.nextInt(voicing.length)];
        } else {
            List<Integer> classes = new ArrayList<>();
            for (NoteClass k : fallbacks(kind)) {
                for (int pc = 0; pc < 12; pc++) if (classify(pc, chord.chord()) == k) classes.add(pc);
                if (!classes.isEmpty()) break;
            }
            int octave = voicing[random.nextInt(voicing.length)] / 12;
            pitch = 12 * octave + classes.get(random.nextInt(classes.size()));
        }
        while (pitch < 60) pitch += 12; // deepjazz raises first notes to octave 4
        return Math.min(pitch, 127);
    }

    /** The class asked for, then the ones to use when no pitch class has it (every class has one but X and A). */
    private static List<NoteClass> fallbacks(NoteClass kind) {
        return switch (kind) {
            case X -> List.of(NoteClass.X, NoteClass.A, NoteClass.S, NoteClass.C);
            case A -> List.of(NoteClass.A, NoteClass.S, NoteClass.C);
            case S -> List.of(NoteClass.S, NoteClass.C);
            default -> List.of(NoteClass.C);
        };
    }
}
