package dev.cadenza.tokenizers.harmony;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chord symbols as the Nottingham books (jukedeck's spellings) and lead sheets write them. */
class ChordSymbolTest {
    private static void chord(String text, String symbol, int root, int bass, int... pitchClasses) {
        Chord c = ChordSymbol.parse(text);
        assertEquals(symbol, c.symbol(), text);
        assertEquals(root, c.root(), text + " root");
        assertEquals(bass, c.bass(), text + " bass");
        assertArrayEquals(pitchClasses, c.pitchClassArray(), text + " pitch classes");
    }

    @Test
    void triadsAndSevenths() {
        chord("G", "G", 7, 7, 2, 7, 11);
        chord("Am", "Am", 9, 9, 0, 4, 9);
        chord("G7", "G7", 7, 7, 2, 5, 7, 11);
        chord("Dm7", "Dm7", 2, 2, 0, 2, 5, 9);
        chord("F#m", "F#m", 6, 6, 1, 6, 9);
        chord("Bb", "Bb", 10, 10, 2, 5, 10);
        chord("Cmaj7", "Cmaj7", 0, 0, 0, 4, 7, 11);
        chord("C6", "C6", 0, 0, 0, 4, 7, 9);
        chord("Dm6", "Dm6", 2, 2, 2, 5, 9, 11);
        chord("E7b9", "E7b9", 4, 4, 2, 4, 5, 8, 11);
        chord("Bm7b5", "Bm7b5", 11, 11, 2, 5, 9, 11);
    }

    @Test
    void jukedecksDiminishedAugmentedAndSlashSpellings() {
        chord("Cd", "Cdim", 0, 0, 0, 3, 6);
        chord("Bbd", "Bbdim", 10, 10, 1, 4, 10);
        chord("D#d", "D#dim", 3, 3, 3, 6, 9);
        chord("Ca", "Caug", 0, 0, 0, 4, 8);
        chord("Fa7", "Faug7", 5, 5, 1, 3, 5, 9);
        chord("Cd7", "Cdim7", 0, 0, 0, 3, 6, 9);
        chord("C/e", "C/E", 0, 4, 0, 4, 7);
        chord("D/f+", "D/F#", 2, 6, 2, 6, 9);
        chord("A7/c+", "A7/C#", 9, 1, 1, 4, 7, 9);
        chord("Gm/bb", "Gm/Bb", 7, 10, 2, 7, 10);
        chord("Am/g", "Am/G", 9, 7, 0, 4, 7, 9); // the bass sounds, so it is a pitch class of the chord
        chord("(E7)", "E7", 4, 4, 2, 4, 8, 11);
        chord("D m", "Dm", 2, 2, 2, 5, 9);
    }

    @Test
    void everyChordSymbolOfTheNottinghamBooksParses() {
        // The 112 distinct chord strings of abc/nottingham (shared/data README section 2), all but the text remark.
        String all = "G D A A7 C D7 Em Am E7 Bm F G7 E Dm Gm Bb B7 C7 F#m D/f+ Cm G/b F7 Eb F#7 A7/e A/c+ D/a G/d B A7/c+ D7/a "
                + "E7/g+ C/e Gd C#m F# D7/f+ Cd Am/c Em/g Gm/d G7/b E7/b Bm7 Em/d Ed D#d C6 Ad Gm/bb G7/f Fm F/a Bm/a A/e D7/c C/g "
                + "B7/f+ A7/g (E7) F/c Em7 Dm/a C#d Bb7 Bb/d Am7 Am/g (D7) G7/d G6 F#m/a E7b9 Dm6 Dm/f D6 C#7 Bm/f+ Am7/g Am/e (A7) "
                + "G#d G#7 Fd Fa7 F7/a Em7/d Em/d+ Em/c+ Ebd Ea Dm7/c Dd Da D7b9 D7/b D/g D/c+ Cm6 Cm/g C7/g C/c C# Bm/d Bbd Bb/f "
                + "Am/g+ Am/f+ Ab A7/f+";
        for (String s : all.split(" ")) assertTrue(ChordSymbol.isChordSymbol(s), s);
        assertFalse(ChordSymbol.isChordSymbol("From A.Train's song"));
    }

    @Test
    void errorsNameTheSymbolAndThePlace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChordSymbol.parse("H7"));
        assertEquals("chord symbol 'H7': expected a root letter A..G at character 1 ('H')", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChordSymbol.parse("C7x"));
        assertTrue(e.getMessage().startsWith("chord symbol 'C7x': expected an extension") && e.getMessage().contains("character 3 ('x')"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChordSymbol.parse("C/"));
        assertTrue(e.getMessage().contains("a bass letter"), e.getMessage());
    }

    @Test
    void pitchesAreNamedByRootAndQuality() {
        assertEquals("C", Chord.of(48, 52, 55, 60).symbol());
        assertEquals("Cm7", Chord.of(48, 55, 58, 63).symbol());
        assertEquals("Cm7/Ab", Chord.of(44, 58, 60, 63, 67).symbol());
        assertEquals("G7", Chord.of(43, 59, 65).symbol()); // no fifth
        assertEquals("C/E", Chord.of(52, 55, 60).symbol());
        assertEquals(Chord.Quality.MINOR, ChordSymbol.parse("Dm7").quality());
        assertEquals(Chord.Quality.MAJOR, ChordSymbol.parse("G7").quality());
        assertEquals(Chord.Quality.DIMINISHED, ChordSymbol.parse("Bd").quality());
        assertEquals(Chord.Quality.AUGMENTED, ChordSymbol.parse("Ca").quality());
        assertEquals(Chord.Quality.OTHER, ChordSymbol.parse("Dsus4").quality());
    }

    @Test
    void theConditioningVectorHoldsThePitchClassesAndTheBass() {
        float[] v = new float[ChordConditioning.WIDTH + 2];
        ChordConditioning.write(ChordSymbol.parse("D/f+"), v, 1);
        float[] expected = new float[ChordConditioning.WIDTH + 2];
        expected[1 + 2] = expected[1 + 6] = expected[1 + 9] = 1; // D F# A
        expected[1 + 12 + 6] = 1; // over F#
        assertArrayEquals(expected, v);
        ChordConditioning.write(null, v, 1);
        assertArrayEquals(new float[ChordConditioning.WIDTH + 2], v);
    }
}
