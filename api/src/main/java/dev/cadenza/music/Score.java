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
 * @param ticksPerQuarter the tick grid's resolution, 1..32767 (MIDI's limit)
 * @param parts the parts, in order; copied
 * @param tempos the tempo map, sorted by tick on construction; empty means 120 quarter notes per minute
 * @param timeSignatures the meters, sorted by tick; empty means 4/4
 * @param keySignatures the keys, sorted by tick; may be empty
 * @param annotations chord symbols, labels, decorations and grace notes, sorted by tick
 * @param metadata free-form fields kept from the source (ABC header fields, MIDI text events), never null
 */
public record Score(String title, int ticksPerQuarter, List<Part> parts, List<TempoChange> tempos,
                    List<TimeSignature> timeSignatures, List<KeySignature> keySignatures,
                    List<Annotation> annotations, Map<String, String> metadata) {
    /** Default tempo when a score has no tempo change at tick 0: 120 quarter notes per minute, as MIDI assumes. */
    public static final int DEFAULT_MICROS_PER_QUARTER = 500_000;

    /**
     * Checks the resolution, sorts the events by tick and copies every list and the metadata.
     *
     * @param title the title, or null for empty
     * @param ticksPerQuarter 1..32767
     * @param parts not null
     * @param tempos or null for none
     * @param timeSignatures or null for none
     * @param keySignatures or null for none
     * @param annotations or null for none
     * @param metadata or null for none
     * @throws IllegalArgumentException when the resolution is out of range
     */
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

    /**
     * A score with the given parts at one tempo and meter.
     *
     * @param title the title, or null
     * @param ticksPerQuarter the resolution, 1..32767 (480 is common)
     * @param bpm quarter notes per minute
     * @param meter the time signature, or null for none (then 4/4 is assumed)
     * @param parts the parts
     * @return the score
     */
    public static Score of(String title, int ticksPerQuarter, double bpm, TimeSignature meter, List<Part> parts) {
        return new Score(title, ticksPerQuarter, parts, List.of(TempoChange.bpm(0, bpm)),
                meter == null ? List.of() : List.of(meter), List.of(), List.of(), Map.of());
    }

    /**
     * Tick after the last note of any part ends.
     *
     * @return the latest note end, in ticks; 0 without notes
     */
    public long end() {
        long end = 0;
        for (Part p : parts) end = Math.max(end, p.end());
        return end;
    }

    /**
     * Total number of notes in all parts.
     *
     * @return the count
     */
    public int noteCount() {
        int n = 0;
        for (Part p : parts) n += p.notes().size();
        return n;
    }

    /**
     * Seconds from the start to {@code tick}, following the tempo map.
     *
     * @param tick a tick, {@code >= 0}
     * @return the time in seconds
     */
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

    /**
     * The time signature in force at tick 0 (4/4 when none is given).
     *
     * @return the first time signature
     */
    public TimeSignature meter() {
        return timeSignatures.isEmpty() ? new TimeSignature(0, 4, 4) : timeSignatures.get(0);
    }

    /**
     * The same score with other parts (the tempo map, signatures and annotations kept).
     *
     * @param newParts the parts
     * @return a new score
     */
    public Score withParts(List<Part> newParts) {
        return new Score(title, ticksPerQuarter, newParts, tempos, timeSignatures, keySignatures, annotations, metadata);
    }
}
