package dev.cadenza.music;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One instrument's line: its notes in onset order, its General MIDI program and the MIDI channel it came from.
 * Drum parts (MIDI channel 10, index 9) are kept apart with {@code drums = true}; their pitches are drum sounds.
 *
 * @param channel MIDI channel index 0..15 (9 = drums), or -1 when the part did not come from MIDI
 */
public record Part(String name, int program, int channel, boolean drums, List<Note> notes,
                   List<ControlChange> controls, List<ProgramChange> programChanges) {
    public static final int DRUM_CHANNEL = 9;

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

    /** A pitched part with notes only. */
    public static Part of(String name, int program, List<Note> notes) {
        return new Part(name, program, -1, false, notes, List.of(), List.of());
    }

    /** Tick after the last note ends (0 for an empty part). */
    public long end() {
        long end = 0;
        for (Note n : notes) end = Math.max(end, n.end());
        return end;
    }

    public Part withNotes(List<Note> newNotes) {
        return new Part(name, program, channel, drums, newNotes, controls, programChanges);
    }
}
