package dev.cadenza.music;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A piece of music: parts of notes on a tick grid of {@code ticksPerQuarter} ticks per quarter note, with the tempo
 * map, time and key signatures, and annotations (chord symbols, labels). Immutable.
 *
 * @param title the piece's title, or empty
 * @param metadata free-form fields kept from the source (ABC header fields, MIDI text events), never null
 */
public record Score(String title, int ticksPerQuarter, List<Part> parts, List<TempoChange> tempos,
                    List<TimeSignature> timeSignatures, List<KeySignature> keySignatures,
                    List<Annotation> annotations, Map<String, String> metadata) {
    /** Default tempo when a score has no tempo change at tick 0: 120 quarter notes per minute, as MIDI assumes. */
    public static final int DEFAULT_MICROS_PER_QUARTER = 500_000;

    public Score {
        title = title == null ? "" : title;
        if (ticksPerQuarter <= 0 || ticksPerQuarter > 0x7FFF)
            throw new IllegalArgumentException("ticksPerQuarter must be 1..32767, was " + ticksPerQuarter);
        parts = List.copyOf(Objects.requireNonNull(parts, "parts"));
        tempos = sortedCopy(tempos, Comparator.comparingLong(TempoChange::tick));
        timeSignatures = sortedCopy(timeSignatures, Comparator.comparingLong(TimeSignature::tick));
        keySignatures = sortedCopy(keySignatures, Comparator.comparingLong(KeySignature::tick));
        annotations = sortedCopy(annotations, Comparator.comparingLong(Annotation::tick));
        metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    }

    private static <T> List<T> sortedCopy(List<T> list, Comparator<T> order) {
        List<T> copy = new ArrayList<>(list == null ? List.of() : list);
        copy.sort(order);
        return List.copyOf(copy);
    }

    /** A score with the given parts at one tempo and meter. */
    public static Score of(String title, int ticksPerQuarter, double bpm, TimeSignature meter, List<Part> parts) {
        return new Score(title, ticksPerQuarter, parts, List.of(TempoChange.bpm(0, bpm)),
                meter == null ? List.of() : List.of(meter), List.of(), List.of(), Map.of());
    }

    /** Tick after the last note of any part ends. */
    public long end() {
        long end = 0;
        for (Part p : parts) end = Math.max(end, p.end());
        return end;
    }

    /** Total number of notes in all parts. */
    public int noteCount() {
        int n = 0;
        for (Part p : parts) n += p.notes().size();
        return n;
    }

    /** Seconds from the start to {@code tick}, following the tempo map. */
    public double seconds(long tick) {
        double seconds = 0;
        long at = 0;
        int micros = DEFAULT_MICROS_PER_QUARTER;
        for (TempoChange t : tempos) {
            if (t.tick() >= tick) break;
            seconds += (t.tick() - at) * (double) micros / ticksPerQuarter / 1e6;
            at = t.tick();
            micros = t.microsPerQuarter();
        }
        return seconds + (tick - at) * (double) micros / ticksPerQuarter / 1e6;
    }

    /** The time signature in force at tick 0 (4/4 when none is given). */
    public TimeSignature meter() {
        return timeSignatures.isEmpty() ? new TimeSignature(0, 4, 4) : timeSignatures.get(0);
    }

    public Score withParts(List<Part> newParts) {
        return new Score(title, ticksPerQuarter, newParts, tempos, timeSignatures, keySignatures, annotations, metadata);
    }
}
