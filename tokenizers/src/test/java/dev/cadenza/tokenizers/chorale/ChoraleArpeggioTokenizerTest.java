package dev.cadenza.tokenizers.chorale;

import dev.cadenza.testkit.RealCorpus;
import dev.cadenza.formats.chorale.ChoraleCsv;
import dev.cadenza.corpus.Corpus;
import dev.cadenza.Cadenza;
import dev.cadenza.checkpoint.TokenizerState;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.train.Dataset;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chorale tokens on the 382 real chorales. */
class ChoraleArpeggioTokenizerTest {
    private static Path split(String name) {
        return RealCorpus.require(Corpus.JSB_CHORALES).root().resolve("jsb_chorales").resolve(name);
    }

    @Test
    void everyRealChoraleEncodesIntoTheFixedVocabularyAndDecodesBack() throws IOException {
        ChoraleArpeggioTokenizer t = new ChoraleArpeggioTokenizer();
        assertEquals(47, t.vocabulary().size());
        int chorales = 0, rows = 0;
        int[] seen = new int[47];
        for (String s : List.of("train", "valid", "test")) {
            for (int[][] c : ChoraleCsv.readFolder(split(s))) {
                int[] ids = t.encode(c);
                assertEquals(c.length * 4, ids.length);
                for (int id : ids) seen[id]++;
                assertTrue(Arrays.deepEquals(c, t.decodeChords(ids)));
                chorales++;
                rows += c.length;
            }
        }
        assertEquals(382, chorales);
        assertEquals(92_536, rows, "the data README counts 92,536 time steps");
        for (int i = 0; i < 47; i++) assertTrue(seen[i] > 0, "token " + i + " occurs in the corpus");
        assertEquals(1284, seen[0], "the data README counts 1,284 silent voices");
    }

