package dev.cadenza.renderers;

import dev.cadenza.spi.Options;

import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.render.Renderer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a score as partwise MusicXML (4.0 by default, or 3.1 with {@code version=3.1}) that notation programs
 * such as MuseScore open.
 * <p>
 * How the score becomes notation:
 * <ul>
 *   <li>Measures follow the time signatures (4/4 when there is none); a meter change that falls inside a bar ends
 *       that bar early, so the short bar is written as it sounds.</li>
 *   <li>{@code <divisions>} is the score's ticks per quarter, reduced by the largest factor common to every onset,
 *       length and bar line, so that a score on a sixteenth grid writes 4 divisions per quarter.</li>
 *   <li>Notes that start together and last equally form a chord; overlapping notes of one part go into further
 *       voices (the first free voice, higher chords first), each voice filled with rests to the bar length.</li>
 *   <li>Notes and rests are split and tied where engravers split them: at bar lines, and at the meter's beats when
 *       they start off the beat or would hide the middle of a 4/4 bar (no sixteenths tied across a beat, no double
 *       dots; see {@code dev.cadenza.formats.notation.MeterBeats}, shared with the ABC writer); each piece is then one
 *       written value where it can be, see {@link NoteValue} for the spelling rule and the closest-type fallback.</li>
 *   <li>A keyboard or harp part with at least an eighth of its notes below G3 and an eighth from F4 up is written
 *       on a grand staff: from middle C up on the treble staff (voices 1-4), below it on the bass staff (voices from
 *       5). Not when another part has the same program: then the hands already have parts of their own.</li>
 *   <li>A score without a key signature is written in the key heard in its notes (Krumhansl-Schmuckler, shared with
 *       the ABC writer), so that a generated chorale in A major gets three sharps rather than a sharp on every note.
 *       Pitches are spelled in the key as musicians spell them (F sharp and B flat in C major, G sharp in A minor,
 *       C sharp in D minor). The clef is chosen from the part's mean pitch (bass, treble an octave down, treble). Drum parts use the percussion clef, one
 *       instrument per drum sound (so that playback picks the right sound) and the usual drum staff positions.</li>
 *   <li>Tempo changes become metronome marks with a {@code <sound tempo>}; a change of less than 10% from the
 *       last mark written (the rubato of a performed MIDI file) is left out, since notation programs would print
 *       every one: the exact tempo map is what the MIDI and audio renderers are for; tempo marks go in the first
 *       part. Annotations go in their own part (those of the whole score in the first): chord symbols become
 *       {@code <harmony>} (or words when the symbol is not understood), decorations read from ABC become notations on
 *       their note (fermata, trill, mordents, turn, staccato, accent, tenuto, bowings) or dynamics, other decorations
 *       words; grace notes are not written, since notation programs would play them as notes.</li>
 * </ul>
 * Options: {@code version} (3.1 or 4.0); {@code quantize}, a grid given as notes per whole note (4, 8, 12, 16, 24,
 * 32, 48 or 64; 12 and 24 are triplet grids) to which note starts and ends are moved first, for performed MIDI whose
 * exact lengths would otherwise be written as chains of tied short notes. Without it nothing is moved.
 */
public final class MusicXmlRenderer implements Renderer {
    /** The format name this renderer is registered under. */
    public static final String FORMAT = "musicxml";
    private static final Set<String> OPTIONS = Set.of("version", "quantize");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String extension() {
        return "musicxml";
    }

    @Override
    public void render(Score score, OutputStream out, Options options) throws IOException {
        Options o = options.readBy("the '" + FORMAT + "' renderer", OPTIONS);
        String version = o.choice("version", "4.0", Set.of("3.1", "4.0"));
        String grid = o.choice("quantize", null, Set.of("4", "8", "12", "16", "24", "32", "48", "64"));
        new PartwiseWriter(grid == null ? score : quantized(score, Integer.parseInt(grid)), version).write(out);
    }

    /** Note starts and ends moved to the nearest multiple of a whole note / {@code perWhole}; no note vanishes. */
    static Score quantized(Score score, int perWhole) {
        if ((4L * score.ticksPerQuarter()) % perWhole != 0)
            throw new IllegalArgumentException("option 'quantize' of the 'musicxml' renderer was " + perWhole + ", but "
                    + score.ticksPerQuarter() + " ticks per quarter cannot hold a 1/" + perWhole + " grid");
        long step = 4L * score.ticksPerQuarter() / perWhole;
        List<Part> parts = new ArrayList<>();
        for (Part p : score.parts()) {
            List<Note> notes = new ArrayList<>();
            for (Note n : p.notes()) {
                long on = Math.round(n.onset() / (double) step) * step;
                long end = Math.max(on + step, Math.round(n.end() / (double) step) * step);
                notes.add(new Note(n.pitch(), n.velocity(), on, end - on));
            }
            parts.add(p.withNotes(notes));
        }
        return score.withParts(parts);
    }
}
