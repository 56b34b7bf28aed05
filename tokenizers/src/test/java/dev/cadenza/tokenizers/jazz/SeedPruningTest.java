package dev.cadenza.tokenizers.jazz;

import dev.cadenza.model.SeededRandom;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed's post-processing on hand-made values and notes. */
class SeedPruningTest {
    @Test
    void valuesStartWithASixteenthChordToneLoseApproachAndOtherTonesAndRoundToSixteenths() {
        List<GrammarValue> generated = List.of(GrammarValue.of(NoteClass.A, 4), GrammarValue.after(NoteClass.X, 6, 2),
                GrammarValue.of(NoteClass.R, 3), GrammarValue.after(NoteClass.S, 1, -1));
        for (long seed = 0; seed < 20; seed++) {
            List<GrammarValue> out = SeedPruning.values(generated, new SeededRandom(seed));
            assertEquals(SeedPruning.LEADING.kind(), out.get(0).kind());
            assertEquals(List.of(NoteClass.C, NoteClass.C, NoteClass.C, NoteClass.R, NoteClass.S), out.stream().map(GrammarValue::kind).toList());
            for (int i = 1; i < out.size(); i++) {
                int d = out.get(i).duration(), before = generated.get(i - 1).duration();
                assertEquals(0, d % 3, "a multiple of a sixteenth: " + out.get(i));
                int down = before - before % 3;
                assertTrue(d == down + 3 || d == down || (down == 0 && d == 3), before + " -> " + d);
            }
            assertEquals(generated.get(1).lower(), out.get(2).lower(), "the range stays");
        }
    }

    @Test
    void theSecondOfAPairOfEqualNotesAndANoteOnTheSameOnsetGo() {
        List<Sound> sounds = List.of(new Sound(0, 3, 60), new Sound(3, 3, 60), new Sound(6, 3, 62), new Sound(9, 3, 62),
                new Sound(12, 3, 64), Sound.rest(15, 3), new Sound(18, 3, 65), new Sound(21, 3, 65));
        // Pairs (0,1) and (2,3) repeat a pitch; (4,5) has a rest; (6,7) repeats.
        assertEquals(List.of(new Sound(0, 3, 60), new Sound(6, 3, 62), new Sound(12, 3, 64), Sound.rest(15, 3), new Sound(18, 3, 65)),
                SeedPruning.notes(sounds));
        // The pairs are fixed, not sliding: 1 and 2 are equal but not a pair.
        List<Sound> shifted = List.of(new Sound(0, 3, 59), new Sound(3, 3, 60), new Sound(6, 3, 60), new Sound(9, 3, 61));
        assertEquals(shifted, SeedPruning.notes(shifted));
        assertEquals(List.of(new Sound(0, 3, 60)), SeedPruning.notes(List.of(new Sound(0, 3, 60), new Sound(0, 6, 67))));
    }
}
