package dev.cadenza.tokenizers.jazz;

import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Cuts a score into the four-beat measures of the jazz grammar, as deepjazz prepares the Metheny file with music21: the
 * melody part and the chord parts are chosen by name or number; onsets and durations are quantized as music21 reads
 * MIDI (to the nearer of the sixteenth and the eighth-note-triplet grid; a duration that rounds to nothing becomes a
 * sixteenth, as deepjazz sets it); the chords are the groups of two or more notes of the chord parts that start
 * together (music21's chords). Where deepjazz leaves music21's voices and rests as they come, the melody here is made
 * one line: of notes that start together the highest is kept, a note ends where the next one starts, gaps are rests,
 * and a note still sounding at the bar line is cut there (its tail becomes part of the next measure's first rest), so
 * that each measure's sounds tile its four beats exactly. A measure without a chord takes the last chord before it
 * (the first chord of the piece for the measures before that).
 * <p>
 * Part selectors: a part's name (case ignored) or its number among the pitched parts that have notes, from 0;
 * {@code others} for the chord parts means every pitched part but the melody (the melody itself when it is alone).
 */
public final class MeasureReader {
    private final String melody;
    private final List<String> chordParts;
    private final int from, to;

    /**
     * @param melody the melody part's selector
     * @param chordParts the chord parts' selectors, or {@code others}
     * @param from the first measure to read (from 0), or -1 for the first measure with a melody note
     * @param to the last measure to read, or -1 for the last with a melody note
     */
    public MeasureReader(String melody, List<String> chordParts, int from, int to) {
        this.melody = melody;
        this.chordParts = List.copyOf(chordParts);
        this.from = from;
        this.to = to;
        if (from >= 0 && to >= 0 && to < from) throw new IllegalArgumentException("measures " + from + "-" + to + ": the last comes before the first");
    }

    /**
     * What reading a score found: its measures, and how many melody notes were dropped or cut to make one line.
     *
     * @param measures the measures read, in order, each with at least one chord
     * @param notesUnderHigherNotes melody notes dropped because a higher note sounded at the same time
     * @param notesCutAtBarLines melody notes cut short at a bar line
     */
    public record Reading(List<GrammarMeasure> measures, int notesUnderHigherNotes, int notesCutAtBarLines) {}

    /**
     * The measures of {@code score}.
     *
     * @param score a MIDI score
     * @return the measures and the count of what was changed to make one melodic line
     * @throws IllegalArgumentException when the score has no pitched part, or the melody or chord parts are not found
     */
    public Reading read(Score score) {
        List<Part> pitched = score.parts().stream().filter(p -> !p.drums() && !p.notes().isEmpty()).toList();
        String name = score.title().isEmpty() ? "score" : "'" + score.title() + "'";
        if (pitched.isEmpty()) throw new IllegalArgumentException(name + " has no pitched part with notes");
        Part melodyPart = select(pitched, melody, name, "melody");
        List<Part> chordSources = new ArrayList<>();
        if (chordParts.size() == 1 && chordParts.get(0).equals("others")) {
            for (Part p : pitched) if (p != melodyPart) chordSources.add(p);
            if (chordSources.isEmpty()) chordSources.add(melodyPart);
        } else {
            for (String s : chordParts) chordSources.add(select(pitched, s, name, "chords"));
        }
        int tpq = score.ticksPerQuarter();

        // The melody as one line on the grid.
        TreeMap<Integer, int[]> byOnset = new TreeMap<>(); // onset -> {pitch, duration}
        int under = 0;
        for (Note n : melodyPart.notes()) {
            int onset = quantize(n.onset(), tpq);
            int duration = quantize(n.duration(), tpq);
            if (duration == 0) duration = GrammarValue.GRID / 4;
            int[] there = byOnset.get(onset);
            if (there != null) {
                under++;
                if (there[0] >= n.pitch()) continue;
            }
            byOnset.put(onset, new int[] {n.pitch(), duration});
        }
        if (byOnset.isEmpty()) throw new IllegalArgumentException(name + ": the melody part has no notes");
        List<int[]> line = new ArrayList<>(); // {onset, end, pitch}
        Integer[] onsets = byOnset.keySet().toArray(new Integer[0]);
        for (int i = 0; i < onsets.length; i++) {
            int[] pd = byOnset.get(onsets[i]);
            int end = onsets[i] + pd[1];
            if (i + 1 < onsets.length) end = Math.min(end, onsets[i + 1]);
            line.add(new int[] {onsets[i], end, pd[0]});
        }

        // Chords: notes of the chord parts that start together, two or more distinct pitches.
        TreeMap<Integer, java.util.TreeSet<Integer>> chordNotes = new TreeMap<>();
        for (Part p : chordSources)
            for (Note n : p.notes()) chordNotes.computeIfAbsent(quantize(n.onset(), tpq), k -> new java.util.TreeSet<>()).add(n.pitch());
        chordNotes.values().removeIf(s -> s.size() < 2);
        if (chordNotes.isEmpty())
            throw new IllegalArgumentException(name + ": the chord parts never sound two notes together, so there are no chords to read the melody against");

        int measure = JazzGrammar.MEASURE;
        int first = from >= 0 ? from : line.get(0)[0] / measure;
        int last = to >= 0 ? to : (line.get(line.size() - 1)[1] - 1) / measure;
        List<GrammarMeasure> measures = new ArrayList<>();
        int cut = 0;
        int next = 0;
        while (next < line.size() && line.get(next)[1] <= first * measure) next++;
        for (int m = first; m <= last; m++) {
            int start = m * measure, end = start + measure;
            List<Sound> sounds = new ArrayList<>();
            int at = start;
            for (int i = next; i < line.size() && line.get(i)[0] < end; i++) {
                int[] n = line.get(i);
                if (n[0] < start) continue; // began in an earlier measure: its tail here is a rest
                if (n[0] > at) sounds.add(Sound.rest(at - start, n[0] - at));
                int stop = Math.min(n[1], end);
                if (n[1] > end) cut++;
                sounds.add(new Sound(n[0] - start, stop - n[0], n[2]));
                at = stop;
            }
            if (at < end) sounds.add(Sound.rest(at - start, end - at));
            while (next < line.size() && line.get(next)[0] < end) next++;
            measures.add(new GrammarMeasure(m, sounds, chordsOf(chordNotes, start, end)));
        }
        return new Reading(measures, under, cut);
    }

    private static List<MeasureChord> chordsOf(TreeMap<Integer, java.util.TreeSet<Integer>> chordNotes, int start, int end) {
        List<MeasureChord> chords = new ArrayList<>();
        for (var e : chordNotes.subMap(start, end).entrySet())
            chords.add(MeasureChord.of(e.getKey() - start, e.getValue().stream().mapToInt(Integer::intValue).toArray()));
        if (chords.isEmpty()) {
            var before = chordNotes.lowerEntry(start);
            var e = before != null ? before : chordNotes.firstEntry();
            chords.add(MeasureChord.of(0, e.getValue().stream().mapToInt(Integer::intValue).toArray()));
        }
        return chords;
    }

    /**
     * Ticks to grid steps as music21 quantizes MIDI (quarterLengthDivisors 4 and 3): the nearer of the nearest
     * sixteenth and the nearest eighth-note triplet (the sixteenth on a tie).
     *
     * @param ticks a time or length in the score's ticks
     * @param ticksPerQuarter the score's resolution
     * @return the steps of {@link GrammarValue#GRID} per quarter note
     */
    public static int quantize(long ticks, int ticksPerQuarter) {
        double q = (double) ticks / ticksPerQuarter;
        long sixteenths = Math.round(q * 4), triplets = Math.round(q * 3);
        double e4 = Math.abs(q - sixteenths / 4.0), e3 = Math.abs(q - triplets / 3.0);
        return (int) (e3 < e4 - 1e-9 ? triplets * (GrammarValue.GRID / 3) : sixteenths * (GrammarValue.GRID / 4));
    }

    private static Part select(List<Part> pitched, String selector, String score, String role) {
        for (Part p : pitched) if (p.name().equalsIgnoreCase(selector.trim())) return p;
        try {
            int i = Integer.parseInt(selector.trim());
            if (i >= 0 && i < pitched.size()) return pitched.get(i);
        } catch (NumberFormatException e) {
            // reported below
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pitched.size(); i++) names.add(i + " " + pitched.get(i).name());
        throw new IllegalArgumentException(score + ": no " + role + " part '" + selector + "'; its pitched parts are " + String.join(", ", names));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "melody %s, chords %s, measures %s-%s", melody, chordParts, from < 0 ? "first" : from, to < 0 ? "last" : to);
    }
}
