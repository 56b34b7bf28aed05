package dev.cadenza.formats.midi;

import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import org.junit.jupiter.api.Test;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every real file of the corpus: it reads, its notes agree with javax.sound.midi, and it survives a round trip. */
class MidiRealFilesTest {
    /** Note-ons with a velocity above 0, counted by the JDK's own MIDI file parser: an independent reader. */
    private static int javaxNoteOns(Path file) throws Exception {
        Sequence sequence = MidiSystem.getSequence(file.toFile());
        int count = 0;
        for (Track t : sequence.getTracks())
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (e.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0) count++;
            }
        return count;
    }

    /** Every note-on (velocity > 0) as "tick channel pitch velocity", sorted, as javax.sound.midi reads the file. */
    private static List<String> javaxOnsets(Path file) throws Exception {
        List<String> onsets = new ArrayList<>();
        for (Track t : MidiSystem.getSequence(file.toFile()).getTracks())
            for (int i = 0; i < t.size(); i++)
                if (t.get(i).getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0)
                    onsets.add(t.get(i).getTick() + " " + m.getChannel() + " " + m.getData1() + " " + m.getData2());
        onsets.sort(null);
        return onsets;
    }

    @Test
    void everyNoteStartsWhereJavaxSoundMidiSeesItsNoteOn() throws Exception {
        for (Path file : MidiCorpus.files()) {
            List<String> ours = new ArrayList<>();
            for (Part p : MidiReader.read(file).parts())
                for (Note n : p.notes()) ours.add(n.onset() + " " + p.channel() + " " + n.pitch() + " " + n.velocity());
            ours.sort(null);
            assertEquals(javaxOnsets(file), ours, file.getFileName().toString());
        }
    }

    @Test
    void everyFileReadsAndItsNoteCountAgreesWithJavaxSoundMidi() throws Exception {
        List<Path> files = MidiCorpus.files();
        assertEquals(41, files.size(), "the shared corpus has 41 MIDI files");
        List<String> mismatches = new ArrayList<>();
        int pianoNotes = 0;
        for (Path file : files) {
            Score score = MidiReader.read(file);
            int expected = javaxNoteOns(file);
            if (score.noteCount() != expected) mismatches.add(file.getFileName() + ": cadenza " + score.noteCount() + ", javax " + expected);
            if (file.getParent().getFileName().toString().equals("piano")) {
                pianoNotes += score.noteCount();
                assertEquals(480, score.ticksPerQuarter(), file.toString());
            }
        }
        assertTrue(mismatches.isEmpty(), mismatches.toString());
        assertEquals(31_274, pianoNotes, "the data README counts 31,274 notes in the piano set");
    }

    @Test
    void knownFactsOfTheCorpus() throws Exception {
        Path root = MidiCorpus.root();
        Score bach = MidiReader.read(root.resolve("piano/bach_846.mid"));
        assertEquals(358, bach.tempos().size());
        assertEquals(1284, bach.noteCount());

        Score metheny = MidiReader.read(root.resolve("jazz/original_metheny.mid"));
        assertEquals(96, metheny.ticksPerQuarter());
        Part guitar = metheny.parts().stream().filter(p -> p.name().equals("Guitar")).findFirst().orElseThrow();
        assertEquals(1330, guitar.notes().size());
        assertEquals(26, guitar.program());
        assertEquals(5, guitar.channel());
        int drumNotes = metheny.parts().stream().filter(Part::drums).mapToInt(p -> p.notes().size()).sum();
        assertEquals(6163, drumNotes);

        Score beat = MidiReader.read(root.resolve("wild/tonejs_beat.mid"));
        assertTrue(beat.parts().stream().allMatch(Part::drums));
        assertEquals(390, beat.noteCount());

        Score letting = MidiReader.read(root.resolve("wild/avgvst_LettingGo.mid"));
        assertEquals("0", letting.metadata().get("midi.format"));
        assertEquals(225, letting.tempos().size());
        assertEquals(2688, letting.parts().stream().filter(Part::drums).mapToInt(p -> p.notes().size()).sum());

        MidiReader.Result test04 = MidiReader.readWithWarnings(root.resolve("wild/music21_test04.mid"));
        assertTrue(test04.warnings().stream().anyMatch(w -> w.message().contains("announces 18 tracks")), test04.warnings().toString());

        MidiReader.Result noEnd = MidiReader.readWithWarnings(root.resolve("wild/magenta_example_is_drum.mid"));
        assertEquals(41, noEnd.warnings().stream().filter(w -> w.message().contains("no End-of-Track")).count());

        Score elise = MidiReader.read(root.resolve("piano/elise.mid"));
        assertTrue(elise.metadata().getOrDefault("copyright", "").contains("©"), elise.metadata().toString());
        assertTrue(elise.parts().stream().anyMatch(p -> p.controls().stream().anyMatch(c -> c.controller() == 64)));
    }

    @Test
    void scoreToMidiToScoreKeepsEveryNoteOfEveryRealFile() throws Exception {
        for (Path file : MidiCorpus.files()) {
            Score original = MidiReader.read(file);
            byte[] written = MidiWriter.toBytes(original);
            MidiReader.Result again = MidiReader.parse(written, file.getFileName() + " (rewritten)");
            Score copy = again.score();
            String where = file.getFileName().toString();
            assertEquals(original.ticksPerQuarter(), copy.ticksPerQuarter(), where);
            assertEquals(original.title(), copy.title(), where);
            assertEquals(original.tempos(), copy.tempos(), where);
            assertEquals(original.timeSignatures(), copy.timeSignatures(), where);
            assertEquals(original.keySignatures(), copy.keySignatures(), where);
            assertEquals(original.parts().size(), copy.parts().size(), where);
            for (int i = 0; i < original.parts().size(); i++) {
                Part a = original.parts().get(i), b = copy.parts().get(i);
                String part = where + " part " + i + " (" + a.name() + ")";
                assertEquals(a.name(), b.name(), part);
                assertEquals(a.program(), b.program(), part);
                assertEquals(a.channel(), b.channel(), part);
                assertEquals(a.drums(), b.drums(), part);
                assertEquals(a.notes(), b.notes(), part);
                assertEquals(a.controls(), b.controls(), part);
                assertEquals(a.programChanges(), b.programChanges(), part);
            }
            assertTrue(again.warnings().isEmpty(), where + ": " + again.warnings());
            // javax.sound.midi reads what the writer wrote, too.
            Sequence s = MidiSystem.getSequence(new java.io.ByteArrayInputStream(written));
            assertEquals(original.parts().size() + 1, s.getTracks().length, where);
        }
    }

    @Test
    void writerGivesChannelsToPartsWithoutOne() throws Exception {
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < 11; i++) parts.add(Part.of("p" + i, i, List.of(new Note(60 + i, 90, i * 10L, 10))));
        parts.add(new Part("kit", 0, -1, true, List.of(new Note(36, 100, 0, 5)), List.of(), List.of()));
        Score score = Score.of("t", 120, 100, null, parts);
        Score back = MidiReader.parse(MidiWriter.toBytes(score), "mem").score();
        assertEquals(12, back.parts().size());
        assertEquals(8, back.parts().get(8).channel());
        assertEquals(10, back.parts().get(9).channel(), "channel 10 (index 9) is skipped for pitched parts");
        assertTrue(back.parts().get(11).drums());
        for (int i = 0; i < 12; i++) assertEquals(parts.get(i).notes(), back.parts().get(i).notes());
        assertFalse(back.parts().get(3).drums());
        assertEquals(3, back.parts().get(3).program());
    }
}
