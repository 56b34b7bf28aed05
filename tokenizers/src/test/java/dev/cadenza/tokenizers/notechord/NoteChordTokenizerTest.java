package dev.cadenza.tokenizers.notechord;

import dev.cadenza.testkit.RealCorpus;
import dev.cadenza.corpus.Corpus;
import dev.cadenza.Cadenza;
import dev.cadenza.checkpoint.TokenizerState;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The note/chord tokens on the real piano corpus. */
class NoteChordTokenizerTest {
    private static final List<Score> PIANO = new ArrayList<>();
    private static final Map<String, Score> BY_FILE = new java.util.HashMap<>();

    @BeforeAll
    static void readPiano() throws IOException {
        List<Path> files = RealCorpus.require(Corpus.MIDI_PIANO).midiFiles("piano");
        for (Path f : files) {
            Score s = MidiReader.read(f);
            PIANO.add(s);
            BY_FILE.put(f.getFileName().toString(), s);
        }
        assertEquals(30, PIANO.size());
    }

    private static Score piece(String file) {
        Score s = BY_FILE.get(file);
        if (s == null) throw new AssertionError(file + " not found");
        return s;
    }

    @Test
    void firstPartOfFurEliseSpellsItsOpening() {
        NoteChordTokenizer t = NoteChordTokenizer.fit(PIANO, Map.of());
        Score elise = piece("elise.mid");
        List<String> tokens = t.tokenStrings(elise);
        assertEquals(List.of("E5", "D#5", "E5", "D#5", "E5", "B4", "D5", "C5", "A4"), tokens.subList(0, 9), elise.title());
        assertEquals(elise.parts().get(0).notes().size(), t.selectedNotes(elise).size());
    }

    @Test
    void vocabularyIsTheSortedDistinctStrings() {
        NoteChordTokenizer t = NoteChordTokenizer.fit(PIANO, Map.of());
        List<String> v = t.vocabulary().tokens();
        assertTrue(v.size() > 100, "vocabulary of " + v.size());
        for (int i = 1; i < v.size(); i++) assertTrue(v.get(i - 1).compareTo(v.get(i)) < 0);
        assertTrue(v.contains("0.4.7") || v.contains("4.7.11"), "common triads occur");
        for (String token : v) assertTrue(token.matches("[A-G]#?-?\\d+|\\d+(\\.\\d+)*"), token);
        NoteChordTokenizer all = NoteChordTokenizer.fit(PIANO, Map.of("parts", "all"));
        assertTrue(all.vocabulary().size() > v.size());
    }

    @Test
    void seedTimingRoundTripsEveryPianoFile() {
        NoteChordTokenizer t = NoteChordTokenizer.fit(PIANO, Map.of("parts", "all"));
        for (Score s : PIANO) {
            int[] ids = t.encode(s);
            Score decoded = t.decodeScore(ids);
            assertArrayEquals(ids, t.encode(decoded), s.title());
            assertEquals(480, decoded.ticksPerQuarter());
            List<Note> notes = decoded.parts().get(0).notes();
            assertEquals(ids.length * 240L - 240 + 480, decoded.end(), "token i at i/2 quarters, one quarter long");
            for (Note n : notes) assertEquals(480, n.duration());
        }
        String text = t.decodeText(t.encode(PIANO.get(0)));
        assertEquals(t.encode(PIANO.get(0)).length, text.split(" ").length);
    }

    @Test
    void decodedTokensSurviveAMidiFile() throws IOException {
        for (Map<String, String> options : List.of(Map.<String, String>of(), Map.of("timing", "kept"))) {
            NoteChordTokenizer t = NoteChordTokenizer.fit(PIANO, options);
            int[] ids = t.encode(piece("chpn-p7.mid"));
            byte[] midi = dev.cadenza.formats.midi.MidiWriter.toBytes(t.decodeScore(ids));
            assertArrayEquals(ids, t.encode(MidiReader.parse(midi, "generated.mid").score()), options.toString());
        }
    }

