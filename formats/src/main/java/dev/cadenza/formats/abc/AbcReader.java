package dev.cadenza.formats.abc;

import dev.cadenza.music.Score;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ABC tune books (ABC 2.1, and the dialects of the MIT folk corpus and the Nottingham Music Database) into one
 * {@link Score} per tune, with one {@link Part} per voice.
 *
 * <h2>What is read, and the choices made</h2>
 * abc2midi is the reference player: where the standard leaves a choice, the reader plays as abc2midi does, and the
 * comparison test lists every tune where they differ, with the cause.
 * <ul>
 *   <li>Header fields {@code X T M L Q K}; {@code K:} ends the header and is required. {@code M:} is {@code C},
 *       {@code C|}, {@code n/d}, {@code 2+3+2/8}, {@code (2+3+2)/8} or {@code none} (a denominator must be a power of
 *       two). Without {@code L:} the unit is 1/16 when the meter is below 3/4, else 1/8. Keys take modes as words or
 *       abbreviations ({@code G Major}, {@code A Dorian}, {@code Am}, {@code Bb}, {@code Dmix}), explicit accidentals
 *       ({@code K:D ^g}, {@code K:C^f^c}, {@code exp} for exactly those), {@code none}, and {@code HP}/{@code Hp}
 *       (Highland pipes: F and C sharp, as abc2midi plays both). A key field that gives only a clef or voice
 *       parameters ({@code [K:bass3]}, {@code K:clef=alto}) keeps the key. {@code Q:} takes {@code 1/4=120},
 *       {@code "Allegro" 1/4=120}, {@code 1/4=ca. 80}, {@code 1/8 3/8=40} or a number of unit notes per minute (ABC
 *       1.6); words alone change nothing. Other header fields are kept in {@link Score#metadata()} under their
 *       letter; an absent {@code L:} is recorded as {@code L(default)}, a {@code %%score} grouping as
 *       {@code %%score}.</li>
 *   <li>Voices: every {@code V:} voice becomes a part, in the order of {@code %%score} / {@code %%staves}
 *       ({@code I:score}) and then of first appearance, named by {@code name=} (else the voice id; a tune without
 *       voices has one part, "melody"). The header may define voices; music before the first {@code V:} belongs to
 *       the first voice. {@code K:}, {@code L:} and {@code M:} in the body apply to the voice they are written in;
 *       each voice starts from the header's. Every voice starts at time 0 and runs on by its own note lengths, as in
 *       abc2midi: voices whose bars do not add up to the same length get a warning. {@code %%MIDI program} gives a
 *       voice's General MIDI program.</li>
 *   <li>Transposition, as ABC 2.1 says: a clef with {@code +8}/{@code -8} ({@code treble-8}) makes the notes sound an
 *       octave higher or lower (a clef without them, as written), {@code octave=n} moves the music code by n octaves,
 *       {@code transpose=n} (and abc2midi's {@code %%MIDI transpose n}) the sound by n semitones; they add up, in
 *       {@code V:} and {@code K:} fields and inline. Other clefs do not change sounding pitches. (abc2midi differs in
 *       corner cases: it keeps an octave after a later clef without +8/-8, and ignores a clef's -8 when more voice
 *       parameters follow it; the comparison test lists them.)</li>
 *   <li>Voice overlay {@code &}: the notes after it start again at the start of the bar and go into the same part
 *       (with accidentals of their own); the bar line ends the overlay.</li>
 *   <li>Accidentals {@code ^ ^^ _ __ =} last to the end of the bar and, as in abc2midi, apply to the same letter in
 *       every octave. Key changes reset them. Microtonal accidentals ({@code ^/}, {@code _3/2}, {@code ^22/100}) are
 *       read as the nearest semitone, a half rounded towards the natural, with a warning (abc2midi plays the natural
 *       with a pitch bend).</li>
 *   <li>Lengths {@code 2 /2 3/2 / //}; rests {@code z x}; multi-measure rests {@code Z4 X}; broken rhythm
 *       {@code > >> >>> <}; tuplets {@code (p:q:r} with ABC's default q; ties {@code -} (also inside chords);
 *       chords {@code [CEG]} advance by their first note.</li>
 *   <li>The notes are the written notes. What abc2midi adds in playback is kept as annotations, so that a renderer
 *       or a tokenizer can choose: decorations ({@code ~ . H L M O P S T u v}, {@code U:} letters, {@code !trill!},
 *       {@code !+!}, {@code +fermata+}) become {@code DECORATION} annotations named as in ABC 2.1 ("roll", "trill"),
 *       grace notes {@code {ga}} become {@code GRACE_NOTES} annotations (their pitches, "G5 A5"; "/" first for an
 *       acciaccatura), and chord symbols ({@code "G"}, {@code "Am/e"}, {@code "(E7)"}) {@code CHORD_SYMBOL}
 *       annotations; other quoted text ({@code "Verse"}, {@code "^above"}) becomes {@code TEXT}. Each annotation names
 *       its part. {@code R:hornpipe} (which abc2midi swings) stays in the metadata.</li>
 *   <li>Repeats {@code |: :| ::} and endings {@code [1 [2 |1 :|2 [1,3} are expanded in playback order, for each voice.
 *       A {@code :|} goes back to the last {@code |:}; without one, to the start of the tune, or, once a repeat has
 *       been played, to the end of the last repeat or the last {@code ||} / {@code |]} outside an open
 *       {@code |:} section (abc2midi's rule). One deliberate difference: after numbered endings closed by
 *       {@code ||} or {@code |]}, a later {@code :|} repeats the section since that bar line, where abc2midi goes
 *       back before the endings (irish.abc's "Murphy's" and 30 more tunes; see the comparison test).</li>
 *   <li>Parts: when the header has a {@code P:} order ({@code P:ABACA}, {@code P:(AB)2C}) and the body labels its
 *       parts with {@code P:} lines, the parts are played in that order after any unlabelled intro (as abc2midi
 *       does); otherwise the body is played as written. {@code Y:} (jukedeck's own part order) is kept as metadata
 *       and not applied.</li>
 *   <li>Field lines inside the body ({@code K: M: L: Q: P: V:}) and inline fields ({@code [K:...]}, {@code [V:...]})
 *       change the key, meter, unit, tempo or voice. An {@code M:} or {@code L:} line with music after its value
 *       (three tunes of irish.abc: {@code M:6/8 Ddd e3|...}) is read as the field followed by that music, and so is
 *       an unbracketed {@code M:4/4} inside a music line. abc2midi ignores such music; we keep it, because the tune
 *       is incomplete without it.</li>
 *   <li>Skipped, since they do not change pitches or lengths: slurs, {@code !} at line ends, {@code \} continuations,
 *       spacers {@code y}, comments {@code %}, other {@code %%} directives, {@code %%begintext ... %%endtext}
 *       blocks, lyrics. abcm2ps's {@code J} (slide) and {@code []} (empty chord) are skipped with a warning; its
 *       {@code (& ... &)} overlays over several bars are refused. A blank line inside a tune is read as a line break
 *       (two irish.abc tunes have one before their second half); tunes are cut at {@code X:} lines.</li>
 *   <li>Scores are at {@value #TICKS_PER_QUARTER} ticks per quarter, so triplets, broken rhythms and sixteenths are
 *       exact; notes have velocity {@value AbcTuneParser#VELOCITY}; tempo comes from {@code Q:}, 120 quarters per
 *       minute when absent.</li>
 * </ul>
 * Whatever the text, a tune reads or fails with an {@link AbcParseException} naming the tune, line and column. This
 * class is stateless and thread-safe.
 */
public final class AbcReader {
    /** The resolution of every score read: divisible by 3 and by 32, so tuplets and 64th notes are exact. */
    public static final int TICKS_PER_QUARTER = 480;

    private static final Pattern X_LINE = Pattern.compile("^X:\\s*(.*)$");
    private static final Pattern T_LINE = Pattern.compile("^T:\\s*(.*)$");

    private static final System.Logger LOG = System.getLogger(AbcReader.class.getName());

    private AbcReader() {}

    /**
     * A tune read, with what the reader read approximately or skipped on the way (each with its line and column).
     *
     * @param score the tune's score
     * @param warnings the warnings, each with its line and column; copied
     */
    public record Result(Score score, List<String> warnings) {
        /**
         * Copies the warnings.
         *
         * @param score not null
         * @param warnings the warnings
         */
        public Result {
            java.util.Objects.requireNonNull(score, "score");
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Reads one tune (its text from {@code X:} or the first header field on).
     *
     * @param tuneText the tune's text
     * @return the score
     * @throws AbcParseException when the tune is not valid ABC
     */
    public static Score read(String tuneText) throws AbcParseException {
        return read(tuneText, "");
    }

    /**
     * Reads one tune; {@code source} names it in error messages.
     *
     * @param tuneText the tune's text; only its first tune is read
     * @param source the name for messages, or empty
     * @return the score
     * @throws AbcParseException when the tune is not valid ABC
     */
    public static Score read(String tuneText, String source) throws AbcParseException {
        List<AbcTune> tunes = splitTunes(tuneText);
        AbcTune tune = tunes.isEmpty() ? new AbcTune("", "", 1, tuneText) : tunes.get(0);
        return read(tune, source);
    }

    /**
     * Reads one tune cut out of a book by {@link #splitTunes(String)}; warnings are logged (see
     * {@link #readWithWarnings}).
     *
     * @param tune the tune
     * @param source the book's name for messages, or empty
     * @return the score
     * @throws AbcParseException when the tune is not valid ABC
     */
    public static Score read(AbcTune tune, String source) throws AbcParseException {
        Result r = readWithWarnings(tune, source);
        if (!r.warnings().isEmpty() && LOG.isLoggable(System.Logger.Level.WARNING))
            LOG.log(System.Logger.Level.WARNING, (source == null || source.isEmpty() ? "" : source + ": ") + "tune X:" + tune.number() + ": "
                    + String.join("; ", r.warnings()));
        return r.score();
    }

    /**
     * Reads one tune and returns its warnings instead of logging them.
     *
     * @param tune the tune
     * @param source the book's name for messages, or empty
     * @return the score and the warnings
     * @throws AbcParseException when the tune is not valid ABC
     */
    public static Result readWithWarnings(AbcTune tune, String source) throws AbcParseException {
        AbcTuneParser parser = new AbcTuneParser(tune, source == null ? "" : source);
        Score score = parser.parse();
        return new Result(score, parser.warnings());
    }

    /**
     * Reads every tune of a book file (UTF-8, or Latin-1 bytes read as such); bad tunes are skipped and listed.
     *
     * @param file an ABC tune book
     * @return the tunes read and those skipped
     * @throws IOException when the file cannot be read
     */
    public static AbcBook readBook(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1); // older tune books are often Latin-1
        }
        return readBook(text, file.toString());
    }

    /**
     * Reads every tune of a book's text; {@code source} names the book in error messages.
     *
     * @param text the book's text
     * @param source the book's name for messages
     * @return the tunes read and those skipped
     */
    public static AbcBook readBook(String text, String source) {
        List<AbcBook.Entry> read = new ArrayList<>();
        List<AbcBook.Skipped> skipped = new ArrayList<>();
        for (AbcTune tune : splitTunes(text)) {
            try {
                Result r = readWithWarnings(tune, source);
                read.add(new AbcBook.Entry(tune, r.score(), r.warnings()));
            } catch (AbcParseException e) {
                skipped.add(new AbcBook.Skipped(tune, e));
            } catch (RuntimeException e) {
                // A bug of ours must not stop the book either; it is reported against the tune's first line.
                skipped.add(new AbcBook.Skipped(tune, new AbcParseException(source, tune.number(), tune.title(),
                        tune.firstLine(), 1, "could not be read: " + e)));
            }
        }
        return new AbcBook(source, read, skipped);
    }

    /**
     * Cuts a book into tunes: each tune runs from an {@code X:} line (a space after the colon is allowed) to the line
     * before the next {@code X:} line, with trailing blank lines removed. Blank lines inside a tune stay in its text.
     * Text before the first {@code X:} (a book header) is not a tune. A text without any {@code X:} line that holds
     * a {@code K:} field is one tune.
     *
     * @param text a book's text, with any line endings
     * @return the tunes, in book order
     */
    public static List<AbcTune> splitTunes(String text) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<AbcTune> tunes = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= lines.length; i++) {
            boolean boundary = i == lines.length || X_LINE.matcher(lines[i]).matches();
            if (!boundary) continue;
            if (start >= 0) tunes.add(tune(lines, start, i));
            start = i;
        }
        if (tunes.isEmpty()) {
            for (String l : lines)
                if (l.startsWith("K:")) return List.of(tune(lines, 0, lines.length));
        }
        return tunes;
    }

    private static AbcTune tune(String[] lines, int from, int to) {
        int end = to;
        while (end > from + 1 && lines[end - 1].isBlank()) end--;
        String number = "", title = "";
        for (int i = from; i < end; i++) {
            Matcher x = X_LINE.matcher(lines[i]);
            if (i == from && x.matches()) number = x.group(1).trim();
            Matcher t = T_LINE.matcher(lines[i]);
            if (t.matches()) {
                title = t.group(1).trim();
                break;
            }
        }
        return new AbcTune(number, title, from + 1, String.join("\n", java.util.Arrays.asList(lines).subList(from, end)));
    }
}
