package dev.cadenza.examples.evaluation;

import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Statistics of one piece, as the evaluation report compares them. Drum parts are left out.
 *
 * @param notes number of pitched notes
 * @param lowest lowest MIDI pitch (-1 when there are no notes)
 * @param highest highest MIDI pitch (-1 when there are no notes)
 * @param distinctPitches number of distinct MIDI pitches
 * @param distinctPitchClasses number of distinct pitch classes (0..12)
 * @param pitchClassEntropy Shannon entropy in bits of the pitch-class histogram (note counts), 0..log2(12)
 * @param scaleConsistency share of notes in the best-fitting diatonic (major / natural minor) scale, 0..1
 * @param polyphony mean number of notes sounding at each distinct onset
 * @param emptyBeatRate share of quarter-note beats from 0 to the last note's end in which no note sounds
 * @param longestRepeat longest run of one token repeated (from the token sequence; 0 without tokens)
 * @param chordTonesOnStrongBeats share of the melody's notes on strong beats that are chord tones
 *                                ({@link ChordMetrics}; NaN for a score without chord symbols)
 * @param notesInKey share of the melody's notes in the key signature's scale (NaN for a score without one)
 */
public record PieceMetrics(int notes, int lowest, int highest, int distinctPitches, int distinctPitchClasses,
                           double pitchClassEntropy, double scaleConsistency, double polyphony, double emptyBeatRate,
                           int longestRepeat, double chordTonesOnStrongBeats, double notesInKey) {
    private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};

    /**
     * Metrics of a piece without chords or key.
     *
     * @param notes number of pitched notes
     * @param lowest lowest MIDI pitch, or -1
     * @param highest highest MIDI pitch, or -1
     * @param distinctPitches distinct MIDI pitches
     * @param distinctPitchClasses distinct pitch classes, 0..12
     * @param pitchClassEntropy entropy in bits of the pitch-class histogram
     * @param scaleConsistency share of notes in the best-fitting diatonic scale
     * @param polyphony mean notes sounding at each onset
     * @param emptyBeatRate share of silent beats
     * @param longestRepeat longest run of one repeated token
     */
    public PieceMetrics(int notes, int lowest, int highest, int distinctPitches, int distinctPitchClasses, double pitchClassEntropy,
                        double scaleConsistency, double polyphony, double emptyBeatRate, int longestRepeat) {
        this(notes, lowest, highest, distinctPitches, distinctPitchClasses, pitchClassEntropy, scaleConsistency, polyphony, emptyBeatRate,
                longestRepeat, Double.NaN, Double.NaN);
    }

    /**
     * The span between the lowest and the highest pitch.
     *
     * @return semitones, 0 without notes
     */
    public int pitchRange() {
        return notes == 0 ? 0 : highest - lowest;
    }

    /**
     * The metrics of a piece (chord tones and notes in key are those of the score's chord symbols and key signature).
     *
     * @param score the piece
     * @param tokens its tokens, for the longest repeat; empty or null when it has none
     * @return the metrics
     */
    public static PieceMetrics of(Score score, int[] tokens) {
        List<Note> notes = new ArrayList<>();
        for (Part p : score.parts()) if (!p.drums()) notes.addAll(p.notes());
        int lo = 128, hi = -1;
        boolean[] pitches = new boolean[128];
        int[] pcs = new int[12];
        for (Note n : notes) {
            lo = Math.min(lo, n.pitch());
            hi = Math.max(hi, n.pitch());
            pitches[n.pitch()] = true;
            pcs[n.pitch() % 12]++;
        }
        int distinct = 0;
        for (boolean b : pitches) if (b) distinct++;
        int distinctPcs = 0;
        double entropy = 0;
        for (int c : pcs) {
            if (c == 0) continue;
            distinctPcs++;
            double p = (double) c / notes.size();
            entropy -= p * Math.log(p) / Math.log(2);
        }
        int bestInScale = 0;
        for (int tonic = 0; tonic < 12; tonic++) {
            int in = 0;
            for (int step : MAJOR) in += pcs[(tonic + step) % 12];
            bestInScale = Math.max(bestInScale, in);
        }
        TreeMap<Long, Integer> onsets = new TreeMap<>();
        for (Note n : notes) onsets.merge(n.onset(), 0, Integer::sum);
        double sounding = 0;
        for (long t : onsets.keySet()) {
            int s = 0;
            for (Note n : notes) if (n.onset() <= t && t < n.end()) s++;
            sounding += s;
        }
        long end = score.end();
        int tpq = score.ticksPerQuarter();
        long beats = (end + tpq - 1) / tpq;
        int empty = 0;
        for (long b = 0; b < beats; b++) {
            long from = b * tpq, to = from + tpq;
            boolean any = false;
            for (Note n : notes) if (n.onset() < to && n.end() > from) { any = true; break; }
            if (!any) empty++;
        }
        return new PieceMetrics(notes.size(), notes.isEmpty() ? -1 : lo, hi, distinct, distinctPcs, entropy,
                notes.isEmpty() ? 0 : (double) bestInScale / notes.size(), onsets.isEmpty() ? 0 : sounding / onsets.size(),
                beats == 0 ? 0 : (double) empty / beats, longestRepeat(tokens), ChordMetrics.chordTonesOnStrongBeats(score),
                ChordMetrics.notesInKey(score));
    }

    /**
     * Longest run of one token repeated back to back.
     *
     * @param tokens token ids, or null
     * @return the run's length, 0 without tokens
     */
    public static int longestRepeat(int[] tokens) {
        if (tokens == null || tokens.length == 0) return 0;
        int best = 1, run = 1;
        for (int i = 1; i < tokens.length; i++) {
            run = tokens[i] == tokens[i - 1] ? run + 1 : 1;
            best = Math.max(best, run);
        }
        return best;
    }
}
