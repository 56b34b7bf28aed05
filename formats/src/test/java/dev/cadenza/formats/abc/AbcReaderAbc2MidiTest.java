package dev.cadenza.formats.abc;

import dev.cadenza.testkit.RealCorpus;
import dev.cadenza.corpus.Corpus;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the reader against a real ABC implementation: every tune of irish.abc and of the 14 Nottingham books is
 * played by Debian's abc2midi, and its melody (pitch, onset order, duration) is compared with the notes we read.
 * Skipped when abc2midi is not installed ({@code apt-get install abcmidi}).
 */
class AbcReaderAbc2MidiTest {
    /** abc2midi starts each note one tick late and ends it on time; differences up to this many ticks are equal. */
    private static final long TOLERANCE = 2;
    /**
     * abc2midi starts the notes of one chord 10 ticks apart (at 480 per quarter): notes that start at most this many
     * ticks after the one before them are one chord. Written notes are never that close (a 128th is 15 ticks).
     */
    private static final long CHORD_STAGGER = 12;

    record Outcome(String book, AbcTune tune, Score score, String difference) {}

    @Test
    void melodiesMatchAbc2midi(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Abc2Midi.available(), "abc2midi is not installed (apt-get install abcmidi): comparison skipped");
        RealCorpus.require(Corpus.IRISH);
        Path data = RealCorpus.require(Corpus.NOTTINGHAM).root().resolve("abc");
        List<Path> books = new ArrayList<>();
        books.add(data.resolve("irish.abc"));
        try (Stream<Path> s = Files.list(data.resolve("nottingham"))) {
            s.filter(p -> p.toString().endsWith(".abc")).sorted().forEach(books::add);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Outcome>> futures = new ArrayList<>();
        int n = 0;
        for (Path book : books) {
            AbcBook read = AbcReader.readBook(book);
            String name = book.getFileName().toString();
            for (AbcBook.Skipped s : read.skipped()) {
                int id = n++;
                futures.add(pool.submit(() -> {
                    List<Abc2Midi.MidiNote> theirs = Abc2Midi.notes(forAbc2midi(s.tune().text()), dir, "t" + id);
                    return new Outcome(name, s.tune(), null, theirs == null
                            ? null // both refuse the tune: they agree
                            : "we skip it (" + s.reason().problem() + ") but abc2midi plays " + theirs.size() + " notes");
                }));
            }
            for (AbcBook.Entry e : read.tunes()) {
                int id = n++;
                futures.add(pool.submit(() -> new Outcome(name, e.tune(), e.score(),
                        compare(e.score(), Abc2Midi.notes(forAbc2midi(e.tune().text()), dir, "t" + id)))));
            }
        }
        List<Outcome> differ = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            Outcome o = f.get();
            if (o.difference() != null) differ.add(o);
        }
        // Where a cause can be spelled out in ABC that abc2midi reads our way, abc2midi must then agree with us.
        List<Future<String>> checks = new ArrayList<>();
        for (Outcome o : differ) {
            String rewritten = o.score() == null ? null : ourReading(category(o), o.tune().text());
            int id = n++;
            checks.add(rewritten == null ? null : pool.submit(() ->
                    compare(o.score(), Abc2Midi.notes(forAbc2midi(rewritten), dir, "v" + id)) == null ? "" : rewritten));
        }
        List<String> unconfirmed = new ArrayList<>();
        int confirmed = 0;
        for (int i = 0; i < differ.size(); i++) {
            if (checks.get(i) == null) continue;
            String r = checks.get(i).get();
            if (r.isEmpty()) confirmed++;
            else unconfirmed.add(differ.get(i).tune().title() + " (" + category(differ.get(i)) + "):\n" + r);
        }
        pool.shutdown();
        int total = futures.size();
        double rate = 1.0 - (double) differ.size() / total;
        StringBuilder report = new StringBuilder(String.format("abc2midi agreement: %d of %d tunes (%.2f%%)%n",
                total - differ.size(), total, 100 * rate));
        // per corpus: the share of tunes read, and of those the share whose notes agree with abc2midi
        for (String corpus : List.of("irish", "nottingham")) {
            int tunes = 0, read = 0, agree = 0;
            for (Future<Outcome> f : futures) {
                Outcome o = f.get();
                if (o.book().equals("irish.abc") != corpus.equals("irish")) continue;
                tunes++;
                if (o.score() != null) read++;
                if (o.score() != null && o.difference() == null) agree++;
            }
            report.append(String.format("  %s: %d of %d tunes read (%.1f%%); of those, %d agree with abc2midi (%.1f%%)%n",
                    corpus, read, tunes, 100.0 * read / tunes, agree, 100.0 * agree / read));
        }
        Map<String, List<Outcome>> byCategory = new TreeMap<>();
        for (Outcome o : differ) byCategory.computeIfAbsent(category(o), k -> new ArrayList<>()).add(o);
        for (Map.Entry<String, List<Outcome>> c : byCategory.entrySet()) {
            report.append('\n').append(c.getValue().size()).append(" x ").append(c.getKey()).append(":\n");
            for (Outcome o : c.getValue())
                report.append("  ").append(o.book()).append(" X:").append(o.tune().number()).append(" \"").append(o.tune().title())
                        .append("\" (line ").append(o.tune().firstLine()).append("): ").append(o.difference()).append('\n');
        }
        Path out = Path.of(System.getProperty("cadenza.report.dir", System.getProperty("java.io.tmpdir")), "abc2midi-comparison.txt");
        report.append(String.format("%nabc2midi agrees with us on %d of these tunes once the cause is written out in"
                + " ABC it reads our way (blank lines removed, [M:] bracketed, |: made explicit, [+ written [)%n", confirmed));
        for (String u : unconfirmed) report.append("NOT CONFIRMED: ").append(u).append('\n');
        Files.writeString(out, report);
        // the build log gets the figures; the file has every tune
        StringBuilder summary = new StringBuilder(report.substring(0, report.indexOf("\n\n") + 1));
        byCategory.forEach((c, list) -> summary.append("  ").append(list.size()).append(" x ").append(c).append('\n'));
        System.out.print(summary.append("  confirmed by rewriting: ").append(confirmed).append("; report: ").append(out).append('\n'));
        assertTrue(rate >= 0.975, report.toString());
        assertTrue(!byCategory.containsKey(UNEXPLAINED), "differences without a known cause:\n" + report);
        assertEquals(List.of(), unconfirmed, report.toString());
    }

    /**
     * The rest of ABC 2.1 against abc2midi: the multi-voice tunes written for Cadenza (multivoice.abc, every construct
     * of issue 17), and the example files that Debian's abcmidi and abcm2ps install (GPL: read from the installed
     * path, never copied; skipped when absent). Reports, per source, the share of tunes read and, of those, the share
     * whose notes (pitch, onset, end, all voices) agree, and lists every other tune with its cause.
     */
    @Test
    void multiVoiceTunesAndAbcToolExamplesMatchAbc2midi(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Abc2Midi.available(), "abc2midi is not installed (apt-get install abcmidi): comparison skipped");
        Map<String, List<Path>> sources = new java.util.LinkedHashMap<>();
        Path own = dir.resolve("multivoice.abc");
        try (var in = AbcReaderAbc2MidiTest.class.getResourceAsStream("multivoice.abc")) {
            Files.write(own, in.readAllBytes());
        }
        sources.put("multivoice.abc (written for Cadenza)", List.of(own));
        for (String tool : List.of("abcmidi", "abcm2ps")) {
            Path examples = Path.of("/usr/share/doc", tool, "examples");
            if (!Files.isDirectory(examples)) continue;
            try (Stream<Path> s = Files.list(examples)) {
                sources.put(tool + " examples (" + examples + ")", s.filter(p -> p.toString().endsWith(".abc")).sorted().toList());
            }
        }
        StringBuilder report = new StringBuilder();
        List<String> unexplained = new ArrayList<>(), unconfirmed = new ArrayList<>();
        int n = 0, ownRead = 0, ownTotal = 0, ownAgree = 0;
        Map<String, List<String>> byCause = new TreeMap<>();
        for (Map.Entry<String, List<Path>> source : sources.entrySet()) {
            int total = 0, read = 0, agree = 0;
            for (Path file : source.getValue()) {
                AbcBook book = AbcReader.readBook(file);
                total += book.total();
                read += book.tunes().size();
                String name = file.getFileName() + " X:";
                for (AbcBook.Skipped skip : book.skipped())
                    byCause.computeIfAbsent("refused with a message (not read)", k -> new ArrayList<>())
                            .add(name + skip.tune().number() + " \"" + skip.tune().title() + "\": " + skip.reason().problem());
                for (AbcBook.Entry e : book.tunes()) {
                    Abc2Midi.Played played = Abc2Midi.play(forAbc2midi(e.tune().text()), dir, "m" + n++);
                    String difference = compare(e.score(), played.notes());
                    if (difference == null) {
                        agree++;
                        continue;
                    }
                    String cause = multiVoiceCause(e.tune().text());
                    String where = name + e.tune().number() + " \"" + e.tune().title() + "\": " + difference;
                    byCause.computeIfAbsent(cause, k -> new ArrayList<>()).add(where);
                    if (cause.equals(UNEXPLAINED)) unexplained.add(where);
                    String rewritten = multiVoiceRewrite(cause, e.tune().text());
                    if (rewritten != null && compare(e.score(), Abc2Midi.play(forAbc2midi(rewritten), dir, "m" + n++).notes()) != null)
                        unconfirmed.add(where + " (" + cause + "), rewritten:\n" + rewritten);
                }
            }
            report.append(String.format("%s: %d of %d tunes read (%.1f%%); of those, %d agree with abc2midi (%.1f%%)%n",
                    source.getKey(), read, total, 100.0 * read / Math.max(1, total), agree, 100.0 * agree / Math.max(1, read)));
            if (source.getValue().contains(own)) {
                ownTotal = total;
                ownRead = read;
                ownAgree = agree;
            }
        }
        for (Map.Entry<String, List<String>> c : byCause.entrySet()) {
            report.append('\n').append(c.getValue().size()).append(" x ").append(c.getKey()).append(":\n");
            for (String t : c.getValue()) report.append("  ").append(t).append('\n');
        }
        for (String u : unconfirmed) report.append("NOT CONFIRMED: ").append(u).append('\n');
        Path out = Path.of(System.getProperty("cadenza.report.dir", System.getProperty("java.io.tmpdir")), "abc2midi-comparison-multivoice.txt");
        Files.writeString(out, report);
        System.out.print(report.substring(0, report.indexOf("\n\n") + 1) + "  report: " + out + "\n");
        assertEquals(ownTotal, ownRead, report.toString());
        assertTrue(ownAgree >= ownTotal - 1, report.toString());
        assertEquals(List.of(), unexplained, report.toString());
        assertEquals(List.of(), unconfirmed, report.toString());
    }

    static final String CLEF_NOT_LAST = "a clef with -8 or +8 followed by more voice parameters (V:T clef=treble-8"
            + " name=...): abc2midi applies the octave only when the clef comes last, we always (ABC 2.1)";
    static final String GLUED_ACCIDENTALS = "key accidentals written against the tonic (K:C^f^c^a): abc2midi ignores them,"
            + " we apply them";
    static final String MICROTONE = "a microtonal accidental of more than half a semitone (_141/100B): we read the"
            + " nearest semitone, abc2midi the natural with a pitch bend";
    static final String SECOND_ENDING_REPEAT = "a second ending closed by :| (|1 ... :|2 ... :|): abc2midi plays the"
            + " section once more, we end the section there (as if closed by ||)";
    static final String CLEF_RESET = "a K: clef without +8/-8 after one with (K:C treble-8 ... K:clef=treble): ABC 2.1"
            + " sounds as written from there (we), abc2midi keeps the octave";
    static final String NUMBERED_VOICES = "voice ids that start with the same number (V:1 and V:1s): abc2midi reads"
            + " them as one voice";

    /** Why a tune of the multi-voice material differs from abc2midi, judged from its text. */
    static String multiVoiceCause(String text) {
        if (Pattern.compile("(?m)(^V:|\\[V:)[^\\]\\n]*clef=[a-z]+[0-9]?[+-]8\\s+\\S").matcher(text).find()) return CLEF_NOT_LAST;
        if (Pattern.compile("(?m)^K:\\s*[A-G][#b]?[A-Za-z]*[_^=]").matcher(text).find()) return GLUED_ACCIDENTALS;
        if (Pattern.compile("[_^][0-9]*/[0-9]*[A-Ga-g]").matcher(text).find()) return MICROTONE;
        if (SECOND_ENDING_CLOSED_BY_REPEAT.matcher(text).find()) return SECOND_ENDING_REPEAT;
        if (Pattern.compile("(?s)K:[^\\n]*[a-z][+-]8.*\\nK:\\s*clef=(treble|bass|alto|tenor)\\b(?![+-])").matcher(text).find()) return CLEF_RESET;
        Matcher ids = Pattern.compile("(?m)^V:\\s*([0-9]+)[A-Za-z]").matcher(text);
        while (ids.find())
            if (Pattern.compile("(?m)^V:\\s*" + ids.group(1) + "(\\s|$)").matcher(text).find()) return NUMBERED_VOICES;
        return UNEXPLAINED;
    }

    /** ":|2 ... :|" or "[2 ... :|" with only plain bar lines between. */
    private static final Pattern SECOND_ENDING_CLOSED_BY_REPEAT =
            Pattern.compile("((?::\\|\\s*2|\\[2)[^:\\]|]*(?:\\|[^:\\]|\\[][^:\\]|]*)*):\\|");

    /** The tune rewritten so that abc2midi reads it as we do, for the causes that ABC can spell out; else null. */
    static String multiVoiceRewrite(String cause, String text) {
        return switch (cause) {
            case CLEF_NOT_LAST -> Pattern.compile("(?m)^(V:\\S+)(.*?)\\s+(clef=[a-z]+[0-9]?[+-]8)(.*)$").matcher(text)
                    .replaceAll("$1$2$4 $3");
            case GLUED_ACCIDENTALS -> Pattern.compile("(?m)^(K:\\s*[A-G][#b]?[A-Za-z]*)(\\S*)").matcher(text)
                    .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2).replaceAll("([_^=]+[A-Ga-g])", " $1")));
            case MICROTONE -> Pattern.compile("([_^])([0-9]*)/([0-9]*)([A-Ga-g])").matcher(text).replaceAll(m -> {
                int num = m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2));
                int den = m.group(3).isEmpty() ? 2 : Integer.parseInt(m.group(3));
                int semitones = num / den + (2 * (num % den) > den ? 1 : 0);
                return Matcher.quoteReplacement((semitones == 0 ? "=" : m.group(1).repeat(semitones)) + m.group(4));
            });
            // the endings then closed by ||, where abc2midi needs the |: that starts the next section written out
            case SECOND_ENDING_REPEAT -> explicitRepeatStarts(SECOND_ENDING_CLOSED_BY_REPEAT.matcher(text).replaceAll("$1||"));
            case NUMBERED_VOICES -> renumberVoices(text);
            default -> null;
        };
    }

    /** Voice ids that start with a digit get a letter in front (V:1s becomes V:v1s), in V: fields and %%staves. */
    static String renumberVoices(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (out.length() > 0) out.append('\n');
            if (line.startsWith("V:")) line = line.replaceFirst("^V:\\s*([0-9])", "V:v$1");
            else if (line.startsWith("%%staves") || line.startsWith("%%score"))
                line = line.substring(0, 8) + line.substring(8).replaceAll("(?<![A-Za-z0-9])([0-9][A-Za-z0-9]*)", "v$1");
            out.append(line);
        }
        return out.toString();
    }

    static final String UNEXPLAINED = "UNEXPLAINED";
    static final String PLUS_IN_CHORD = "'+' inside a chord ([+GB]): abc2midi reads it as the old +chord+ syntax and"
            + " merges chords, we skip it as a decoration mark";
    static final String BLANK_LINE = "blank line inside the tune: abc2midi ends the tune there, we read the music after it";
    static final String FIELD_MUSIC = "music after an M: field on the same line: abc2midi drops it, we play it";
    static final String CLOSED_ENDINGS = "a :| after numbered endings closed by || or |]: we repeat the section since the"
            + " last ||, |] or :|, abc2midi goes back to the section before the endings or does not repeat";
    private static final Pattern FIELD_WITH_MUSIC = Pattern.compile("(?m)^[ML]:\\S+[ \\t]+[^ \\t%]|[| \\t]M:[0-9]");

    /** Why a tune differs, judged from its text (each category is explained in the report of the task). */
    static String category(Outcome o) {
        String text = o.tune().text();
        if (o.difference().startsWith("we skip it"))
            return "malformed tune: we refuse it with line and column, abc2midi skips the bad symbol and plays on";
        if (o.difference().contains("abc2midi 0 ") && text.contains("\n\n"))
            return BLANK_LINE;
        if (FIELD_WITH_MUSIC.matcher(text).find())
            return FIELD_MUSIC;
        if (Pattern.compile("-\\s*\\|?\\s*(\"[^\"]*\"\\s*)?\\[1").matcher(text).find())
            return "a note tied into a first ending: on the second pass abc2midi drops the tied note, we tie it into"
                    + " the second ending";
        if (text.contains("[+")) return PLUS_IN_CHORD;
        if (repeatAfterClosedEnding(text))
            return CLOSED_ENDINGS;
        return UNEXPLAINED;
    }

    /**
     * Numbered endings closed by || or |], then later a :| with no |: of its own: abc2midi then repeats from the
     * section before the endings (or, after an explicit |: ... :|, not at all); we repeat the section since the last
     * ||, |] or :|.
     */
    static boolean repeatAfterClosedEnding(String text) {
        String body = text.replaceAll("\"[^\"\\n]*\"", "");
        Matcher m = Pattern.compile("\\|:|:\\|[0-9]?|::|\\[[0-9]|\\|[0-9]|\\|\\||\\|\\]").matcher(body);
        boolean inEnding = false, afterEndings = false, open = false;
        while (m.find()) {
            String t = m.group();
            if (t.equals("::")) {
                if (afterEndings && !open) return true;
                open = true;
            } else if (t.equals("|:")) {
                open = true;
            } else if (t.startsWith(":|")) {
                if (afterEndings && !open) return true;
                open = false;
                inEnding = t.length() > 2;
            } else if (t.matches("\\[[0-9]|\\|[0-9]")) {
                inEnding = true;
            } else if (inEnding) { // || or |] closes the endings
                afterEndings = true;
                inEnding = false;
                open = false;
            }
        }
        return false;
    }

    /** The tune rewritten so that abc2midi reads it as we do, for the causes that ABC can spell out; else null. */
    static String ourReading(String category, String text) {
        if (category.equals(BLANK_LINE)) return text.replaceAll("\n[ \t]*(?=\n)", "");
        if (category.equals(FIELD_MUSIC))
            return text.replaceAll("(?m)^([ML]:\\S+)[ \t]+", "[$1] ").replaceAll("([| \t])(M:[0-9]+/[0-9]+)", "$1[$2]");
        if (category.equals(CLOSED_ENDINGS)) return explicitRepeatStarts(text);
        if (category.equals(PLUS_IN_CHORD)) return text.replace("[+", "[");
        return null;
    }

    /**
     * Writes |: where our reader starts the section that a later :| repeats: after endings closed by || or |], after
     * a completed :|, and after || or |] once a repeat has been played.
     */
    static String explicitRepeatStarts(String text) {
        StringBuilder masked = new StringBuilder(text);
        Matcher q = Pattern.compile("\"[^\"\\n]*\"").matcher(text);
        while (q.find()) for (int i = q.start(); i < q.end(); i++) masked.setCharAt(i, ' ');
        Matcher m = Pattern.compile("\\|:|:\\|[0-9]?|::|\\[[0-9]|\\|[0-9]|\\|\\||\\|\\]").matcher(masked);
        List<Integer> inserts = new ArrayList<>();
        boolean inEnding = false, open = false, repeated = false;
        int pending = -1;
        while (m.find()) {
            String t = m.group();
            if (t.equals("|:")) {
                open = true;
                pending = -1;
            } else if (t.startsWith(":|") || t.equals("::")) {
                if (!open && pending >= 0) inserts.add(pending);
                pending = -1;
                open = t.equals("::");
                if (t.length() > 2) inEnding = true; // :|2 opens the second ending
                else if (!inEnding && !open) {
                    pending = m.end();
                    repeated = true;
                }
            } else if (t.matches("\\[[0-9]|\\|[0-9]")) {
                inEnding = true;
            } else if (inEnding) {
                inEnding = false;
                open = false;
                repeated = true;
                pending = m.end();
            } else if (repeated && !open) {
                pending = m.end();
            }
        }
        StringBuilder out = new StringBuilder(text);
        for (int i = inserts.size() - 1; i >= 0; i--) out.insert(inserts.get(i), "|:");
        return out.toString();
    }

    /** Null when the notes of all parts agree with abc2midi's (pitch, onset and end), else the first difference. */
    static String compare(Score ours, List<Abc2Midi.MidiNote> theirs) {
        if (theirs == null) return "abc2midi wrote no MIDI file but we read " + ours.noteCount() + " notes";
        List<Note> mine = new ArrayList<>();
        for (dev.cadenza.music.Part p : ours.parts()) mine.addAll(p.notes());
        mine.sort(Comparator.comparingLong(Note::onset).thenComparingInt(Note::pitch).thenComparingLong(Note::end));
        List<Abc2Midi.MidiNote> other = unstaggered(theirs);
        for (int i = 0; i < Math.min(mine.size(), other.size()); i++) {
            Note a = mine.get(i);
            Abc2Midi.MidiNote b = other.get(i);
            // abc2midi ends a note tied on through a chord in which it is not the first note up to one stagger step early
            if (a.pitch() != b.pitch() || Math.abs(a.onset() - b.onset()) > TOLERANCE
                    || Math.abs(a.end() - (b.onset() + b.duration())) > CHORD_STAGGER)
                return String.format("note %d: ours pitch %d at %d for %d, abc2midi pitch %d at %d for %d (of %d / %d notes)",
                        i, a.pitch(), a.onset(), a.duration(), b.pitch(), b.onset(), b.duration(), mine.size(), other.size());
        }
        if (mine.size() != other.size())
            return "ours has " + mine.size() + " notes, abc2midi " + other.size() + " (the first "
                    + Math.min(mine.size(), other.size()) + " agree)";
        return null;
    }

    /**
     * abc2midi starts the notes of a chord 10 ticks apart (and every note 1 tick late); in each track, a note starting
     * within {@link #CHORD_STAGGER} ticks of the note before it is moved to the onset of its group's first note,
     * keeping its end.
     */
    static List<Abc2Midi.MidiNote> unstaggered(List<Abc2Midi.MidiNote> theirs) {
        List<Abc2Midi.MidiNote> sorted = new ArrayList<>(theirs);
        sorted.sort(Comparator.comparingInt(Abc2Midi.MidiNote::track).thenComparingLong(Abc2Midi.MidiNote::onset)
                .thenComparingInt(Abc2Midi.MidiNote::pitch));
        List<Abc2Midi.MidiNote> out = new ArrayList<>();
        long groupStart = Long.MIN_VALUE / 2, previous = Long.MIN_VALUE / 2;
        int track = -1;
        for (Abc2Midi.MidiNote n : sorted) {
            if (n.track() != track || n.onset() - previous > CHORD_STAGGER) groupStart = n.onset();
            track = n.track();
            previous = n.onset();
            long end = n.onset() + n.duration();
            out.add(new Abc2Midi.MidiNote(groupStart, n.pitch(), end - groupStart));
        }
        out.sort(Comparator.comparingLong(Abc2Midi.MidiNote::onset).thenComparingInt(Abc2Midi.MidiNote::pitch)
                .thenComparingLong(n -> n.onset() + n.duration()));
        return out;
    }

    /** Decorations abc2midi plays as other notes or other lengths (ornaments, staccato, breath, arpeggio). */
    private static final Pattern PERFORMED = Pattern.compile("!(trill|trill\\(|trill\\)|lowermordent|uppermordent|mordent"
            + "|pralltriller|roll|turn|turnx|invertedturn|invertedturnx|arpeggio|staccato|wedge|breath|tenuto)!");

    /**
     * The tune as given to abc2midi, without what abc2midi turns into performance rather than written notes (we keep
     * those as annotations): the R: line (abc2midi swings pairs of quavers when the rhythm is "hornpipe"), the
     * ornaments and articulations that it plays as extra or shorter notes ({@code ~ . T M P}, abcm2ps's {@code R},
     * {@code !trill!}, {@code !staccato!}, {@code !breath!}, {@code !arpeggio!} ...), and its own {@code %%MIDI}
     * settings other than program and transposition (drones, accompaniment, tuning).
     */
    static String forAbc2midi(String tuneText) {
        StringBuilder out = new StringBuilder();
        for (String line : tuneText.split("\n", -1)) {
            if (line.startsWith("R:")) continue;
            if (line.startsWith("%%MIDI") && !line.matches("%%MIDI\\s+(program|transpose)\\b.*")) continue;
            if (out.length() > 0) out.append('\n');
            if (line.startsWith("%") || line.matches("[A-Za-z+]:.*")) {
                out.append(line);
                continue;
            }
            boolean quoted = false;
            int field = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') quoted = !quoted;
                if (!quoted && c == '[' && i + 2 < line.length() && line.charAt(i + 2) == ':') field++;
                if (!quoted && c == ']' && field > 0) field--;
                if (!quoted && field == 0) {
                    if (c == '!') {
                        Matcher m = PERFORMED.matcher(line).region(i, line.length());
                        if (m.lookingAt()) {
                            i = m.end() - 1;
                            continue;
                        }
                    }
                    boolean fieldLetter = i + 1 < line.length() && line.charAt(i + 1) == ':';
                    if (c == '~' || (c == '.' && !(i + 1 < line.length() && line.charAt(i + 1) == '|'))
                            || ("TMPR".indexOf(c) >= 0 && !fieldLetter)) continue;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
