package dev.cadenza.music;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One instrument's line: its notes in onset order, its General MIDI program and the MIDI channel it came from.
 * Drum parts (MIDI channel 10, index 9) are kept apart with {@code drums = true}; their pitches are drum sounds.
 *
 * @param name the part's name (track name), or empty; null becomes empty
 * @param program the General MIDI program (instrument) at the start, 0..127
 * @param channel MIDI channel index 0..15 (9 = drums), or -1 when the part did not come from MIDI
 * @param drums whether the pitches are General MIDI drum sounds rather than notes
 * @param notes the notes; copied and sorted into onset order
 * @param controls controller events in tick order (sustain pedal, ...), or null for none; copied
 * @param programChanges instrument changes after the start, or null for none; copied
 */
public record Part(String name, int program, int channel, boolean drums, List<Note> notes,
                   List<ControlChange> controls, List<ProgramChange> programChanges) {
    /** The MIDI channel index of drums (channel 10 counted from 1). */
    public static final int DRUM_CHANNEL = 9;

    /**
     * Checks the ranges, sorts the notes and copies the lists.
     *
     * @param name the name, or null for empty
     * @param program 0..127
     * @param channel -1..15
     * @param drums whether the pitches are drum sounds
     * @param notes not null
     * @param controls or null
     * @param programChanges or null
     * @throws IllegalArgumentException when the program or channel is out of range
     */
    public Part {
        name = name == null ? "" : name;
        if (program < 0 || program > 127) throw new IllegalArgumentException("program must be 0..127, was " + program);
        if (channel < -1 || channel > 15) throw new IllegalArgumentException("channel must be -1..15, was " + channel);
        List<Note> sorted = new ArrayList<>(Objects.requireNonNull(notes, "notes"));
        Collections.sort(sorted);
        notes = List.copyOf(sorted);
        controls = List.copyOf(controls == null ? List.of() : controls);
        programChanges = List.copyOf(programChanges == null ? List.of() : programChanges);
    }

    /**
     * A pitched part with notes only.
     *
     * @param name the part's name, or null
     * @param program the General MIDI program, 0..127
     * @param notes the notes, in any order
     * @return the part, on no MIDI channel
     */
    public static Part of(String name, int program, List<Note> notes) {
        return new Part(name, program, -1, false, notes, List.of(), List.of());
    }

    /**
     * Tick after the last note ends (0 for an empty part).
     *
     * @return the latest note end, in ticks
     */
    public long end() {
        long end = 0;
        for (Note n : notes) end = Math.max(end, n.end());
        return end;
    }

    /**
     * The same part with other notes (transposed, quantised, cut).
     *
     * @param newNotes the notes, in any order
     * @return a new part with the same name, program, channel and events
     */
    public Part withNotes(List<Note> newNotes) {
        return new Part(name, program, channel, drums, newNotes, controls, programChanges);
    }
}
