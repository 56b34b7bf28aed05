package dev.cadenza.examples.evaluation;

import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TimeSignature;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PieceMetricsTest {

    @Test
    void cMajorScaleInQuarters() {
        int[] pitches = {60, 62, 64, 65, 67, 69, 71, 72};
        List<Note> notes = new java.util.ArrayList<>();
        for (int i = 0; i < pitches.length; i++) notes.add(new Note(pitches[i], 80, i * 4L, 4));
        Score s = Score.of("scale", 4, 120, new TimeSignature(0, 4, 4), List.of(Part.of("melody", 0, notes)));
        PieceMetrics m = PieceMetrics.of(s, new int[] {1, 1, 1, 2});
        assertEquals(8, m.notes());
        assertEquals(12, m.pitchRange());
        assertEquals(8, m.distinctPitches());
        assertEquals(7, m.distinctPitchClasses());
        assertEquals(1.0, m.scaleConsistency(), 1e-12);
        assertEquals(1.0, m.polyphony(), 1e-12);
        assertEquals(0.0, m.emptyBeatRate(), 1e-12);
        assertEquals(3, m.longestRepeat());
        // 6 classes once, C twice: H = -(6 * 1/8 log2 1/8 + 2/8 log2 2/8)
        assertEquals(6.0 / 8 * 3 + 0.25 * 2, m.pitchClassEntropy(), 1e-12);
    }

    @Test
    void chordsSilenceAndChromaticNotes() {
        List<Note> notes = List.of(new Note(60, 80, 0, 4), new Note(64, 80, 0, 4), new Note(67, 80, 0, 4),
                new Note(61, 80, 8, 4)); // a beat of silence between them, C# outside C major
        Score s = Score.of("x", 4, 120, null, List.of(Part.of("p", 0, notes)));
        PieceMetrics m = PieceMetrics.of(s, null);
        assertEquals(2.0, m.polyphony(), 1e-12);
        assertEquals(1.0 / 3, m.emptyBeatRate(), 1e-12);
        assertEquals(0.75, m.scaleConsistency(), 1e-12);
    }

    @Test
    void longestCopiedNgram() {
        List<int[]> corpus = List.of(new int[] {1, 2, 3, 4, 5}, new int[] {9, 8, 7});
        assertEquals(3, Plagiarism.longestCopiedNgram(new int[] {0, 2, 3, 4, 0, 9, 8}, corpus));
        assertEquals(0, Plagiarism.longestCopiedNgram(new int[] {42, 43}, corpus));
        assertEquals(5, Plagiarism.longestCopiedNgram(new int[] {1, 2, 3, 4, 5}, corpus));
    }

    @Test
    void reportShowsCorpusBesideGenerated() throws Exception {
        PieceMetrics a = new PieceMetrics(10, 60, 72, 5, 4, 2.0, 0.9, 1.0, 0.1, 3);
        PieceMetrics b = new PieceMetrics(20, 50, 70, 9, 7, 2.5, 0.8, 2.0, 0.0, 1);
        EvaluationReport r = EvaluationReport.compare(List.of(a), List.of(a, b), 7, 40);
        assertArrayEquals(new double[] {10, 15}, r.metrics().get("notes"), 1e-12);
        assertTrue(r.toMarkdown().contains("| pitch range (semitones) | 12.000 | 16.000 |"), r.toMarkdown());
        assertTrue(r.toJson().contains("\"longestCopiedNgram\" : 7"), r.toJson());
    }
}
