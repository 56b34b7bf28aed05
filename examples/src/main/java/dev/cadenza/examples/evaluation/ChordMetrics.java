package dev.cadenza.examples.evaluation;

import dev.cadenza.music.Annotation;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.tokenizers.harmony.Chord;
import dev.cadenza.tokenizers.harmony.ChordChart;
import dev.cadenza.tokenizers.harmony.Scales;

/**
 * How a melody sits on its chords and key, measured the same way for generated and real tunes: on the score's first
 * pitched part (the melody), against the score's chord symbols and first key signature, with bars counted from tick 0
 * (lead sheets are aligned so that their first chord is on a bar line).
 */
public final class ChordMetrics {
    private ChordMetrics() {}

    /**
     * The share of melody notes starting on a strong beat whose pitch class sounds in the chord there: the first beat of
     * each bar, and the third of four-beat bars (4/4, 4/2, 12/8); NaN when the score has no chord symbols or no such note.
     * Notes where no chord sounds yet are not counted.
     *
     * @param score a score with chord symbols
     * @return a share in {@code [0, 1]}, or NaN
     */
    public static double chordTonesOnStrongBeats(Score score) {
        if (score.annotations().stream().noneMatch(a -> a.kind() == Annotation.Kind.CHORD_SYMBOL)) return Double.NaN;
        Part melody = melody(score);
        if (melody == null) return Double.NaN;
        ChordChart chart = ChordChart.of(score);
        TimeSignature meter = score.meter();
        long bar = meter.ticksPerBar(score.ticksPerQuarter());
        long beat = ChordChart.beatLength(meter, score.ticksPerQuarter());
        boolean fourBeats = bar == 4 * beat;
        int strong = 0, chordTones = 0;
        for (Note n : melody.notes()) {
            long inBar = n.onset() % bar;
            if (inBar != 0 && !(fourBeats && inBar == 2 * beat)) continue;
            Chord c = chart.at(n.onset());
            if (c == null) continue;
            strong++;
            if (c.contains(n.pitch())) chordTones++;
        }
        return strong == 0 ? Double.NaN : (double) chordTones / strong;
    }

    /**
     * The share of melody notes whose pitch class is one of the seven of the key signature; NaN without a key or notes.
     *
     * @param score a score with a key signature
     * @return a share in {@code [0, 1]}, or NaN
     */
    public static double notesInKey(Score score) {
        Part melody = melody(score);
        if (melody == null || score.keySignatures().isEmpty()) return Double.NaN;
        int scale = Scales.ofKey(score.keySignatures().get(0));
        int in = 0;
        for (Note n : melody.notes()) if ((scale >> n.pitch() % 12 & 1) != 0) in++;
        return (double) in / melody.notes().size();
    }

    private static Part melody(Score score) {
        for (Part p : score.parts()) if (!p.drums() && !p.notes().isEmpty()) return p;
        return null;
    }
}
