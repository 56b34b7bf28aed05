package dev.cadenza.tokenizers.jazz;

import dev.cadenza.corpus.Corpus;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.music.Score;
import dev.cadenza.testkit.RealCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grammar on the real Metheny file, as deepjazz reads it: the Guitar over the Piano's chords, measures 119-136. */
class MethenyGrammarTest {
    static final Map<String, String> OPTIONS = Map.of("melody", "Guitar", "chords", "Piano", "measures", "119-136");
    private static Score metheny;

    @BeforeAll
    static void read() throws IOException {
        List<Path> files = RealCorpus.require(Corpus.MIDI_JAZZ).midiFiles("jazz");
        metheny = MidiReader.read(files.stream().filter(f -> f.getFileName().toString().equals("original_metheny.mid")).findFirst().orElseThrow());
    }

    @Test
    void theSoloGivesEighteenMeasuresOfValues() {
        JazzGrammarTokenizer t = JazzGrammarTokenizer.fit(List.of(metheny), OPTIONS);
        MeasureReader.Reading r = t.measures(metheny);
        assertEquals(18, r.measures().size());
        // Known answers of this reading (deepjazz's music21 reading gives 78 distinct values; see the recipe's notes).
        assertEquals(267, t.encode(metheny).length);
        assertEquals(87, t.vocabulary().size() - 1);
        assertEquals("Cm7/Ab", r.measures().get(0).chords().get(0).chord().symbol());
    }

    @Test
    void everyMeasureRoundTripsThroughItsValues() {
        JazzGrammarTokenizer t = JazzGrammarTokenizer.fit(List.of(metheny), OPTIONS);
        for (GrammarMeasure m : t.measures(metheny).measures()) {
            List<GrammarValue> values = m.values();
            int total = 0;
            for (GrammarValue v : values) total += v.duration();
            assertEquals(JazzGrammar.MEASURE, total, "measure " + m.index() + " tiles four beats");
            for (long seed = 0; seed < 10; seed++) {
                List<Sound> sounds = JazzGrammar.decode(values, m.chords(), new SeededRandom(seed));
                List<GrammarValue> again = JazzGrammar.encode(sounds, m.chords());
                for (int i = 0; i < sounds.size(); i++) {
                    assertEquals(m.sounds().get(i).onset(), sounds.get(i).onset(), "measure " + m.index());
                    assertEquals(m.sounds().get(i).duration(), sounds.get(i).duration(), "measure " + m.index());
                    assertEquals(values.get(i).kind(), again.get(i).kind(), "measure " + m.index() + ", value " + i + ", seed " + seed);
                }
                for (int i = 0; i < sounds.size(); i++) assertTrue(sounds.get(i).isRest() == m.sounds().get(i).isRest());
            }
        }
    }
}
