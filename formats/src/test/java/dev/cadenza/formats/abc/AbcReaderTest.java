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

    private static Score tune(String key, String meter, String length, String body) throws AbcParseException {
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
    void pitchesOctavesAndKeyAccidentals() throws Exception {
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
    void doubleAccidentalsAndAccidentalsCarriedThroughTheBar() throws Exception {
        assertEquals(List.of(62, 62, 67, 70, 70, 71), pitches(tune("C", "4/4", "1/8", "^^C C __A _B B | B")));
    }

    @Test
    void lengthsAndDefaultUnit() throws Exception {
        assertEquals(List.of(240L, 480L, 120L, 360L, 120L, 60L), durations(tune("C", "4/4", "1/8", "C C2 C/2 C3/2 C/ C//")));
        // no L: and meter 2/4 (< 3/4): the unit is a sixteenth; 3/4 and above: an eighth
        assertEquals(List.of(120L), durations(tune("C", "2/4", null, "C")));
        assertEquals(List.of(240L), durations(tune("C", "3/4", null, "C")));
        assertEquals(List.of(240L), durations(tune("C", "C|", null, "C")));
    }

    @Test
    void brokenRhythmTupletsTiesAndRests() throws Exception {
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
    void chordsAndChordSymbols() throws Exception {
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

    private static Annotation firstAnnotation(String text) throws AbcParseException {
        return tune("C", "4/4", "1/8", "\"" + text + "\"C").annotations().get(0);
    }

    @Test
    void repeatsAndEndingsInPlaybackOrder() throws Exception {
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
    void headerPartOrderIsPlayed() throws Exception {
        Score s = AbcReader.read("X:1\nT:P\nP:ABA\nM:4/4\nL:1\nK:C\nP:A\nC D\nP:B\nE\n");
        assertEquals(List.of(60, 62, 64, 60, 62), pitches(s));
    }

    @Test
    void fieldsInsideTheBody() throws Exception {
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
    void decorationsSlursGraceNotesAndCommentsAreSkipped() throws Exception {
        Score s = tune("C", "4/4", "1/8", "~C .D !trill!E {ga}F (GA) | % a comment\nB !fermata!c|!");
        assertEquals(List.of(60, 62, 64, 65, 67, 69, 71, 72), pitches(s));
        assertEquals(8 * 240, s.end());
    }

    @Test
    void modesGiveTheirSignatures() throws Exception {
        assertEquals(1, tune("G Major", "4/4", "1/8", "G").keySignatures().get(0).fifths());
        assertEquals(1, tune("A Dorian", "4/4", "1/8", "G").keySignatures().get(0).fifths());
        assertEquals(1, tune("D Mixolydian", "4/4", "1/8", "G").keySignatures().get(0).fifths());
        assertEquals(1, tune("E Minor", "4/4", "1/8", "G").keySignatures().get(0).fifths());
        assertEquals("minor", tune("Em", "4/4", "1/8", "G").keySignatures().get(0).mode());
        assertEquals("dorian", tune("A Dorian", "4/4", "1/8", "G").keySignatures().get(0).mode());
        assertEquals(-2, tune("Gm", "4/4", "1/8", "G").keySignatures().get(0).fifths());
    }

    @Test
    void malformedTunesNameTuneLineAndColumn() throws Exception {
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
    void numbersOfAnyLengthAreParseErrorsWithTheirPlace() {
        // issue 11: these escaped as NumberFormatException
        String[][] cases = {
                {"X:1\nT:t\nM:4/4\nK:C\nCD Z99999999999|\n", "5", "5"},
                {"X:1\nT:t\nM:4/4\nK:C\nCD (3:99999999999 CDE|\n", "5", "7"},
                {"X:1\nT:t\nM:4/4\nK:C\nCD|[99999999999 CD|\n", "5", "5"},
                {"X:1\nT:t\nM:4/4\nK:C\nCD|99999999999 CD|\n", "5", "4"},
                {"X:1\nT:t\nM:99999999999/8\nK:C\nCD|\n", "3", "3"},
                {"X:1\nT:t\nM:4/4\nK:C\nCD (3:2:123456789012345678901234567890 CDE|\n", "5", "9"},
        };
        for (String[] c : cases) {
            AbcParseException e = assertThrows(AbcParseException.class, () -> AbcReader.read(c[0], "numbers.abc"), c[0]);
            assertEquals(Integer.parseInt(c[1]), e.line(), e.getMessage());
            assertEquals(Integer.parseInt(c[2]), e.column(), e.getMessage());
            assertTrue(e.problem().contains("too large"), e.getMessage());
        }
    }

    @Test
    void highlandPipeKeysPlayFSharpAndCSharp() throws Exception {
        // abc2midi and ABC 2.1: K:HP (no signature printed) and K:Hp (F# C# G natural printed) sound the same notes
        assertEquals(List.of(61, 62, 66, 67, 73), pitches(tune("HP", "4/4", "1/8", "C D F G c")));
        assertEquals(List.of(61, 62, 66, 67, 73), pitches(tune("Hp", "4/4", "1/8", "C D F G c")));
        assertEquals(2, tune("Hp", "4/4", "1/8", "C").keySignatures().get(0).fifths());
    }

    @Test
    void aKeyFieldWithOnlyAClefKeepsTheKey() throws Exception {
        // issue 11: [K:bass3] reported "unknown mode 'ass'"; a clef's -8 lowers the sound an octave (ABC 2.1), others do not
        assertEquals(List.of(66, 66, 66, 54, 66), pitches(tune("G", "4/4", "1/8", "F [K:bass3] F [K:clef=alto] F [K:treble-8] F [K:bass] F")));
        assertEquals(List.of(1), tune("G", "4/4", "1/8", "F [K:bass3] F").keySignatures().stream().map(k -> k.fifths()).toList());
        assertEquals(List.of(60), pitches(tune("bass", "4/4", "1/8", "C")));
        assertEquals(List.of(70), pitches(tune("F bass", "4/4", "1/8", "B")));
    }

    private static List<Integer> pitches(Score s, int part) {
        return s.parts().get(part).notes().stream().map(Note::pitch).collect(Collectors.toList());
    }

    @Test
    void everyVoiceIsAPartAlignedFromTheStart() throws Exception {
        Score s = AbcReader.read("X:1\nT:Voices\nM:3/4\nL:1/4\n%%score B S\nV:S name=\"Soprano\"\nV:B clef=bass\nK:G\n"
                + "V:S\nG A B | c3 |]\nV:B\nG,, D, G, | C,3 |]\n");
        assertEquals(List.of("B", "Soprano"), s.parts().stream().map(dev.cadenza.music.Part::name).toList());
        assertEquals(List.of(43, 50, 55, 48), pitches(s, 0)); // %%score puts B first
        assertEquals(List.of(67, 69, 71, 72), pitches(s, 1));
        assertEquals(List.of(0L, 480L, 960L, 1440L), s.parts().get(1).notes().stream().map(Note::onset).toList());
        assertEquals(List.of(0L, 480L, 960L, 1440L), s.parts().get(0).notes().stream().map(Note::onset).toList());
        // a K: in a voice changes that voice only; music before the first V: belongs to it; inline [V:] switches
        Score k = AbcReader.read("X:2\nT:Keys\nM:4/4\nL:1/4\nK:C\nF F F F|\nV:1\nK:G\nF F F F|\nV:2\nF F F F|\n[V:1] F4|[V:2] F4|\n");
        assertEquals(List.of(65, 65, 65, 65, 66, 66, 66, 66, 66), pitches(k, 0));
        assertEquals(List.of(65, 65, 65, 65, 65), pitches(k, 1));
        assertEquals(List.of("1", "2"), k.parts().stream().map(dev.cadenza.music.Part::name).toList());
    }

    @Test
    void transposingVoicesAndClefsSoundAsAbc21Says() throws Exception {
        Score s = AbcReader.read("X:1\nT:T\nM:4/4\nL:1/4\nV:T clef=treble-8\nV:Cl transpose=-2\nV:O octave=-1\nV:B bass\nV:H clef=treble+8\n"
                + "%%MIDI program 71\nK:C\n[V:T] c|\n[V:Cl] c|\n[V:O] c|\n[V:B] c|\n[V:H] c|\n");
        assertEquals(List.of(60, 70, 60, 72, 84), s.parts().stream().map(p -> p.notes().get(0).pitch()).toList());
        assertEquals(71, s.parts().get(0).program());
        Score changed = AbcReader.read("X:2\nT:T\nM:4/4\nL:1/4\nK:C\n%%MIDI program 40\nc [K:treble-8] c [K:transpose=3 treble] c [V:1 octave=1] c|\n");
        assertEquals(List.of(72, 60, 75, 87), pitches(changed));
        assertEquals(40, changed.parts().get(0).program());
    }

    @Test
    void voiceOverlaysGoBackToTheBarStartInTheSamePart() throws Exception {
        Score s = tune("C", "4/4", "1/4", "^C D E F & C D ^E F | G2 A2 & e f g2 & C,4 | c4 |]");
        List<Note> notes = s.parts().get(0).notes();
        assertEquals(1, s.parts().size());
        // the overlay has accidentals of its own: its C is natural
        assertEquals(List.of(60, 61, 62, 62, 64, 65, 65, 65), notes.subList(0, 8).stream().map(Note::pitch).toList());
        assertEquals(List.of(0L, 0L, 480L, 480L, 960L, 960L, 1440L, 1440L), notes.subList(0, 8).stream().map(Note::onset).toList());
        assertEquals(List.of(48, 67, 76), notes.stream().filter(n -> n.onset() == 1920).map(Note::pitch).sorted().toList());
        assertEquals(3840, notes.get(notes.size() - 1).onset()); // after the bar line, time goes on from the main voice
    }

    @Test
    void playbackOrnamentsStayAnnotationsAndTheNotesStayWritten() throws Exception {
        Score s = tune("G", "4/4", "1/8", "~G2 !trill!A2 T B2 {/g}A {ag}G | !+!\"Am\"E4 .E H!fermata!D3 |");
        assertEquals(List.of(67, 69, 71, 69, 67, 64, 64, 62), pitches(s));
        assertEquals(List.of("DECORATION roll 0", "DECORATION trill 480", "DECORATION trill 960", "GRACE_NOTES /G5 1440",
                        "GRACE_NOTES A5 G5 1680", "DECORATION + 1920", "CHORD_SYMBOL Am 1920", "DECORATION staccato 2880",
                        "DECORATION fermata 3120", "DECORATION fermata 3120"),
                s.annotations().stream().map(a -> a.kind() + " " + a.text() + " " + a.tick()).toList());
        assertTrue(s.annotations().stream().allMatch(a -> a.part() == 0));
        // U: gives a letter a decoration
        Score u = AbcReader.read("X:1\nT:U\nU:W=!coda!\nK:C\nWC\n");
        assertEquals("coda", u.annotations().get(0).text());
    }

    @Test
    void chordNotesLastAsTheirFirstNote() throws Exception {
        // abc2midi plays every note of [F/A] as long as F/
        Score s = tune("C", "4/4", "1/4", "[F/A][G/B] c|");
        assertEquals(List.of(240L, 240L, 240L, 240L, 480L), durations(s));
    }

    @Test
    void fieldsOfEveryKindTheStandardAllows() throws Exception {
        // tempo with words, "ca.", several beats; words alone change nothing
        assertEquals(80.0, tune("C", "4/4", "1/4", "[Q:1/4=ca. 80] C").tempos().get(0).bpm(), 1e-6);
        assertEquals(120.0, tune("C", "4/4", "1/4", "[Q:\"Allegro\" 1/4=120] C").tempos().get(0).bpm(), 1e-6);
        assertEquals(List.of(90.0, 120.0), AbcReader.read("X:1\nT:q\nQ:1/4=90\nK:C\nC [Q:\"Andante\"] C [Q:1/8 3/8=60] C\n")
                .tempos().stream().map(t -> (double) Math.round(t.bpm())).toList());
        // complex meters
        assertEquals(7, tune("C", "2+2+3/8", "1/8", "C").meter().numerator());
        assertEquals(5, tune("C", "(2+3)/8", "1/8", "C").meter().numerator());
        assertTrue(tune("C", "none", "1/8", "C").timeSignatures().isEmpty());
        AbcParseException e = assertThrows(AbcParseException.class, () -> tune("C", "3/5", "1/8", "C"));
        assertTrue(e.problem().contains("power of two"), e.getMessage());
        // explicit key accidentals, also written against the tonic
        assertEquals(List.of(66, 61, 70), pitches(tune("C ^f ^c", "4/4", "1/8", "F C _B")));
        assertEquals(List.of(66, 61, 65), pitches(tune("C^f^c", "4/4", "1/8", "F C =F")));
        assertEquals(List.of(66, 60), pitches(tune("D exp ^f", "4/4", "1/8", "F C")));
    }

    @Test
    void textBlocksAndAbcm2psExtensionsAreSkippedWithWarnings() throws Exception {
        String text = "X:1\nT:t\nM:4/4\nL:1/4\nK:C\n%%begintext\nA text with (3 [ and \" in it\n%%endtext\nC J D y20 E [] F | ^/G _3/2A R B N c|\n";
        AbcReader.Result r = AbcReader.readWithWarnings(AbcReader.splitTunes(text).get(0), "t.abc");
        assertEquals(List.of(60, 62, 64, 65, 67, 68, 71, 72), pitches(r.score()));
        assertEquals(6, r.warnings().size(), r.warnings().toString());
        assertTrue(r.warnings().get(0).startsWith("line 9, column 3: 'J'"), r.warnings().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("'^/' read as 0 semitones")), r.warnings().toString());
        AbcParseException e = assertThrows(AbcParseException.class, () -> tune("C", "4/4", "1/4", "(& C D & E F &) |"));
        assertTrue(e.problem().contains("(&"), e.getMessage());
    }

    @Test
    void parseErrorsAreTheCheckedFormatExceptionOfTheReaders() {
        // issue 11: MidiFormatException was checked and AbcParseException unchecked, for the same kind of error
        assertTrue(dev.cadenza.formats.MusicFormatException.class.isAssignableFrom(AbcParseException.class));
        assertFalse(RuntimeException.class.isAssignableFrom(AbcParseException.class));
        AbcParseException e = assertThrows(AbcParseException.class, () -> AbcReader.read("X:3\nT:t\nK:C\nC$\n", "b.abc"));
        assertEquals("b.abc", e.source());
        assertEquals("3", e.tuneNumber());
    }

    @Test
    void oneBadTuneDoesNotStopTheBook() throws Exception {
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
