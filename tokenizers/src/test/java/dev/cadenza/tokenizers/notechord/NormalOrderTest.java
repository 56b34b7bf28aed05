package dev.cadenza.tokenizers.notechord;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Normal order against music21's documented examples, textbook cases and the definition's properties. */
class NormalOrderTest {
    @Test
    void music21DocumentedExamples() {
        assertArrayEquals(new int[] {0, 3, 7}, NormalOrder.of(60, 63, 67)); // C E- G
        assertArrayEquals(new int[] {0, 4, 7}, NormalOrder.of(60, 64, 67)); // C E G
        assertArrayEquals(new int[] {2, 6, 9}, NormalOrder.of(62, 66, 69)); // D F# A
        assertArrayEquals(new int[] {10, 2, 5}, NormalOrder.of(70, 74, 77)); // B-4 D5 F5
        assertArrayEquals(new int[] {7, 8, 9, 2}, NormalOrder.of(44, 45, 50, 55)); // G#2 A2 D3 G3
        assertArrayEquals(new int[] {7, 8, 9, 0, 2, 4}, NormalOrder.of(55, 62, 68, 69, 72, 76)); // G3 D4 A-4 A4 C5 E5
        assertArrayEquals(new int[] {1, 5, 9}, NormalOrder.of(53, 57, 61)); // E#3 A3 C#4
        assertArrayEquals(new int[] {11, 2, 3, 7}, NormalOrder.of(83, 67, 74, 75, 86)); // B5 G4 D5 E-5 D6
    }

    @Test
    void triadsAndSeventhsInEveryInversionGiveOneToken() {
        assertEquals("0.4.7", NormalOrder.token(64, 67, 72)); // first inversion E-G-C
        assertEquals("0.4.7", NormalOrder.token(55, 64, 72)); // second inversion G-E-C, spread
        assertEquals("2.5.9", NormalOrder.token(62, 65, 69)); // D minor
        assertEquals("4.7.11", NormalOrder.token(52, 55, 59)); // E minor
        assertEquals("11.2.5.7", NormalOrder.token(55, 59, 62, 65)); // G7
        assertEquals("0.1.2", NormalOrder.token(60, 61, 62));
        assertEquals("7.0", NormalOrder.token(48, 55)); // a fifth packs as a fourth
        assertEquals("0.6", NormalOrder.token(60, 66)); // tritone: equal spans, smallest first class
        assertEquals("0.4.8", NormalOrder.token(64, 68, 72)); // augmented: every rotation ties
        assertEquals("1.5.9", NormalOrder.token(61, 65, 69));
        assertEquals("2.5.8.11", NormalOrder.token(59, 62, 65, 68)); // diminished seventh
        assertEquals("9", NormalOrder.token(45, 57, 69)); // octaves of one class
        assertEquals("0.1.2.3.4.5.6.7.8.9.10.11", NormalOrder.token(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
    }

    @Test
    void tiesAreBrokenFromTheRight() {
        // {0,1,5,7,8}: [0,1,5,7,8] and [5,7,8,0,1] both span 8 and reach the second-to-last class after 7;
        // the third-to-last decides (5 against 3), so the intervals pack to the left as in [5,7,8,0,1].
        assertArrayEquals(new int[] {5, 7, 8, 0, 1}, NormalOrder.of(0, 1, 5, 7, 8));
        assertArrayEquals(new int[] {8, 9, 0, 1, 3, 5}, NormalOrder.of(0, 1, 3, 5, 8, 9));
    }

    @Test
    void everySetGetsAMostCompactRotationOfItself() {
        for (int mask = 1; mask < 4096; mask++) {
            int n = Integer.bitCount(mask);
            int[] set = new int[n];
            for (int pc = 0, k = 0; pc < 12; pc++) if ((mask >> pc & 1) != 0) set[k++] = pc;
            int[] order = NormalOrder.of(set);
            assertEquals(n, order.length);
            int span = Math.floorMod(order[n - 1] - order[0], 12);
            for (int i = 0; i + 1 < n; i++) assertTrue(Math.floorMod(order[i + 1] - order[0], 12) > Math.floorMod(order[i] - order[0], 12));
            for (int start = 0; start < n; start++)
                assertTrue(span <= Math.floorMod(set[(start + n - 1) % n] - set[start], 12), "most compact for mask " + mask);
            assertArrayEquals(order, NormalOrder.of(transposedBy12(set)), "octaves do not matter");
        }
    }

    private static int[] transposedBy12(int[] set) {
        int[] out = new int[set.length];
        for (int i = 0; i < set.length; i++) out[i] = set[i] + 12 * (i % 5) + 24;
        return out;
    }

    @Test
    void parseChecksTheClasses() {
        assertArrayEquals(new int[] {4, 7, 11}, NormalOrder.parse("4.7.11"));
        assertThrows(IllegalArgumentException.class, () -> NormalOrder.parse("4.12"));
        assertThrows(IllegalArgumentException.class, () -> NormalOrder.parse("4..7"));
        assertThrows(IllegalArgumentException.class, NormalOrder::of);
    }
}