    @Test
    void tokensAreTheSeedsClassNumbers() {
        assertEquals(0, ChoraleArpeggioTokenizer.token(0));
        assertEquals(1, ChoraleArpeggioTokenizer.token(36));
        assertEquals(25, ChoraleArpeggioTokenizer.token(60));
        assertEquals(46, ChoraleArpeggioTokenizer.token(81));
        assertEquals(60, ChoraleArpeggioTokenizer.pitch(25));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChoraleArpeggioTokenizer().encode(new int[][] {{60, 55, 52, 48}, {60, 55, 52, 35}}));
        assertTrue(e.getMessage().contains("row 1, voice 3") && e.getMessage().contains("35"), e.getMessage());
    }

    @Test
    void windowsAre33ChordsEvery16AsInTheNotebook() throws IOException {
        ChoraleArpeggioTokenizer t = new ChoraleArpeggioTokenizer();
        List<int[][]> train = ChoraleCsv.readFolder(split("train"));
        List<int[]> windows = t.windows(train);
        assertEquals(3111, windows.size(), "sum over chorales of floor((rows - 33) / 16) + 1");
        for (int[] w : windows) assertEquals(132, w.length);
        int[][] first = train.get(0);
        assertArrayEquals(Arrays.copyOfRange(t.encode(first), 64, 64 + 132), t.windows(first).get(1));
        Dataset d = Dataset.of(windows, 32, false);
        assertEquals(98, d.batchesPerEpoch());
        assertEquals(131, d.epoch(null).get(0).steps());
        assertEquals(0, t.windows(new int[32][4]).size(), "a chorale shorter than 33 chords gives no window");
    }

    @Test
    void decodedScoreSoundsExactlyTheRows() throws IOException {
        ChoraleArpeggioTokenizer t = new ChoraleArpeggioTokenizer();
        for (int[][] c : ChoraleCsv.readFolder(split("test"))) {
            Score s = t.decodeScore(t.encode(c));
            assertEquals(4, s.ticksPerQuarter());
            assertEquals(4, s.parts().size());
            assertEquals("Bass", s.parts().get(3).name());
            // Sample the score back on the sixteenth grid: each voice sounds the row's pitch, or nothing for 0.
            int[][] sampled = new int[c.length][4];
            for (int v = 0; v < 4; v++) {
                Part p = s.parts().get(v);
                Note previous = null;
                for (Note n : p.notes()) {
                    if (previous != null) assertTrue(previous.end() < n.onset() || previous.pitch() != n.pitch(), "held notes are joined");
                    for (long k = n.onset(); k < n.end(); k++) sampled[(int) k][v] = n.pitch();
                    previous = n;
                }
            }
            assertTrue(Arrays.deepEquals(c, sampled));
        }
    }

    @Test
    void decodedChoralesSurviveAMidiFile() throws IOException {
        ChoraleArpeggioTokenizer t = new ChoraleArpeggioTokenizer();
        int[][] chorale = ChoraleCsv.read(split("test").resolve("chorale_306.csv"));
        Score s = t.decodeScore(t.encode(chorale));
        Score back = dev.cadenza.formats.midi.MidiReader.parse(dev.cadenza.formats.midi.MidiWriter.toBytes(s), "chorale_306.mid").score();
        assertEquals(4, back.ticksPerQuarter());
        for (int v = 0; v < 4; v++) assertEquals(s.parts().get(v).notes(), back.parts().get(v).notes());
        assertEquals(100.0, back.tempos().get(0).bpm(), 1e-9);
    }

    @Test
    void decodingReportsIncompleteChordsAndBadIds() {
        ChoraleArpeggioTokenizer t = new ChoraleArpeggioTokenizer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.decodeScore(new int[] {1, 2, 3, 4, 5}));
        assertTrue(e.getMessage().contains("position 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.decodeChords(new int[] {1, 47, 3, 4}));
        assertTrue(e.getMessage().contains("position 1"), e.getMessage());
        assertEquals("note0,note1,note2,note3\n60,0,52,36\n", t.decodeText(new int[] {25, 0, 17, 1}));
    }

    @Test
    void badCsvRowsNameTheFileAndLine() {
        IOException e = assertThrows(IOException.class, () -> ChoraleCsv.read(new StringReader("note0,note1,note2,note3\n60,55,52,48\n60,55,x,48\n"), "c.csv"));
        assertTrue(e.getMessage().startsWith("c.csv: line 3, column 3:"), e.getMessage());
        e = assertThrows(IOException.class, () -> ChoraleCsv.read(new StringReader("note0,note1,note2,note3\n60,55,52\n"), "c.csv"));
        assertTrue(e.getMessage().startsWith("c.csv: line 2:") && e.getMessage().contains("3 fields"), e.getMessage());
        e = assertThrows(IOException.class, () -> ChoraleCsv.read(new StringReader("soprano,alto\n"), "c.csv"));
        assertTrue(e.getMessage().startsWith("c.csv: line 1:"), e.getMessage());
        e = assertThrows(IOException.class, () -> ChoraleCsv.read(new StringReader("note0,note1,note2,note3\n60,55,52,200\n"), "c.csv"));
        assertTrue(e.getMessage().contains("line 2, column 4") && e.getMessage().contains("200"), e.getMessage());
    }

    @Test
    void providerIsDiscoveredFitsAndRestores() throws IOException {
        TokenizerProvider<int[][]> p = Cadenza.discover().tokenizer(ChoraleArpeggioTokenizer.NAME, int[][].class);
        List<int[][]> corpus = ChoraleCsv.readFolder(split("valid"));
        Tokenizer<int[][]> fitted = p.fit(corpus, Options.parse("shift=8"));
        TokenizerState saved = TokenizerState.of(fitted);
        Tokenizer<int[][]> restored = p.restore(saved.config(), saved.vocabulary());
        assertEquals(fitted.config(), restored.config());
        assertSame(int[][].class, restored.itemType());
        assertThrows(IllegalArgumentException.class, () -> p.fit(List.<int[][]>of(new int[][] {{90, 60, 50, 40}}), Options.none()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.fit(corpus, Options.parse("windw=3")));
        assertTrue(e.getMessage().contains("windw"), e.getMessage());
    }
}
