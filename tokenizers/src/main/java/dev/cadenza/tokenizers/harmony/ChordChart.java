package dev.cadenza.tokenizers.harmony;

import dev.cadenza.music.Annotation;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The chords of a piece over time, on a tick grid: what a melody is improvised over. Each chord holds from its tick
 * to the next one; before the first there is no chord. Made from the chord symbols of a score (an ABC tune), from the
 * accompaniment of a MIDI file, or from a chart the user types ({@link #parse}).
 *
 * @param ticksPerQuarter the tick grid
 * @param meter the meter (the first of the source)
 * @param key the key: the source's first key signature, else {@link #estimateKey estimated from the chords}
 * @param changes the chord changes in time order, at most one per tick
 * @param end the tick where the chart ends (a bar line)
 */
public record ChordChart(int ticksPerQuarter, TimeSignature meter, KeySignature key, List<Change> changes, long end) {
    /**
     * A chord that starts at {@code tick}.
     *
     * @param tick where the chord starts, in the chart's ticks, {@code >= 0}
     * @param chord the chord, not null
     */
    public record Change(long tick, Chord chord) {
        /**
         * Checks the tick and chord.
         *
         * @param tick {@code >= 0}
         * @param chord not null
         * @throws IllegalArgumentException when the tick is negative
         */
        public Change {
            if (tick < 0) throw new IllegalArgumentException("chord change tick must be >= 0, was " + tick);
            Objects.requireNonNull(chord, "chord");
        }
    }

    /**
     * Checks the grid, the order of the changes and the end, and copies the changes.
     *
     * @param ticksPerQuarter {@code > 0}
     * @param meter not null
     * @param key not null
     * @param changes in strictly increasing tick order
     * @param end after the last change's tick, {@code >= 0}
     * @throws IllegalArgumentException when the grid, order or end is wrong
     */
    public ChordChart {
        if (ticksPerQuarter <= 0) throw new IllegalArgumentException("ticksPerQuarter must be > 0, was " + ticksPerQuarter);
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(key, "key");
        changes = List.copyOf(changes);
        for (int i = 1; i < changes.size(); i++)
            if (changes.get(i).tick() <= changes.get(i - 1).tick())
                throw new IllegalArgumentException("chord changes must be in time order, one per tick: " + changes.get(i - 1) + " then " + changes.get(i));
        if (end < 0 || (!changes.isEmpty() && end <= changes.get(changes.size() - 1).tick()))
            throw new IllegalArgumentException("the chart must end after its last chord change, ends at " + end);
    }

    /**
     * Ticks in one bar.
     *
     * @return the bar's length in ticks
     */
    public long barLength() {
        return meter.ticksPerBar(ticksPerQuarter);
    }

    /**
     * The chord sounding at {@code tick}, or null before the first change.
     *
     * @param tick a tick of the chart
     * @return the chord sounding there, or null
     */
    public Chord at(long tick) {
        Chord c = null;
        int lo = 0, hi = changes.size() - 1;
        while (lo <= hi) { // the last change at or before tick
            int mid = (lo + hi) >>> 1;
            if (changes.get(mid).tick() <= tick) {
                c = changes.get(mid).chord();
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return c;
    }

    /**
     * The chord symbols as score annotations, in the common spelling, one per change.
     *
     * @return new annotations of the whole score, in time order
     */
    public List<Annotation> annotations() {
        List<Annotation> out = new ArrayList<>();
        for (Change c : changes) out.add(new Annotation(c.tick(), Annotation.Kind.CHORD_SYMBOL, c.chord().symbol()));
        return out;
    }

    /**
     * The same chart on another tick grid (ticks are rounded to the nearest tick of the new grid).
     *
     * @param tpq the new ticks per quarter note, {@code > 0}
     * @return this chart when the grid is the same, else a new chart; changes that fall on one tick keep the later
     */
    public ChordChart withTicksPerQuarter(int tpq) {
        if (tpq == ticksPerQuarter) return this;
        List<Change> moved = new ArrayList<>();
        for (Change c : changes) {
            long t = Math.round(c.tick() * (double) tpq / ticksPerQuarter);
            if (!moved.isEmpty() && moved.get(moved.size() - 1).tick() == t) moved.set(moved.size() - 1, new Change(t, c.chord()));
            else moved.add(new Change(t, c.chord()));
        }
        long newEnd = Math.round(end * (double) tpq / ticksPerQuarter);
        return new ChordChart(tpq, meter, key, moved, Math.max(newEnd, moved.isEmpty() ? 0 : moved.get(moved.size() - 1).tick() + 1));
    }

    /**
     * The first {@code bars} bars of the chart (the whole chart when it is shorter).
     *
     * @param bars the number of bars kept, {@code >= 0}
     * @return a new chart ending at the cut
     */
    public ChordChart firstBars(int bars) {
        long cut = Math.min(end, bars * barLength());
        List<Change> kept = new ArrayList<>();
        for (Change c : changes) if (c.tick() < cut) kept.add(c);
        return new ChordChart(ticksPerQuarter, meter, key, kept, cut);
    }

    /**
     * The chart of a score's chord symbols ({@link Annotation.Kind#CHORD_SYMBOL} annotations), ending at the bar line
     * after its last note or chord. Meter and key are the score's first (the key is estimated when it has none).
     *
     * @throws IllegalArgumentException for a chord symbol that does not parse, naming the score, the tick and the symbol
     * @param score a score with chord symbols (an ABC tune, a lead sheet)
     * @return the chart; empty, ending after the last note, when the score has no chord symbol
     */
    public static ChordChart of(Score score) {
        List<Change> changes = new ArrayList<>();
        for (Annotation a : score.annotations()) {
            if (a.kind() != Annotation.Kind.CHORD_SYMBOL) continue;
            Chord c;
            try {
                c = ChordSymbol.parse(a.text());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((score.title().isEmpty() ? "score" : "'" + score.title() + "'") + ", tick " + a.tick()
                        + ": " + e.getMessage(), e);
            }
            add(changes, a.tick(), c);
        }
        TimeSignature meter = score.meter();
        long bar = meter.ticksPerBar(score.ticksPerQuarter());
        long last = Math.max(score.end(), changes.isEmpty() ? 0 : changes.get(changes.size() - 1).tick() + 1);
        long end = Math.max(bar, (last + bar - 1) / bar * bar);
        KeySignature key = score.keySignatures().isEmpty() ? estimateKey(changes, end) : score.keySignatures().get(0);
        return new ChordChart(score.ticksPerQuarter(), new TimeSignature(0, meter.numerator(), meter.denominator()), key, changes, end);
    }

    /**
     * The chords a MIDI file's accompaniment sounds: every part but the first pitched one (the melody) when there are
     * several, else the only one; on each beat, the pitch classes of the notes sounding during its first half, named
     * when at least two classes sound (a single class keeps the chord before). Repeated chords are merged. A score that
     * carries chord symbols is read by {@link #of(Score)} instead.
     *
     * @param score a MIDI score with an accompaniment
     * @return the chart
     */
    public static ChordChart ofAccompaniment(Score score) {
        boolean symbols = score.annotations().stream().anyMatch(a -> a.kind() == Annotation.Kind.CHORD_SYMBOL);
        if (symbols) return of(score);
        List<Part> pitched = score.parts().stream().filter(p -> !p.drums() && !p.notes().isEmpty()).toList();
        if (pitched.isEmpty()) throw new IllegalArgumentException((score.title().isEmpty() ? "score" : "'" + score.title() + "'")
                + " has no pitched notes to read chords from");
        List<Part> comping = pitched.size() > 1 ? pitched.subList(1, pitched.size()) : pitched;
        int tpq = score.ticksPerQuarter();
        TimeSignature meter = score.meter();
        long beat = beatLength(meter, tpq);
        long bar = meter.ticksPerBar(tpq);
        long end = Math.max(bar, (score.end() + bar - 1) / bar * bar);
        List<Change> changes = new ArrayList<>();
        for (long t = 0; t < end; t += beat) {
            int set = 0, lowest = 128;
            for (Part p : comping)
                for (Note n : p.notes()) {
                    if (n.onset() >= t + beat / 2) break;
                    if (n.end() <= t) continue;
                    set |= 1 << n.pitch() % 12;
                    lowest = Math.min(lowest, n.pitch());
                }
            if (Integer.bitCount(set) < 2) continue;
            Chord c = Chord.ofPitchClasses(set, lowest % 12);
            if (!changes.isEmpty() && changes.get(changes.size() - 1).chord().equals(c)) continue;
            add(changes, t, c);
        }
        KeySignature key = score.keySignatures().isEmpty() ? estimateKey(changes, end) : score.keySignatures().get(0);
        return new ChordChart(tpq, new TimeSignature(0, meter.numerator(), meter.denominator()), key, changes, end);
    }

    /**
     * A chart typed by the user: chord symbols ({@link ChordSymbol} spellings, quotes allowed: {@code "G"}) separated by
     * spaces, bar lines {@code |} (also {@code ||}, {@code |:}, {@code :|}); the chords of a bar share it equally (one
     * chord a bar, two a half each, four in 4/4 one a beat), and without any bar line each chord is one bar. {@code %}
     * repeats the chord before for its share. {@code M:6/8} and {@code K:D} (also {@code K:Am}) set the meter (default
     * 4/4) and key (default: estimated from the chords), before the first chord.
     * Example: {@code "K:G M:4/4 G | D7 | G C | D7 G"}.
     *
     * @throws IllegalArgumentException naming the word that could not be read and what was expected
     * @param text the chart, e.g. {@code "K:G M:4/4 G | D7 | G C | D7 G"}
     * @param ticksPerQuarter the grid of the chart, {@code > 0}
     * @return the chart
     */
    public static ChordChart parse(String text, int ticksPerQuarter) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("chord chart: empty; give chord symbols such as \"G D7 | G C\"");
        TimeSignature meter = new TimeSignature(0, 4, 4);
        KeySignature key = null;
        List<List<String>> bars = new ArrayList<>();
        List<String> current = new ArrayList<>();
        boolean anyBarLine = false;
        for (String word : text.trim().split("\\s+")) {
            String w = word.replace("\"", "");
            if (w.isEmpty()) continue;
            if (w.matches("[|:\\[\\]]+")) {
                anyBarLine = true;
                if (!current.isEmpty()) bars.add(current);
                current = new ArrayList<>();
            } else if (w.startsWith("M:")) {
                if (!bars.isEmpty() || !current.isEmpty()) throw new IllegalArgumentException("chord chart: '" + w + "': give the meter before the first chord");
                meter = meter(w.substring(2), w);
            } else if (w.startsWith("K:")) {
                if (!bars.isEmpty() || !current.isEmpty()) throw new IllegalArgumentException("chord chart: '" + w + "': give the key before the first chord");
                key = key(w.substring(2), w);
            } else {
                if (!w.equals("%")) {
                    try {
                        ChordSymbol.parse(w);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("chord chart, word " + (bars.size() + 1) + ": " + e.getMessage(), e);
                    }
                } else if (bars.isEmpty() && current.isEmpty()) {
                    throw new IllegalArgumentException("chord chart: '%' repeats the chord before, and there is none yet");
                }
                current.add(w);
            }
        }
        if (!current.isEmpty()) bars.add(current);
        if (!anyBarLine) { // one chord a bar
            List<List<String>> single = new ArrayList<>();
            for (List<String> b : bars) for (String c : b) single.add(List.of(c));
            bars = single;
        }
        if (bars.isEmpty()) throw new IllegalArgumentException("chord chart '" + text + "' holds no chord symbol");
        long barTicks = meter.ticksPerBar(ticksPerQuarter);
        List<Change> changes = new ArrayList<>();
        Chord previous = null;
        for (int b = 0; b < bars.size(); b++) {
            List<String> chords = bars.get(b);
            for (int k = 0; k < chords.size(); k++) {
                long tick = b * barTicks + barTicks * k / chords.size();
                Chord c = chords.get(k).equals("%") ? previous : ChordSymbol.parse(chords.get(k));
                if (c != previous) add(changes, tick, c);
                previous = c;
            }
        }
        long end = bars.size() * barTicks;
        return new ChordChart(ticksPerQuarter, meter, key != null ? key : estimateKey(changes, end), changes, end);
    }

    /**
     * A score holding nothing but this chart: its chord symbols, meter and key, on the chart's grid.
     *
     * @param title the score's title
     * @param bpm quarter notes per minute
     * @return a new score without parts
     */
    public Score asScore(String title, double bpm) {
        return new Score(title, ticksPerQuarter, List.of(), List.of(TempoChange.bpm(0, bpm)), List.of(meter), List.of(key),
                annotations(), java.util.Map.of());
    }

    /**
     * The major key whose scale holds most of the chords' pitch classes, weighted by how long each chord lasts, with a
     * bonus for a tonic that is a chord root (ties go to the first chord's root).
     *
     * @param changes the chord changes, in time order
     * @param end the chart's end tick
     * @return a major key signature at tick 0
     */
    public static KeySignature estimateKey(List<Change> changes, long end) {
        if (changes.isEmpty()) return new KeySignature(0, 0, "major");
        double best = -1;
        int bestTonic = changes.get(0).chord().root();
        for (int k = 0; k < 12; k++) {
            int tonic = (changes.get(0).chord().root() + k) % 12;
            double score = 0;
            for (int i = 0; i < changes.size(); i++) {
                long length = (i + 1 < changes.size() ? changes.get(i + 1).tick() : end) - changes.get(i).tick();
                Chord c = changes.get(i).chord();
                int in = 0;
                for (int pc : c.pitchClassArray()) if (Scales.inMajor(tonic, pc)) in++;
                score += length * ((double) in / Integer.bitCount(c.pitchClasses()) + (c.root() == tonic ? 0.5 : 0));
            }
            if (score > best + 1e-9) {
                best = score;
                bestTonic = tonic;
            }
        }
        return new KeySignature(0, Scales.fifthsOfMajor(bestTonic), "major");
    }

    /**
     * One beat: a dotted quarter in compound meters (6/8, 9/8, 12/8), else the denominator's note.
     *
     * @param meter the meter
     * @param ticksPerQuarter the grid
     * @return the beat's length in ticks
     */
    public static long beatLength(TimeSignature meter, int ticksPerQuarter) {
        long unit = 4L * ticksPerQuarter / meter.denominator();
        return compound(meter) ? 3 * unit : unit;
    }

    /**
     * Whether the meter is compound: 6/8, 9/8, 12/8 (and 6/4, 6/16, ...): beats of three units.
     *
     * @param meter the meter
     * @return true when the numerator is a multiple of 3 above 3 and the denominator at least 4
     */
    public static boolean compound(TimeSignature meter) {
        return meter.numerator() % 3 == 0 && meter.numerator() > 3 && meter.denominator() >= 4;
    }

    /**
     * The same score moved later so that its first chord symbol falls on a bar line (a pickup becomes a bar that
     * starts with a rest), since ABC tunes read from their first note put the first bar line after the pickup.
     * A score without chord symbols, or whose first chord is on a bar line already, is returned unchanged.
     *
     * @param score a score
     * @return the score moved by a rest of less than a bar, or the same score
     */
    public static Score alignedToFirstChord(Score score) {
        long first = -1;
        for (Annotation a : score.annotations())
            if (a.kind() == Annotation.Kind.CHORD_SYMBOL) {
                first = a.tick();
                break;
            }
        long bar = score.meter().ticksPerBar(score.ticksPerQuarter());
        if (first < 0 || first % bar == 0) return score;
        long shift = bar - first % bar;
        List<Part> parts = new ArrayList<>();
        for (Part p : score.parts()) {
            List<Note> notes = new ArrayList<>();
            for (Note n : p.notes()) notes.add(new Note(n.pitch(), n.velocity(), n.onset() + shift, n.duration()));
            parts.add(p.withNotes(notes));
        }
        List<Annotation> annotations = new ArrayList<>();
        for (Annotation a : score.annotations()) annotations.add(new Annotation(a.tick() + shift, a.kind(), a.text()));
        List<TempoChange> tempos = new ArrayList<>();
        for (TempoChange t : score.tempos()) tempos.add(t.tick() == 0 ? t : new TempoChange(t.tick() + shift, t.microsPerQuarter()));
        List<TimeSignature> meters = new ArrayList<>();
        for (TimeSignature t : score.timeSignatures()) meters.add(t.tick() == 0 ? t : new TimeSignature(t.tick() + shift, t.numerator(), t.denominator()));
        List<KeySignature> keys = new ArrayList<>();
        for (KeySignature k : score.keySignatures()) keys.add(k.tick() == 0 ? k : new KeySignature(k.tick() + shift, k.fifths(), k.mode()));
        return new Score(score.title(), score.ticksPerQuarter(), parts, tempos, meters, keys, annotations, score.metadata());
    }

    private static void add(List<Change> changes, long tick, Chord c) {
        if (!changes.isEmpty() && changes.get(changes.size() - 1).tick() == tick) changes.set(changes.size() - 1, new Change(tick, c));
        else changes.add(new Change(tick, c));
    }

    private static TimeSignature meter(String value, String word) {
        String[] nd = value.split("/");
        try {
            if (nd.length == 2) return new TimeSignature(0, Integer.parseInt(nd[0]), Integer.parseInt(nd[1]));
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("chord chart: '" + word + "': expected a meter such as M:4/4 or M:6/8");
    }

    private static KeySignature key(String value, String word) {
        String v = value.trim();
        boolean minor = v.toLowerCase(Locale.ROOT).endsWith("m") || v.toLowerCase(Locale.ROOT).endsWith("min");
        String tonicText = minor ? v.substring(0, v.toLowerCase(Locale.ROOT).endsWith("min") ? v.length() - 3 : v.length() - 1) : v;
        if (tonicText.endsWith("maj")) tonicText = tonicText.substring(0, tonicText.length() - 3);
        Chord tonic;
        try {
            tonic = ChordSymbol.parse(tonicText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("chord chart: '" + word + "': expected a key such as K:G, K:Bb or K:Am", e);
        }
        if (tonic.pitchClasses() != (1 << tonic.root() | 1 << (tonic.root() + 4) % 12 | 1 << (tonic.root() + 7) % 12))
            throw new IllegalArgumentException("chord chart: '" + word + "': expected a key such as K:G, K:Bb or K:Am");
        int major = minor ? (tonic.root() + 3) % 12 : tonic.root();
        return new KeySignature(0, Scales.fifthsOfMajor(major), minor ? "minor" : "major");
    }
}
