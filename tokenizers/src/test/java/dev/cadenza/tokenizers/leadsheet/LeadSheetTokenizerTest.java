package dev.cadenza.tokenizers.leadsheet;

import dev.cadenza.formats.abc.AbcReader;
import dev.cadenza.music.Score;
import dev.cadenza.tokenizers.harmony.ChordChart;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hand-made lead sheet with a pickup, a triplet, a rest and a chord in the melody. */
class LeadSheetTokenizerTest {
    static final Score TUNE = tune("X:1\nT:Test\nM:4/4\nL:1/8\nK:G\nD|\"G\"G2 (3ABc d2 z2|\"D7\"[FA]4 \"G\"G4|]\n");

    /** The tunes here are written for the test, so a parse error is a broken test, not a case to handle. */
    static Score tune(String abc) {
        try {
            return AbcReader.read(abc);
        } catch (dev.cadenza.formats.abc.AbcParseException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eventsCarryPitchAndDurationAfterThePickupRest() {
        LeadSheetTokenizer t = LeadSheetTokenizer.fit(List.of(TUNE), Map.of());
        assertEquals(List.of("r:42", "D4:6", "G4:12", "A4:4", "B4:4", "C5:4", "D5:12", "r:12", "A4:24", "G4:24"), t.events(TUNE));
        int[] ids = t.encode(TUNE);
        assertEquals(t.startToken(), ids[0]);
        assertEquals(11, ids.length);
        long[] onsets = t.onsets(ids);
        assertEquals(48, onsets[3], "the first G is on the first bar line");
        assertEquals(96, onsets[9], "the chord's top note on bar 2");
        assertEquals(144, t.end(ids));
        assertArrayEquals(new int[] {67}, t.pitches(ids[3]));
        assertArrayEquals(new int[0], t.pitches(ids[1]));
        assertEquals("G", t.chart(TUNE).at(onsets[3]).symbol());
        assertEquals("D7", t.chart(TUNE).at(onsets[9]).symbol());
        assertEquals(ChordChart.class, t.chart(TUNE).getClass());
        Score back = t.decodeScore(ids);
        assertEquals(8, back.noteCount());
        assertEquals(t.events(TUNE), t.events(back).subList(0, t.events(back).size()), "the decoded melody reads back the same (it has no chords to align)");
    }

    @Test
    void anEventMissingFromTheVocabularyIsNamed() {
        LeadSheetTokenizer t = LeadSheetTokenizer.fit(List.of(TUNE), Map.of());
        Score other = tune("X:2\nT:Other\nM:4/4\nL:1/8\nK:G\n\"G\"g8|]\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.encode(other));
        assertTrue(e.getMessage().contains("'G5:48'") && e.getMessage().contains("'Other'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LeadSheetTokenizer(dev.cadenza.token.Vocabulary.of(List.of("X9")), Map.of()));
        assertTrue(e.getMessage().contains("'X9'"), e.getMessage());
    }
}
