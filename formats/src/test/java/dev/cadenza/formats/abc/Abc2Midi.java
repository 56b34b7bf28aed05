package dev.cadenza.formats.abc;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test helper: runs Debian's abc2midi on one tune and reads its notes back with javax.sound.midi. */
final class Abc2Midi {
    /** A note as abc2midi wrote it, in 480-ticks-per-quarter units, with the index of its MIDI track. */
    record MidiNote(long onset, int pitch, long duration, int track) {
        MidiNote(long onset, int pitch, long duration) {
            this(onset, pitch, duration, 0);
        }
    }

    private Abc2Midi() {}

    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "abc2midi"))) return true;
        return false;
    }

    /** What abc2midi did with a tune: its notes (null when it wrote no MIDI file) and the errors it reported. */
    record Played(List<MidiNote> notes, List<String> errors) {}

    /** The notes abc2midi plays for {@code tuneText} (written notes only: chords, grace notes and fermatas off), or null when it writes no MIDI file. */
    static List<MidiNote> notes(String tuneText, Path dir, String name) throws IOException, InterruptedException {
        return play(tuneText, dir, name).notes();
    }

    /** Plays {@code tuneText} (ASCII; other characters become '?') with abc2midi, keeping its error messages. */
    static Played play(String tuneText, Path dir, String name) throws IOException, InterruptedException {
        Path abc = dir.resolve(name + ".abc");
        Path mid = dir.resolve(name + ".mid");
        Path log = dir.resolve(name + ".log");
        Files.deleteIfExists(mid);
        Files.write(abc, (tuneText + "\n").getBytes(StandardCharsets.ISO_8859_1));
        Process p = new ProcessBuilder("abc2midi", abc.toString(), "-o", mid.toString(),
                "-NGUI", "-NGRA", "-NFER", "-NCOM", "-NFNP", "-quiet")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("abc2midi did not finish within 20 s on " + abc);
        }
        List<String> errors = Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().filter(l -> l.startsWith("Error")).toList();
        if (!Files.exists(mid)) return new Played(null, errors);
        try {
            return new Played(read(mid), errors);
        } catch (InvalidMidiDataException e) {
            throw new IOException("unreadable abc2midi output " + mid + ": " + e.getMessage(), e);
        }
    }

    private static List<MidiNote> read(Path mid) throws IOException, InvalidMidiDataException {
        Sequence s = MidiSystem.getSequence(mid.toFile());
        if (s.getDivisionType() != Sequence.PPQ) throw new IOException("abc2midi wrote a non-PPQ file " + mid);
        double scale = (double) AbcReader.TICKS_PER_QUARTER / s.getResolution();
        List<MidiNote> notes = new ArrayList<>();
        Track[] tracks = s.getTracks();
        for (int ti = 0; ti < tracks.length; ti++) {
            Track t = tracks[ti];
            Map<Integer, Deque<Long>> on = new HashMap<>();
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (!(e.getMessage() instanceof ShortMessage m) || m.getChannel() == 9) continue;
                int key = m.getChannel() * 128 + m.getData1();
                if (m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0) {
                    on.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(e.getTick());
                } else if (m.getCommand() == ShortMessage.NOTE_OFF || m.getCommand() == ShortMessage.NOTE_ON) {
                    Deque<Long> open = on.get(key);
                    if (open == null || open.isEmpty()) continue;
                    long start = open.removeFirst();
                    notes.add(new MidiNote(Math.round(start * scale), m.getData1(), Math.round((e.getTick() - start) * scale), ti));
                }
            }
        }
        return notes;
    }
}