    @Test
    void chordsDecodeInOctaveFour() {
        NoteChordTokenizer t = NoteChordTokenizer.fit(List.of(Score.of("x", 480, 120, null, List.of(Part.of("p", 0, List.of(
                new Note(40, 90, 0, 480), new Note(55, 90, 0, 480), new Note(83, 90, 0, 480), new Note(73, 80, 480, 240)))))), Map.of());
        assertEquals(List.of("4.7.11", "C#5"), t.vocabulary().tokens());
        Score s = t.decodeScore(new int[] {0, 1, 0});
        List<Integer> pitches = s.parts().get(0).notes().stream().map(Note::pitch).collect(Collectors.toList());
        assertEquals(List.of(64, 67, 71, 73, 64, 67, 71), pitches);
        NoteChordTokenizer octaves = NoteChordTokenizer.fit(List.of(Score.of("x", 480, 120, null, List.of(Part.of("p", 0, List.of(
                new Note(45, 90, 0, 480), new Note(57, 90, 0, 480)))))), Map.of());
        assertEquals(List.of("9"), octaves.vocabulary().tokens());
        Score doubled = octaves.decodeScore(new int[] {0});
        assertEquals(List.of(69, 81), doubled.parts().get(0).notes().stream().map(Note::pitch).collect(Collectors.toList()));
        assertArrayEquals(new int[] {0}, octaves.encode(doubled), "a one-class chord stays a chord");
        assertEquals(0, s.parts().get(0).program());
    }

    @Test
    void keptTimingKeepsOnsetsOnTheGridAndRoundTrips() {
        NoteChordTokenizer t = NoteChordTokenizer.fit(PIANO, Map.of("timing", "kept"));
        for (Score s : PIANO) {
            int[] ids = t.encode(s);
            Score decoded = t.decodeScore(ids);
            assertArrayEquals(ids, t.encode(decoded), s.title());
            assertEquals(12, decoded.ticksPerQuarter());
            List<Long> expected = new ArrayList<>();
            for (Note n : t.selectedNotes(s)) {
                long q = Math.round(n.onset() * 12.0 / s.ticksPerQuarter());
                if (expected.isEmpty() || expected.get(expected.size() - 1) != q) expected.add(q);
            }
            long first = expected.get(0);
            List<Long> got = decoded.parts().get(0).notes().stream().map(Note::onset).distinct().collect(Collectors.toList());
            assertEquals(expected.stream().map(q -> q - first).collect(Collectors.toList()), got, s.title());
        }
        assertTrue(t.vocabulary().tokens().contains("E5:1/4") || t.vocabulary().tokens().contains("E5:1/2"));
    }

    @Test
    void keptTokensSpellTimeAsReducedFractions() {
        Score s = Score.of("t", 96, 120, null, List.of(Part.of("p", 0, List.of(
                new Note(64, 90, 0, 48), new Note(67, 90, 48, 32), new Note(69, 90, 80, 16), new Note(60, 90, 96, 192)))));
        NoteChordTokenizer t = NoteChordTokenizer.fit(List.of(s), Map.of("timing", "kept"));
        assertEquals(List.of("E4:1/2", "G4:1/3", "A4:1/6", "C4:2"), t.tokenStrings(s));
    }

    @Test
    void errorsNameTheTokenAndTheOption() {
        NoteChordTokenizer small = NoteChordTokenizer.fit(List.of(piece("deb_clai.mid")), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.encode(piece("mz_331_3.mid")));
        assertTrue(e.getMessage().contains("is not in the vocabulary") && e.getMessage().contains("at position"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NoteChordTokenizer.fit(PIANO, Map.of("parts", "second")));
        assertTrue(e.getMessage().contains("parts") && e.getMessage().contains("second"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NoteChordTokenizer.fit(PIANO, Map.of("timng", "kept")));
        assertTrue(e.getMessage().contains("timng"), e.getMessage());
    }

    @Test
    void providerIsDiscoveredAndRestoresFromItsSavedState() {
        TokenizerProvider<Score> p = Cadenza.discover().tokenizer(NoteChordTokenizer.NAME, Score.class);
        Tokenizer<Score> fitted = p.fit(PIANO, Options.parse("timing=kept,grid=24"));
        TokenizerState saved = TokenizerState.of(fitted);
        Tokenizer<Score> restored = p.restore(saved.config(), saved.vocabulary());
        assertEquals(Map.of("parts", "first", "timing", "kept", "grid", "24"), restored.config());
        assertArrayEquals(((NoteChordTokenizer) fitted).encode(PIANO.get(3)), restored.encode(PIANO.get(3)));
        assertThrows(IllegalArgumentException.class, () -> p.restore(Map.of("timing", "seed"), saved.vocabulary()),
                "a vocabulary of timed tokens cannot be read without timing");
    }
}
