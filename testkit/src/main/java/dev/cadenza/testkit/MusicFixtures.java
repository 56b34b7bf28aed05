package dev.cadenza.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Small pieces of music written for Cadenza's tests, so that unit tests run on a fresh clone without the real
 * corpora: four-part chorale phrases in the layout of the JSB chorale CSV files, and a few ABC tunes.
 */
public final class MusicFixtures {
    private MusicFixtures() {}

    /**
     * Four hymn-like phrases (soprano, alto, tenor, bass as MIDI pitches, 0 = silent), one row per sixteenth note as
     * in the JSB chorale CSV files: each chord lasts a quarter note (4 rows), the last one a half note, and every
     * phrase ends with a rest beat. Keys C, G, F and D major; pitches stay within the chorale range 36..81.
     *
     * @return four new chorales
     */
    public static List<int[][]> chorales() {
        int[][][] phrases = {
                // C: I IV V I vi ii V I
                {{72, 67, 64, 48}, {72, 69, 65, 53}, {71, 67, 62, 55}, {72, 67, 64, 48},
                        {72, 69, 64, 57}, {74, 69, 65, 50}, {71, 67, 62, 55}, {72, 67, 64, 48}},
                // G: I V vi IV I V I
                {{67, 62, 59, 43}, {69, 62, 57, 50}, {71, 64, 59, 52}, {72, 67, 60, 48},
                        {71, 67, 62, 55}, {69, 66, 62, 50}, {67, 62, 59, 43}},
                // F: I ii V I IV V I
                {{65, 60, 57, 53}, {67, 62, 58, 46}, {67, 64, 60, 48}, {69, 65, 60, 53},
                        {70, 65, 62, 46}, {67, 64, 60, 48}, {65, 60, 57, 41}},
                // D: I IV I V vi IV V I
                {{74, 69, 66, 50}, {74, 71, 67, 55}, {73, 69, 66, 57}, {76, 69, 64, 49},
                        {74, 71, 66, 47}, {74, 71, 67, 55}, {73, 69, 64, 45}, {74, 69, 66, 50}},
        };
        List<int[][]> out = new ArrayList<>();
        for (int[][] chords : phrases) {
            List<int[]> rows = new ArrayList<>();
            for (int c = 0; c < chords.length; c++) {
                int length = c == chords.length - 1 ? 8 : 4;
                for (int i = 0; i < length; i++) rows.add(chords[c].clone());
            }
            for (int i = 0; i < 4; i++) rows.add(new int[4]);
            out.add(rows.toArray(new int[0][]));
        }
        return out;
    }

    /**
     * {@link #chorales()} as the text of chorale CSV files (header, then one line per row).
     *
     * @return four CSV texts
     */
    public static List<String> choraleCsvFiles() {
        List<String> files = new ArrayList<>();
        for (int[][] rows : chorales()) {
            StringBuilder sb = new StringBuilder("note0,note1,note2,note3\n");
            for (int[] r : rows) sb.append(r[0]).append(',').append(r[1]).append(',').append(r[2]).append(',').append(r[3]).append('\n');
            files.add(sb.toString());
        }
        return files;
    }

    /**
     * Four short tunes in the plain ABC of the irish.abc corpus (X, T, R, M, L, K headers, repeats, endings, a
     * triplet, broken rhythm, accidentals, a chord symbol), one string per tune.
     *
     * @return four tune texts
     */
    public static List<String> abcTunes() {
        return List.of(
                "X:1\nT:Fixture Jig\nR:jig\nM:6/8\nL:1/8\nK:G\n|:GAB cBA|BGE E2D|GAB cde|dBG A3:|\n|:\"D\"def gfe|dBG GAB|cBA BAG|1 AGF G3:|2 AGF G2z|]\n",
                "X:2\nT:Fixture Reel\nR:reel\nM:4/4\nL:1/8\nK:D\n|:DFAF dFAF|EFGE CEGE|DFAF dfaf|(3gfe dc d2dB:|\nAd^cd e>dcB|A2FA GFED|\n",
                "X:3\nT:Fixture Waltz\nR:waltz\nM:3/4\nL:1/4\nK:F\nA B c|d2 c|B>A G|F3|A _B c|f2 e|d c =B|c3|]\n",
                "X:4\nT:Fixture Hornpipe\nR:hornpipe\nM:2/4\nL:1/16\nK:Ador\nA2c2 e2a2|g2e2 d2B2|c2A2 B2G2|A4 A4|]\n");
    }
}
