package dev.cadenza.formats.abc;

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

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the reader against a real ABC implementation: every tune of irish.abc and of the 14 Nottingham books is
 * played by Debian's abc2midi, and its melody (pitch, onset order, duration) is compared with the notes we read.
 * Skipped when abc2midi is not installed ({@code apt-get install abcmidi}).
 */
class AbcReaderAbc2MidiTest {
    /** abc2midi starts each note one tick late and ends it on time; differences up to this many ticks are equal. */
    private static final long TOLERANCE = 2;
    /** abc2midi's delay between the notes of one chord is 10 ticks at 480 per quarter. */
    private static final long CHORD_STAGGER = 40;

    record Outcome(String book, AbcTune tune, String difference) {}

    @Test
    void melodiesMatchAbc2midi(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Abc2Midi.available(), "abc2midi is not installed (apt-get install abcmidi): comparison skipped");
        Path data = Path.of(System.getProperty("cadenza.data"), "abc");
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
                    return new Outcome(name, s.tune(), theirs == null
                            ? null // both refuse the tune: they agree
                            : "we skip it (" + s.reason().problem() + ") but abc2midi plays " + theirs.size() + " notes");
                }));
            }
            for (AbcBook.Entry e : read.tunes()) {
                int id = n++;
                futures.add(pool.submit(() -> new Outcome(name, e.tune(),
                        compare(e.score(), Abc2Midi.notes(forAbc2midi(e.tune().text()), dir, "t" + id)))));
            }
        }
        List<Outcome> differ = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            Outcome o = f.get();
            if (o.difference() != null) differ.add(o);
        }
        pool.shutdown();
        int total = futures.size();
        double rate = 1.0 - (double) differ.size() / total;
        StringBuilder report = new StringBuilder(String.format("abc2midi agreement: %d of %d tunes (%.2f%%)%n",
                total - differ.size(), total, 100 * rate));
        Map<String, List<Outcome>> byCategory = new TreeMap<>();
        for (Outcome o : differ) byCategory.computeIfAbsent(category(o), k -> new ArrayList<>()).add(o);
        for (Map.Entry<String, List<Outcome>> c : byCategory.entrySet()) {
            report.append('\n').append(c.getValue().size()).append(" x ").append(c.getKey()).append(":\n");
            for (Outcome o : c.getValue())
                report.append("  ").append(o.book()).append(" X:").append(o.tune().number()).append(" \"").append(o.tune().title())
                        .append("\" (line ").append(o.tune().firstLine()).append("): ").append(o.difference()).append('\n');
        }
        Path out = Path.of(System.getProperty("cadenza.report.dir", System.getProperty("java.io.tmpdir")), "abc2midi-comparison.txt");
        Files.writeString(out, report);
        System.out.println(report);
        assertTrue(rate >= 0.975, report.toString());
        assertTrue(!byCategory.containsKey(UNEXPLAINED), "differences without a known cause:\n" + report);
    }

    static final String UNEXPLAINED = "UNEXPLAINED";
    private static final Pattern FIELD_WITH_MUSIC = Pattern.compile("(?m)^[ML]:\\S+[ \\t]+[^ \\t%]|[| \\t]M:[0-9]");

    /** Why a tune differs, judged from its text (each category is explained in the report of the task). */
    static String category(Outcome o) {
        String text = o.tune().text();
        if (o.difference().startsWith("we skip it"))
            return "malformed tune: we refuse it with line and column, abc2midi skips the bad symbol and plays on";
        if (o.difference().contains("abc2midi 0 ") && text.contains("\n\n"))
            return "blank line inside the tune: abc2midi ends the tune there, we read the music after it";
        if (FIELD_WITH_MUSIC.matcher(text).find())
            return "music after an M: field on the same line: abc2midi drops it, we play it";
        if (Pattern.compile("-\\s*\\|?\\s*(\"[^\"]*\"\\s*)?\\[1").matcher(text).find())
            return "a note tied into a first ending: on the second pass abc2midi drops the tied note, we tie it into"
                    + " the second ending";
        if (text.contains("[+"))
            return "'+' inside a chord ([+GB]): abc2midi reads it as the old +chord+ syntax and merges chords";
        if (repeatAfterClosedEnding(text))
            return "a :| after numbered endings closed by || or |]: we repeat the new section, abc2midi goes back"
                    + " to the section before the endings";
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

    /** Null when the melodies agree, else the first difference. */
    static String compare(Score ours, List<Abc2Midi.MidiNote> theirs) {
        if (theirs == null) return "abc2midi wrote no MIDI file but we read " + ours.noteCount() + " notes";
        List<Note> mine = new ArrayList<>(ours.parts().get(0).notes());
        mine.sort(Comparator.comparingLong(Note::onset).thenComparingInt(Note::pitch));
        List<Abc2Midi.MidiNote> other = unstaggered(theirs);
        for (int i = 0; i < Math.min(mine.size(), other.size()); i++) {
            Note a = mine.get(i);
            Abc2Midi.MidiNote b = other.get(i);
            if (a.pitch() != b.pitch() || Math.abs(a.onset() - b.onset()) > TOLERANCE
                    || Math.abs(a.end() - (b.onset() + b.duration())) > TOLERANCE)
                return String.format("note %d: ours pitch %d at %d for %d, abc2midi pitch %d at %d for %d (of %d / %d notes)",
                        i, a.pitch(), a.onset(), a.duration(), b.pitch(), b.onset(), b.duration(), mine.size(), other.size());
        }
        if (mine.size() != other.size())
            return "ours has " + mine.size() + " notes, abc2midi " + other.size() + " (the first "
                    + Math.min(mine.size(), other.size()) + " agree)";
        return null;
    }

    /**
     * abc2midi starts the notes of a chord 10 ticks apart (and every note 1 tick late); notes starting within
     * {@link #CHORD_STAGGER} ticks of the first note of their group are moved to that note's onset, keeping their end.
     */
    static List<Abc2Midi.MidiNote> unstaggered(List<Abc2Midi.MidiNote> theirs) {
        List<Abc2Midi.MidiNote> sorted = new ArrayList<>(theirs);
        sorted.sort(Comparator.comparingLong(Abc2Midi.MidiNote::onset).thenComparingInt(Abc2Midi.MidiNote::pitch));
        List<Abc2Midi.MidiNote> out = new ArrayList<>();
        long groupStart = -CHORD_STAGGER - 1;
        for (Abc2Midi.MidiNote n : sorted) {
            if (n.onset() - groupStart > CHORD_STAGGER) groupStart = n.onset();
            long end = n.onset() + n.duration();
            out.add(new Abc2Midi.MidiNote(groupStart, n.pitch(), end - groupStart));
        }
        out.sort(Comparator.comparingLong(Abc2Midi.MidiNote::onset).thenComparingInt(Abc2Midi.MidiNote::pitch));
        return out;
    }

    /**
     * The tune as given to abc2midi, without what abc2midi turns into performance rather than written notes: the
     * R: line (abc2midi swings pairs of quavers when the rhythm is "hornpipe") and the ornaments {@code ~} and
     * {@code !trill!} (abc2midi plays them as extra notes; we skip decorations).
     */
    static String forAbc2midi(String tuneText) {
        return tuneText.replaceAll("(?m)^R:.*(\\n|$)", "").replace("~", "").replaceAll("!(trill|roll|turn|mordent)!", "");
    }
}
