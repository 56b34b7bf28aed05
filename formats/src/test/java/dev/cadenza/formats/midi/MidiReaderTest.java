package dev.cadenza.formats.midi;

import dev.cadenza.music.ControlChange;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.cadenza.formats.midi.Smf.bytes;
import static dev.cadenza.formats.midi.Smf.concat;
import static dev.cadenza.formats.midi.Smf.header;
import static dev.cadenza.formats.midi.Smf.single;
import static dev.cadenza.formats.midi.Smf.track;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader's rules on small crafted files: pairing, running status, programs, drums, metas. */
class MidiReaderTest {
    private static MidiReader.Result parse(byte[] b) throws MidiFormatException {
        return MidiReader.parse(b, "test.mid");
    }

    @Test
    void runningStatusAndVelocityZeroNoteOff() throws Exception {
        // C4 on at 0, E4 on at 0 (running status), C4 off by velocity 0 at 96, E4 off at 192.
        Score s = parse(single(0, 0x90, 60, 100, 0, 64, 90, 0x60, 60, 0, 0x60, 64, 0)).score();
        assertEquals(96, s.ticksPerQuarter());
        assertEquals(List.of(new Note(60, 100, 0, 96), new Note(64, 90, 0, 192)), s.parts().get(0).notes());
    }

    @Test
    void reStruckPitchIsPairedFirstInFirstOut() throws Exception {
        // on@0 (v10), on@48 (v20), off@96, off@144: the first off ends the first note.
        MidiReader.Result r = parse(single(0, 0x90, 60, 10, 48, 0x90, 60, 20, 48, 0x80, 60, 0, 48, 0x80, 60, 0));
        assertEquals(List.of(new Note(60, 10, 0, 96), new Note(60, 20, 48, 96)), r.score().parts().get(0).notes());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    @Test
    void unterminatedNotesEndAtTheTrackEndWithAWarning() throws Exception {
        // on@0, a controller at 200, then end of track at 200: the note lasts 200 ticks.
        MidiReader.Result r = parse(single(0, 0x90, 62, 50, 0x81, 0x48, 0xB0, 64, 127));
        assertEquals(List.of(new Note(62, 50, 0, 200)), r.score().parts().get(0).notes());
        assertEquals(List.of(new ControlChange(200, 64, 127)), r.score().parts().get(0).controls());
        assertTrue(r.warnings().stream().anyMatch(w -> w.message().contains("never ends")), r.warnings().toString());
    }

    @Test
    void strayNoteOffAndZeroLengthNotesAreRepairedAndReported() throws Exception {
        MidiReader.Result r = parse(single(0, 0x80, 70, 0, 0, 0x90, 60, 80, 0, 0x80, 60, 0));
        assertEquals(List.of(new Note(60, 80, 0, 1)), r.score().parts().get(0).notes());
        assertEquals(2, r.warnings().size(), r.warnings().toString());
    }

    @Test
    void drumsProgramsAndPartsPerTrackAndChannel() throws Exception {
        byte[] conductor = track(0, 0xFF, 0x03, 3, 'T', 'u', 'n', 0, 0xFF, 0x51, 3, 0x07, 0xA1, 0x20,
                0, 0xFF, 0x58, 4, 6, 3, 24, 8, 0, 0xFF, 0x59, 2, 0xFE, 1, 0, 0xFF, 0x2F, 0);
        byte[] band = track(0, 0xFF, 0x03, 4, 'B', 'a', 'n', 'd',
                0, 0xC1, 33, // bass program on channel 2
                0, 0x91, 40, 100, 0, 0x99, 36, 120, // bass note, kick drum
                96, 0x81, 40, 0, 0, 0x89, 36, 0,
                0, 0xC1, 34, // a program change after the first note stays an event
                0, 0xFF, 0x2F, 0);
        Score s = parse(concat(header(1, 2, 96), conductor, band)).score();
        assertEquals("Tun", s.title());
        assertEquals(2, s.parts().size());
        Part bass = s.parts().get(0), drums = s.parts().get(1);
        assertEquals("Band", bass.name());
        assertEquals(1, bass.channel());
        assertEquals(33, bass.program());
        assertEquals(1, bass.programChanges().size());
        assertEquals(34, bass.programChanges().get(0).program());
        assertTrue(drums.drums());
        assertEquals(Part.DRUM_CHANNEL, drums.channel());
        assertEquals(500_000, s.tempos().get(0).microsPerQuarter());
        assertEquals(6, s.meter().numerator());
        assertEquals(8, s.meter().denominator());
        assertEquals(-2, s.keySignatures().get(0).fifths());
        assertTrue(s.keySignatures().get(0).minor());
    }

    @Test
    void textIsLatin1AndNulTerminatorsAreDropped() throws Exception {
        Score s = parse(single(0, 0xFF, 0x03, 4, 'B', 0xF6, 'r', 0, 0, 0xFF, 0x02, 2, 0xA9, 'K',
                0, 0x90, 60, 1, 1, 0x80, 60, 0)).score();
        assertEquals("Bör", s.title());
        assertEquals("©K", s.metadata().get("copyright"));
    }

    @Test
    void junkAfterTheAnnouncedTracksIsIgnoredWithAWarningInBothModes() throws Exception {
        byte[] file = concat(single(0, 0x90, 60, 1, 1, 0x80, 60, 0), bytes(0, 0, 0, 0x1A));
        for (MidiReader.Mode mode : MidiReader.Mode.values()) {
            MidiReader.Result r = MidiReader.parse(file, "test.mid", mode);
            assertEquals(1, r.score().noteCount());
            assertEquals(List.of(new MidiReader.Warning("test.mid", 34, "4 bytes after the last track are not a chunk; ignored")), r.warnings());
        }
    }

    @Test
    void unknownChunksAreSkippedAndExtraTracksReadInBothModes() throws Exception {
        byte[] one = track(0, 0x90, 60, 1, 1, 0x80, 60, 0, 0, 0xFF, 0x2F, 0);
        byte[] file = concat(header(1, 1, 96), one, Smf.chunk("XFIH", bytes(1, 2, 3)), one);
        for (MidiReader.Mode mode : MidiReader.Mode.values()) {
            MidiReader.Result r = MidiReader.parse(file, "test.mid", mode);
            assertEquals(2, r.score().parts().size());
            assertEquals(List.of(new MidiReader.Warning("test.mid", 34, "skipped a chunk of unknown type \"XFIH\" (3 bytes)"),
                    new MidiReader.Warning("test.mid", 10, "the header announces 1 tracks, the file holds 2 MTrk chunks; all were read")), r.warnings());
        }
    }
}
