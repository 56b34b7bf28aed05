package dev.cadenza.formats.abc;

import dev.cadenza.testkit.RealCorpus;
import dev.cadenza.corpus.Corpus;
import dev.cadenza.music.Annotation;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AbcReaderTest {
    private static final int Q = AbcReader.TICKS_PER_QUARTER;

    private static Score tune(String key, String meter, String length, String body) {
        return AbcReader.read("X:1\nT:Test\nM:" + meter + "\n" + (length == null ? "" : "L:" + length + "\n") + "K:" + key + "\n" + body + "\n");
    }

    private static List<Integer> pitches(Score s) {
        return s.parts().get(0).notes().stream().map(Note::pitch).collect(Collectors.toList());
    }

    private static List<Long> durations(Score s) {
        return s.parts().get(0).notes().stream().map(Note::duration).collect(Collectors.toList());
    }

    private static List<Long> onsets(Score s) {
        return s.parts().get(0).notes().stream().map(Note::onset).collect(Collectors.toList());
    }

    @Test
    void pitchesOctavesAndKeyAccidentals() {
        assertEquals(List.of(60, 72, 48, 84, 71), pitches(tune("C", "4/4", "1/8", "C c C, c' B")));
        // G major: F is sharp in every octave; =F cancels it to the end of the bar only
        assertEquals(List.of(66, 78, 65, 77, 66), pitches(tune("G Major", "4/4", "1/8", "F f =F f | F")));
        assertEquals(List.of(70, 63), pitches(tune("Bb", "4/4", "1/8", "B E")));
        assertEquals(List.of(61, 62, 66), pitches(tune("A Dorian", "4/4", "1/8", "^C ^^C _G")));
        assertEquals(List.of(62, 66, 72), pitches(tune("D Mixolydian", "4/4", "1/8", "D F c")));
        assertEquals(List.of(66, 72), pitches(tune(" E Minor", "4/4", "1/8", "F c")));
        assertEquals(List.of(69, 72, 76), pitches(tune("Am", "4/4", "1/8", "A c e")));
        assertEquals(List.of(61, 62, 58, 58), pitches(tune("C", "4/4", "1/8", "^^B, __E _B, B,")));
    }

    @Test
    void doubleAccidentalsAndAccidentalsCarriedThroughTheBar() {
        assertEquals(List.of(62, 62, 67, 70, 70, 71), pitches(tune("C", "4/4", "1/8", "^^C C __A _B B | B")));
    }

    @Test
    void lengthsAndDefaultUnit() {
        assertEquals(List.of(240L, 480L, 120L, 360L, 120L, 60L), durations(tune("C", "4/4", "1/8", "C C2 C/2 C3/2 C/ C//")));
        // no L: and meter 2/4 (< 3/4): the unit is a sixteenth; 3/4 and above: an eighth
        assertEquals(List.of(120L), durations(tune("C", "2/4", null, "C")));
        assertEquals(List.of(240L), durations(tune("C", "3/4", null, "C")));
        assertEquals(List.of(240L), durations(tune("C", "C|", null, "C")));
    }

    @Test
    void brokenRhythmTupletsTiesAndRests() {
        assertEquals(List.of(360L, 120L, 120L, 360L, 420L, 60L), durations(tune("C", "4/4", "1/8", "C>D E<F G>>A")));
        Score triplet = tune("C", "4/4", "1/8", "(3CDE F");
        assertEquals(List.of(160L, 160L, 160L, 240L), durations(triplet));
        assertEquals(List.of(0L, 160L, 320L, 480L), onsets(triplet));
        // compound meter: (2 is two in the time of three, (4 four in the time of three
        assertEquals(List.of(360L, 360L), durations(tune("C", "6/8", "1/8", "(2CD")));
        assertEquals(List.of(180L, 180L, 180L, 180L), durations(tune("C", "6/8", "1/8", "(4CDEF")));
        Score tied = tune("C", "4/4", "1/8", "C2-|C2 z2 D x E Z | F");
        assertEquals(List.of(960L, 240L, 240L, 240L), durations(tied));
        assertEquals(List.of(0L, 1440L, 1920L, 2160L + 1920L), onsets(tied));
    }

    @Test
    void chordsAndChordSymbols() {
        Score s = tune("G", "3/4", "1/4", "\"G\"[GB]2 \"Am/e\"[c/2e/2]c/2 | \"Verse\" \"D7\"[f3-A3-]|[fA]");
        List<Note> notes = s.parts().get(0).notes();
        assertEquals(List.of(67, 71, 72, 76, 72, 69, 78), notes.stream().map(Note::pitch).collect(Collectors.toList()));
        assertEquals(960, notes.get(0).duration());
        assertEquals(960, notes.get(2).onset());
        assertEquals(1200, notes.get(4).onset());
        assertEquals(1440 + 480, notes.get(6).duration()); // tied into the next bar
        List<Annotation> a = s.annotations();
        assertEquals(List.of("G", "Am/e", "Verse", "D7"), a.stream().map(Annotation::text).collect(Collectors.toList()));
        assertEquals(Annotation.Kind.TEXT, a.get(2).kind());
        assertEquals(Annotation.Kind.CHORD_SYMBOL, a.get(3).kind());
        assertEquals(1440, a.get(3).tick());
        for (String chord : List.of("Cd", "Ca", "D/f+", "(E7)", "E7b9", "Bbm7", "G#d", "F#m/a"))
            assertEquals(Annotation.Kind.CHORD_SYMBOL, firstAnnotation(chord).kind(), chord);
        for (String text : List.of("Coda", "Extended Refrain", "From here", "^above", "_below"))
            assertEquals(Annotation.Kind.TEXT, firstAnnotation(text).kind(), text);
    }

    private static Annotation firstAnnotation(String text) {
        return tune("C", "4/4", "1/8", "\"" + text + "\"C").annotations().get(0);
    }

    @Test
    void repeatsAndEndingsInPlaybackOrder() {
        // |: A B :| then first and second endings
        assertEquals(List.of(57, 59, 60, 62, 57, 59, 64), pitches(tune("C", "4/4", "1", "|:A,B,[1 C D:|[2 E|]")));
        assertEquals(List.of(60, 62, 64, 60, 62, 65, 67, 67),
                pitches(tune("C", "4/4", "1", "|:C D |1 E :|2 F || G :|")));
        // :| without |: goes back to the start; :: is an end and a start
        assertEquals(List.of(60, 60, 62, 64, 62, 64), pitches(tune("C", "4/4", "1", "C :| D E :: ")));
        assertEquals(List.of(60, 62, 60, 62, 64, 64), pitches(tune("C", "4/4", "1", "C D :: E :|")));
        // a section after endings closed by |] repeats on its own
        assertEquals(List.of(60, 62, 60, 64, 65, 65), pitches(tune("C", "4/4", "1", "|: C [1 D :|[2 E |] F :|")));
    }

    @Test
    void headerPartOrderIsPlayed() {
        Score s = AbcReader.read("X:1\nT:P\nP:ABA\nM:4/4\nL:1\nK:C\nP:A\nC D\nP:B\nE\n");
        assertEquals(List.of(60, 62, 64, 60, 62), pitches(s));
    }

    @Test
    void fieldsInsideTheBody() {
        Score s = AbcReader.read("X:7\nT:Changes\nM:4/4\nL:1/8\nQ:1/4=90\nK:G\nF2 F2|\nK:F\nB2 [K:D]c2|[M:3/4][L:1/4]c|\nM:6/8 Ddd e3|!\nQ:3/8=80\nF\\\n F");
        assertEquals(List.of(66, 66, 70, 73, 73, 62, 74, 74, 76, 66, 66), pitches(s));
        assertEquals(480, s.parts().get(0).notes().get(4).duration());
        assertEquals(List.of(4, 3, 6), s.timeSignatures().stream().map(t -> t.numerator()).collect(Collectors.toList()));
        assertEquals(List.of(1, -1, 2), s.keySignatures().stream().map(k -> k.fifths()).collect(Collectors.toList()));
        assertEquals(90.0, s.tempos().get(0).bpm(), 1e-3);
        assertEquals(120.0, s.tempos().get(1).bpm(), 1e-3);
        assertEquals(List.of("7"), List.of(s.metadata().get("X")));
        assertEquals("Changes", s.title());
        assertEquals(480, s.ticksPerQuarter());
    }

    @Test
    void decorationsSlursGraceNotesAndCommentsAreSkipped() {
        Score s = tune("C", "4/4", "1/8", "~C .D !trill!E {ga}F (GA) | % a comment\nB !fermata!c|!");
        assertEquals(List.of(60, 62, 64, 65, 67, 69, 71, 72), pitches(s));
        assertEquals(8 * 240, s.end());
    }

    @Test
    void modesGiveTheirSignatures() {
        assertEquals(1, tune("G Major", "4/4", "1/8", "G").keySignatures().get(0).fifths());
        assertEquals(1, tune("A Dorian", "4/4", "1/8", "G").keySignatures().get(0).fifths());
        assertEquals(1, tune("D Mixolydian", "4/4", "1/8", "G").keySignatures().get(0).fifths());
        assertEquals(1, tune("E Minor", "4/4", "1/8", "G").keySignatures().get(0).fifths());
        assertEquals("minor", tune("Em", "4/4", "1/8", "G").keySignatures().get(0).mode());
        assertEquals("dorian", tune("A Dorian", "4/4", "1/8", "G").keySignatures().get(0).mode());
        assertEquals(-2, tune("Gm", "4/4", "1/8", "G").keySignatures().get(0).fifths());
    }

    @Test
    void malformedTunesNameTuneLineAndColumn() {
        AbcParseException e = assertThrows(AbcParseException.class,
                () -> AbcReader.read("X:12\nT:Broken Reel\nM:4/4\nL:1/8\nK:D\nABcd|efg$ a|\n"));
        assertEquals("12", e.tuneNumber());
        assertEquals("Broken Reel", e.title());
        assertEquals(6, e.line());
        assertEquals(9, e.column());
        assertTrue(e.getMessage().contains("X:12") && e.getMessage().contains("Broken Reel") && e.getMessage().contains("'$'"), e.getMessage());

        assertEquals(6, assertThrows(AbcParseException.class, () -> AbcReader.read("X:1\nT:t\nM:4/4\nL:1/8\nK:D\nAB \"G cd|\n")).line());
        assertThrows(AbcParseException.class, () -> AbcReader.read("X:1\nT:t\nM:4/4\nK:H Lydian\nC\n"));
        assertThrows(AbcParseException.class, () -> AbcReader.read("X:1\nT:t\nM:4/5\nK:C\nC\n"));
        assertThrows(AbcParseException.class, () -> AbcReader.read("X:1\nT:no key\nABC|\n"));
        assertThrows(AbcParseException.class, () -> AbcReader.read("X:1\nT:t\nK:C\n[CE\n"));
        assertThrows(AbcParseException.class, () -> AbcReader.read("X:1\nT:t\nK:C\n>C\n"));
        assertThrows(AbcParseException.class, () -> AbcReader.read("X:1\nT:t\nK:C\nc''''''\n"));
    }

    @Test
    void damagedTunesFailOnlyWithAbcParseException() throws IOException {
        // Generated text is damaged ABC: whatever the damage, the reader answers with a score or an AbcParseException.
        List<AbcTune> tunes = AbcReader.splitTunes(RealCorpus.require(Corpus.IRISH).irishAbc());
        String alphabet = "\n !\"#'(),-./0123456789:<=>ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz|{}~+%\\&";
        java.util.Random random = new java.util.Random(20261121);
        int read = 0, refused = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder t = new StringBuilder(tunes.get(random.nextInt(tunes.size())).text());
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                int at = random.nextInt(t.length());
                switch (random.nextInt(3)) {
                    case 0 -> t.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> t.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> t.deleteCharAt(at);
                }
            }
            try {
                AbcReader.read(t.toString());
                read++;
            } catch (AbcParseException e) {
                assertTrue(e.line() >= 1 && e.column() >= 1, e.getMessage());
                refused++;
            }
        }
        assertTrue(read > 500 && refused > 500, read + " read, " + refused + " refused");
        assertThrows(AbcParseException.class, () -> AbcReader.read("X:1\nQ:1/4=0.0001\nK:C\nA\n"));
    }

    @Test
    void oneBadTuneDoesNotStopTheBook() {
        String book = "% header comment\n\nX:1\nT:Good\nK:C\nCDE|\n\n\nX:2\nT:Bad\nK:C\nCD]E|\n\nX:3\nT:Also good\nM:6/8\nK:G\nGAB|\n\nfed|\n";
        AbcBook b = AbcReader.readBook(book, "book.abc");
        assertEquals(3, b.total());
        assertEquals(List.of("Good", "Also good"), b.tunes().stream().map(t -> t.tune().title()).collect(Collectors.toList()));
        assertEquals(1, b.skipped().size());
        AbcParseException why = b.skipped().get(0).reason();
        assertEquals("2", why.tuneNumber());
        assertEquals(12, why.line());
        assertEquals(3, why.column());
        assertTrue(why.getMessage().startsWith("book.abc: tune X:2 \"Bad\", line 12, column 3"), why.getMessage());
        // the blank line inside tune 3 does not cut it
        assertEquals(6, b.tunes().get(1).score().noteCount());
    }

    @Test
    void readsEveryCorpusTuneButTheMalformedOnes() throws IOException {
        RealCorpus.require(Corpus.IRISH);
        Path data = RealCorpus.require(Corpus.NOTTINGHAM).root().resolve("abc");
        AbcBook irish = AbcReader.readBook(data.resolve("irish.abc"));
        assertEquals(804, irish.total());
        // the one tune with a typo ("fsedf") is refused; the others, including those with a blank line inside, read
        assertEquals(List.of("Jug of Punch No. 2"), irish.skipped().stream().map(s -> s.tune().title()).collect(Collectors.toList()));
        assertTrue(irish.skipped().get(0).reason().getMessage().contains("line 5785, column 9"), irish.skipped().get(0).reason().getMessage());
        assertTrue(irish.skipped().stream().allMatch(s -> s.reason().line() > 0 && s.reason().column() > 0));
        AbcBook jigs = AbcReader.readBook(data.resolve("nottingham").resolve("jigs.abc"));
        assertEquals(340, jigs.total());
        assertEquals(List.of("Joy of the Dance"), jigs.skipped().stream().map(s -> s.tune().title()).collect(Collectors.toList()));
        long chordSymbols = jigs.scores().stream().flatMap(s -> s.annotations().stream())
                .filter(a -> a.kind() == Annotation.Kind.CHORD_SYMBOL).count();
        assertTrue(chordSymbols > 5000, "chord symbols: " + chordSymbols);
        assertFalse(jigs.scores().get(0).metadata().get("S").isEmpty());
    }
}
