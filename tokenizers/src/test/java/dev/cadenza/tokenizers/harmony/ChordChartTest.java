package dev.cadenza.tokenizers.harmony;

import dev.cadenza.formats.abc.AbcReader;
import dev.cadenza.music.Score;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chord charts typed by the user and read from a tune's chord symbols. */
class ChordChartTest {
    @Test
    void aTypedChartSharesEachBarAmongItsChords() {
        ChordChart c = ChordChart.parse("K:G M:4/4 G | D7 | G C | D7 % G", 12);
        assertEquals(48, c.barLength());
        assertEquals(4 * 48, c.end());
        assertEquals(1, c.key().fifths());
        assertEquals("G", c.at(0).symbol());
        assertEquals("D7", c.at(48).symbol());
        assertEquals("C", c.at(2 * 48 + 24).symbol());
        assertEquals("D7", c.at(3 * 48 + 31).symbol()); // '%' holds D7 for the second third of the bar
        assertEquals("G", c.at(3 * 48 + 32).symbol());
        assertEquals(List.of(0L, 48L, 96L, 120L, 144L, 176L), c.changes().stream().map(ChordChart.Change::tick).toList());
    }

    @Test
    void withoutBarLinesEachChordIsABarAndTheKeyIsEstimated() {
        ChordChart c = ChordChart.parse("\"D\" \"G\" \"A7\" \"D\"", 12);
        assertEquals(4, c.changes().size());
        assertEquals(3 * 48, c.changes().get(3).tick());
        assertEquals(2, c.key().fifths(), "D major");
        assertEquals(6, ChordChart.parse("M:6/8 Em | Am B7", 12).meter().numerator());
        assertEquals(36, ChordChart.parse("M:6/8 Em | Am B7", 12).barLength());
    }

    @Test
    void aBadWordIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChordChart.parse("G | Q7", 12));
        assertTrue(e.getMessage().contains("'Q7'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChordChart.parse("G M:3/4 D", 12));
        assertTrue(e.getMessage().contains("before the first chord"), e.getMessage());
    }

    @Test
    void aTunesChordsAreReadAndItsPickupMovedBeforeTheFirstBarLine() throws Exception {
        Score tune = AbcReader.read("X:1\nT:Pickup\nM:3/4\nL:1/8\nK:D\nA|\"D\"d2 f2 \"A7\"e2|\"D\"d6|]\n");
        assertEquals("D", ChordChart.of(tune).at(240).symbol());
        assertNull(ChordChart.of(tune).at(0), "no chord under the pickup");
        Score aligned = ChordChart.alignedToFirstChord(tune);
        long bar = 3 * 480;
        assertEquals(bar - 240, aligned.parts().get(0).notes().get(0).onset(), "the pickup eighth ends on the bar line");
        ChordChart chart = ChordChart.of(aligned).withTicksPerQuarter(12);
        assertEquals(List.of("D", "A7", "D"), chart.changes().stream().map(ch -> ch.chord().symbol()).toList());
        assertEquals(List.of(36L, 60L, 72L), chart.changes().stream().map(ChordChart.Change::tick).toList());
        assertEquals(3 * 36, chart.end());
    }
}
