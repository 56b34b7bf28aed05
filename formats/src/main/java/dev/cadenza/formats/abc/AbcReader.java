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
 * Reads ABC tune books (the dialect of the MIT folk corpus and the Nottingham Music Database) into one
 * {@link Score} per tune.
 *
 * <h2>What is read, and the choices made</h2>
 * <ul>
 *   <li>Header fields {@code X T M L Q K}; {@code K:} ends the header and is required. {@code M:} is {@code C},
 *       {@code C|}, {@code n/d} (also {@code 2+3/8}) or {@code none}. Without {@code L:} the unit is 1/16 when the
 *       meter is below 3/4, else 1/8. Keys take modes as words or abbreviations ({@code G Major}, {@code A Dorian},
 *       {@code Am}, {@code Bb}, {@code Dmix}) and explicit accidentals ({@code K:D ^g}). Other header fields are kept in
 *       {@link Score#metadata()} under their letter; an absent {@code L:} is recorded as {@code L(default)}.</li>
 *   <li>Accidentals {@code ^ ^^ _ __ =} last to the end of the bar and, as in abc2midi (the reference player), apply
 *       to the same letter in every octave. Key changes ({@code K:} lines, {@code [K:...]}) reset them.</li>
 *   <li>Lengths {@code 2 /2 3/2 / //}; rests {@code z x}; multi-measure rests {@code Z4 X}; broken rhythm
 *       {@code > >> >>> <}; tuplets {@code (p:q:r} with ABC's default q; ties {@code -} (also inside chords);
 *       chords {@code [CEG]} advance by their first note.</li>
 *   <li>Quoted strings that look like chord symbols ({@code "G"}, {@code "Am/e"}, {@code "Cd"}, {@code "D/f+"},
 *       {@code "(E7)"}) become {@code CHORD_SYMBOL} annotations; others ({@code "Verse"}) become {@code TEXT}.</li>
 *   <li>Repeats {@code |: :| ::} and endings {@code [1 [2 |1 :|2 [1,3} are expanded in playback order. A
 *       {@code :|} goes back to the last {@code |:}; without one, to the start of the tune, or, once a repeat has
 *       been played, to the end of the last repeat or the last {@code ||} / {@code |]} outside an open
 *       {@code |:} section (abc2midi's rule). One deliberate difference: after numbered endings closed by
 *       {@code ||} or {@code |]}, a later {@code :|} repeats the section since that bar line, where abc2midi goes
 *       back before the endings (irish.abc's "Murphy's" and 30 more tunes; see the comparison test).</li>
 *   <li>Parts: when the header has a {@code P:} order ({@code P:ABACA}, {@code P:(AB)2C}) and the body labels its
 *       parts with {@code P:} lines, the parts are played in that order after any unlabelled intro (as abc2midi
 *       does); otherwise the body is played as written. {@code Y:} (jukedeck's own part order) is kept as metadata
 *       and not applied.</li>
 *   <li>Field lines inside the body ({@code K: M: L: Q: P:}) and inline fields ({@code [K:...]}) change the key,
 *       meter, unit or tempo. An {@code M:} or {@code L:} line with music after its value (three tunes of
 *       irish.abc: {@code M:6/8 Ddd e3|...}) is read as the field followed by that music, and so is an
 *       unbracketed {@code M:4/4} inside a music line. abc2midi ignores such music; we keep it, because the
 *       tune is incomplete without it.</li>
 *   <li>Skipped, since they do not change pitches or lengths: decorations ({@code ~ . H..v !trill! +trill+}),
 *       slurs, grace notes {@code {...}} (they take no time), {@code !} at line ends, {@code \} continuations,
 *       comments {@code %}, {@code %%} directives, lyrics. A blank line inside a tune is read as a line break
 *       (two irish.abc tunes have one before their second half); tunes are cut at {@code X:} lines.</li>
 *   <li>The score has one part named "melody" (program 0, velocity {@value AbcTuneParser#VELOCITY}) at
 *       {@value #TICKS_PER_QUARTER} ticks per quarter, so triplets, broken rhythms and sixteenths are exact;
 *       tempo comes from {@code Q:} (a plain number counts unit notes per minute, as in ABC 1.6), 120 quarters per
 *       minute when absent.</li>
 * </ul>
 * Multi-voice tunes ({@code V:} with two voices) and voice overlay {@code &} are refused with an
 * {@link AbcParseException}. This class is stateless and thread-safe.
 */
public final class AbcReader {
    /** The resolution of every score read: divisible by 3 and by 32, so tuplets and 64th notes are exact. */
    public static final int TICKS_PER_QUARTER = 480;

    private static final Pattern X_LINE = Pattern.compile("^X:\\s*(.*)$");
    private static final Pattern T_LINE = Pattern.compile("^T:\\s*(.*)$");

    private AbcReader() {}

    /** Reads one tune (its text from {@code X:} or the first header field on). */
    public static Score read(String tuneText) {
        return read(tuneText, "");
    }

    /** Reads one tune; {@code source} names it in error messages. */
    public static Score read(String tuneText, String source) {
        List<AbcTune> tunes = splitTunes(tuneText);
        AbcTune tune = tunes.isEmpty() ? new AbcTune("", "", 1, tuneText) : tunes.get(0);
        return read(tune, source);
    }

    /** Reads one tune cut out of a book by {@link #splitTunes(String)}. */
    public static Score read(AbcTune tune, String source) {
        return new AbcTuneParser(tune, source).parse();
    }

    /** Reads every tune of a book file (UTF-8, or Latin-1 bytes read as such); bad tunes are skipped and listed. */
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

    /** Reads every tune of a book's text; {@code source} names the book in error messages. */
    public static AbcBook readBook(String text, String source) {
        List<AbcBook.Entry> read = new ArrayList<>();
        List<AbcBook.Skipped> skipped = new ArrayList<>();
        for (AbcTune tune : splitTunes(text)) {
            try {
                read.add(new AbcBook.Entry(tune, read(tune, source)));
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
