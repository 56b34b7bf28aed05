package dev.cadenza.tokenizers.jazz;

import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.Cadenza;
import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.Tokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Measures read from a hand-made MIDI-like score at 96 ticks per quarter, and the tokenizer over them. */
class MeasureReaderTest {
    static Score score() {
        Part lead = Part.of("Lead", 26, List.of(
                new Note(72, 90, 0, 48),        // an eighth
                new Note(74, 90, 49, 30),       // just late, 0.31 quarter: the triplet grid is nearer
                new Note(62, 90, 48, 20),       // under D5 at the same step: dropped
                new Note(76, 90, 336, 96),      // beat 3.5 for a quarter: cut at the bar line
                new Note(79, 90, 480, 96)));    // measure 1, beat 2
        Part piano = Part.of("Piano", 0, List.of(
                new Note(48, 60, 0, 96), new Note(52, 60, 0, 96), new Note(55, 60, 2, 96), // C major (55 starts 2 ticks late)
                new Note(60, 60, 96, 48),                                                  // one note: no chord
                new Note(50, 60, 192, 96), new Note(53, 60, 192, 96), new Note(57, 60, 192, 96), new Note(60, 60, 192, 96)));
        return Score.of("hand-made", 96, 120, new TimeSignature(0, 4, 4), List.of(lead, piano));
    }

    @Test
    void theMelodyBecomesOneQuantizedLineThatTilesEachMeasure() {
        MeasureReader.Reading r = new MeasureReader("lead", List.of("Piano"), -1, -1).read(score());
        assertEquals(1, r.notesUnderHigherNotes());
        assertEquals(1, r.notesCutAtBarLines());
        assertEquals(2, r.measures().size());
        assertEquals(List.of(new Sound(0, 6, 72), new Sound(6, 4, 74), Sound.rest(10, 32), new Sound(42, 6, 76)), r.measures().get(0).sounds());
        assertEquals(List.of(Sound.rest(0, 12), new Sound(12, 12, 79), Sound.rest(24, 24)), r.measures().get(1).sounds());
        assertEquals(List.of("C", "Dm7"), r.measures().get(0).chords().stream().map(c -> c.chord().symbol()).toList());
        assertEquals(24, r.measures().get(0).chords().get(1).offset());
        assertEquals(List.of("Dm7"), r.measures().get(1).chords().stream().map(c -> c.chord().symbol()).toList(), "a measure without chords keeps the last");
        assertEquals(List.of("C,0.500", "S,0.333,<P4,m-2>", "R,2.667", "S,0.500,<P4,m-2>"),
                r.measures().get(0).values().stream().map(GrammarValue::text).toList());
        assertEquals(9, MeasureReader.quantize(72, 96), "0.75 quarter");
        assertEquals(4, MeasureReader.quantize(31, 96), "0.32 quarter: a triplet eighth");
    }

    @Test
    void partsAreChosenByNameOrNumberAndAMissingOneIsNamed() {
        assertEquals(2, new MeasureReader("0", List.of("others"), -1, -1).read(score()).measures().size());
        assertEquals(1, new MeasureReader("0", List.of("1"), 1, 1).read(score()).measures().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MeasureReader("Sax", List.of("others"), -1, -1).read(score()));
        assertEquals("'hand-made': no melody part 'Sax'; its pitched parts are 0 Lead, 1 Piano", e.getMessage());
    }

    @Test
    void theTokenizerRestoresFromItsConfigAndDecodesOverItsProgression() {
        JazzGrammarTokenizer t = JazzGrammarTokenizer.fit(List.of(score()), Map.of("melody", "Lead", "chords", "Piano"));
        assertEquals(1 + 7, t.vocabulary().size(), "<s> and seven distinct values");
        assertEquals("0@48.52.55 24@50.53.57.60 | 0@50.53.57.60", t.config().get("progression"));
        TokenizerProvider<?> provider = Cadenza.discover().tokenizer(JazzGrammarTokenizer.NAME);
        Tokenizer<?> restored = provider.restore(t.config(), t.vocabulary());
        assertEquals(t.config(), restored.config());
        int[] ids = t.encode(score());
        assertEquals(7, ids.length);
        assertEquals(t.decodeText(ids), restored.decodeText(ids));
        Score decoded = restored.decodeScore(ids);
        assertEquals(2 * 48, decoded.parts().get(1).end(), "two measures of chords");
        assertEquals(4, decoded.parts().get(0).notes().size());
        assertEquals(List.of("C", "Dm7", "Dm7"), decoded.annotations().stream().map(a -> a.text()).toList());
    }
}
