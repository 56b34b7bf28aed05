package dev.cadenza.tokenizers.jazz;

import dev.cadenza.model.SeededRandom;
import dev.cadenza.tokenizers.harmony.ChordSymbol;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grammar on a hand-made measure: C major for two beats, then Dm7. */
class JazzGrammarTest {
    static final List<MeasureChord> CHORDS = List.of(MeasureChord.of(0, 48, 52, 55, 60), MeasureChord.of(24, 50, 53, 57, 60));
    static final List<Sound> MEASURE = List.of(
            new Sound(0, 6, 72),   // C5 over C: chord tone, an eighth
            new Sound(6, 3, 74),   // D5: in C major, a scale tone, a sixteenth, a whole step up
            Sound.rest(9, 3),
            new Sound(12, 4, 73),  // C#5: a half step from C, an approach tone, a triplet eighth
            new Sound(16, 4, 70),  // Bb4: no chord or scale tone near it: other
            new Sound(20, 4, 67),  // G4: chord tone
            new Sound(24, 12, 71), // B4 over Dm7: in D Dorian, a scale tone
            new Sound(36, 12, 76)); // E5 over Dm7: a scale tone

    @Test
    void notesBecomeClassesDurationsAndIntervalRanges() {
        assertEquals(List.of("C,0.500", "S,0.250,<P4,m-2>", "R,0.250", "A,0.333,<M2,M-3>", "X,0.333,<P1,d-5>", "C,0.333,<P1,d-5>",
                        "S,1.000,<P5,m2>", "S,1.000,<m6,M2>"),
                JazzGrammar.encode(MEASURE, CHORDS).stream().map(GrammarValue::text).toList());
    }

    @Test
    void theChordUnderANoteIsTheLastToStartBeforeItElseTheFirst() {
        List<MeasureChord> late = List.of(MeasureChord.of(12, 50, 53, 57, 60), MeasureChord.of(36, 48, 52, 55));
        assertEquals("Dm7", JazzGrammar.chordAt(late, 0).chord().symbol());
        assertEquals("Dm7", JazzGrammar.chordAt(late, 35).chord().symbol());
        assertEquals("C", JazzGrammar.chordAt(late, 36).chord().symbol());
        assertEquals(NoteClass.S, JazzGrammar.classify(71, ChordSymbol.parse("Dm7")));
        assertEquals(NoteClass.A, JazzGrammar.classify(66, ChordSymbol.parse("Dm7")), "F# is not in D Dorian and a half step from F");
        assertEquals(NoteClass.A, JazzGrammar.classify(68, ChordSymbol.parse("C")), "Ab over C: not in C major, a half step from G");
        assertEquals(NoteClass.X, JazzGrammar.classify(70, ChordSymbol.parse("C")), "Bb over C: not in C major, nor next to C, E or G");
    }

    @Test
    void valuesReadBackFromTheirText() {
        for (GrammarValue v : JazzGrammar.encode(MEASURE, CHORDS)) assertEquals(v, GrammarValue.parse(v.text()));
        GrammarValue v = GrammarValue.parse("C,0.250,<M-2,m-6>");
        assertEquals(-8, v.lower());
        assertEquals(-2, v.upper());
        assertEquals(3, v.duration());
        assertEquals(4, GrammarValue.parse("R,0.333").duration());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GrammarValue.parse("Q,0.25"));
        assertTrue(e.getMessage().contains("'Q'"), e.getMessage());
        assertEquals(7, IntervalName.semitones("P5"));
        assertEquals(-6, IntervalName.semitones("A-4"));
        assertEquals(-6, IntervalName.semitones("d-5"));
        assertEquals(15, IntervalName.semitones("m10"));
        assertEquals("M-9", IntervalName.of(-14));
    }

    @Test
    void valuesDecodeToNotesOfTheirClassAndDurationWithinTheirRange() {
        List<GrammarValue> values = JazzGrammar.encode(MEASURE, CHORDS);
        for (long seed = 0; seed < 50; seed++) {
            List<Sound> sounds = JazzGrammar.decode(values, CHORDS, new SeededRandom(seed));
            assertEquals(MEASURE.size(), sounds.size());
            List<GrammarValue> again = JazzGrammar.encode(sounds, CHORDS);
            int previous = -1;
            for (int i = 0; i < sounds.size(); i++) {
                assertEquals(MEASURE.get(i).onset(), sounds.get(i).onset());
                assertEquals(MEASURE.get(i).duration(), sounds.get(i).duration());
                assertEquals(values.get(i).kind(), again.get(i).kind(), "seed " + seed + ", sound " + i);
                Sound s = sounds.get(i);
                if (s.isRest()) continue;
                if (values.get(i).hasRange() && s.pitch() >= 48) {
                    int interval = s.pitch() - previous;
                    boolean within = interval >= values.get(i).lower() && interval <= values.get(i).upper();
                    boolean anyWithin = false; // else the nearest pitch of the class outside the range is taken
                    for (int p = previous + values.get(i).lower(); p <= previous + values.get(i).upper(); p++)
                        anyWithin |= JazzGrammar.classify(p, JazzGrammar.chordAt(CHORDS, s.onset()).chord()) == values.get(i).kind();
                    assertEquals(anyWithin, within, "seed " + seed + ": " + interval + " in " + values.get(i));
                }
                if (!values.get(i).hasRange()) assertTrue(s.pitch() >= 60, "a first note is raised to octave 4 at least");
                previous = s.pitch();
            }
        }
    }

    @Test
    void aRangeWithoutANoteOfItsClassTakesTheNearestOneElseAWholeStep() {
        // An approach tone within a unison of C5 over C major: C5 is a chord tone, so the nearest approach tones, B4 and C#5.
        List<MeasureChord> c = List.of(MeasureChord.of(0, 60, 64, 67));
        List<GrammarValue> values = List.of(GrammarValue.of(NoteClass.C, 12), new GrammarValue(NoteClass.A, 12, true, 0, 0));
        for (long seed = 0; seed < 10; seed++) {
            List<Sound> s = JazzGrammar.decode(values, c, new SeededRandom(seed));
            assertTrue(s.get(1).pitch() == s.get(0).pitch() - 1 || s.get(1).pitch() == s.get(0).pitch() + 1, s.toString());
        }
        // Over a chord of all twelve pitch classes there is no other tone at all: a whole step from the note before.
        List<MeasureChord> cluster = List.of(MeasureChord.of(0, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71));
        List<Sound> s = JazzGrammar.decode(List.of(GrammarValue.of(NoteClass.C, 12), new GrammarValue(NoteClass.X, 12, true, -1, 1)), cluster,
                new SeededRandom(3));
        assertEquals(2, Math.abs(s.get(1).pitch() - s.get(0).pitch()));
    }
}
