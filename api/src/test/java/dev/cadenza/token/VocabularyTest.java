package dev.cadenza.token;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Ids, specials and the text form of a vocabulary; a wrong id is named with its position. */
class VocabularyTest {
    private final Vocabulary v = new Vocabulary(List.of(Vocabulary.PAD, "C4", "E4", "G4"), List.of(Vocabulary.PAD));

    @Test
    void idsAndTokensMapBothWays() {
        assertEquals(4, v.size());
        assertEquals(2, v.id("E4"));
        assertEquals("G4", v.token(3));
        assertTrue(v.isSpecial(0));
        assertFalse(v.isSpecial(1));
        assertEquals(-1, v.idOrMinusOne("B4"));
    }

    @Test
    void joinWritesTheTokensWithTheSeparatorAndRefusesAWrongId() {
        assertEquals("C4 E4 G4", v.join(new int[] {1, 2, 3}, " "));
        assertEquals("C4E4", v.join(new int[] {1, 2}, ""));
        assertEquals("", v.join(new int[0], " "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.join(new int[] {1, 9}, " "));
        assertTrue(e.getMessage().contains("token id 9 at position 1"), e.getMessage());
    }
}
