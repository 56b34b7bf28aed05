package dev.cadenza.examples;

import dev.cadenza.testkit.MusicFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CommandLineTest {

    private static String[] run(String... args) {
        CommandLine cli = CadenzaCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {Integer.toString(code), err.toString()};
    }

    @Test
    void slf4jOfTheNativeEnginesLogsToJavaUtilLoggingLikeCadenza() {
        // Not the no-operation fallback, which would print "No SLF4J providers were found" and drop every line.
        assertEquals("org.slf4j.jul.JDK14LoggerFactory", org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName());
    }

    @Test
    void anUnknownRecipeSaysWhichExist() {
        String[] r = run("train", "no-such-recipe");
        assertEquals("1", r[0]);
        assertTrue(r[1].contains("unknown recipe 'no-such-recipe'; recipes: irish-abc, piano-note-chord, bach-chorales"), r[1]);
    }

    @Test
    void anUnknownPresetSaysWhatToUse() {
        String[] r = run("train", "hello-rnn", "--preset", "huge");
        assertTrue(r[1].contains("use 'seed' (the original system) or 'default'"), r[1]);
    }

    @Test
    void aMissingCheckpointIsNamed(@TempDir Path dir) {
        String[] r = run("generate", dir.resolve("nothing.cadenza").toString());
        assertEquals("1", r[0]);
        assertTrue(r[1].contains("nothing.cadenza"), r[1]);
    }

    @Test
    void aShippedModelGeneratesWithoutTraining(@TempDir Path dir) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        System.setOut(new PrintStream(listing, true, StandardCharsets.UTF_8));
        try {
            assertEquals("0", run("checkpoint", "list")[0]);
        } finally {
            System.setOut(stdout);
        }
        String models = listing.toString(StandardCharsets.UTF_8);
        assertTrue(models.contains("pretrained:bach-chorales") && models.contains("pretrained:irish-abc"), models);

        String[] r = run("generate", "pretrained:irish-abc", "--pieces", "1", "--length", "300", "--seed", "3",
                "--format", "midi", "--out", dir.toString());
        assertEquals("0", r[0], r[1]);
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".mid")), "a MIDI file in " + dir);
        }
        String[] unknown = run("generate", "pretrained:no-such-model");
        assertEquals("1", unknown[0]);
        assertTrue(unknown[1].contains("bach-chorales, irish-abc"), unknown[1]);
    }

    @Test
    void quickstartWritesAMidiFileOfAGeneratedTune(@TempDir Path dir) throws Exception {
        String[] r = run("quickstart", "--out", dir.toString(), "--epochs", "2");
        assertEquals("0", r[0], r[1]);
        assertTrue(Files.size(dir.resolve("generated.mid")) > 30);
        assertTrue(Files.readString(dir.resolve("generated.abc")).startsWith("X:1"));
        assertTrue(Files.isRegularFile(dir.resolve("quickstart.cadenza")));
    }

    @Test
    void renderTurnsAnAbcBookAndAChoraleIntoFiles(@TempDir Path dir) throws Exception {
        Path book = dir.resolve("book.abc");
        Files.writeString(book, "X:1\nT:a\nM:6/8\nL:1/8\nK:G\nGAG GAB|\n\nX:2\nT:b\nK:D\nDEF|\n");
        String[] r = run("render", book.toString(), "--format", "midi,musicxml", "--out", dir.resolve("out").toString());
        assertEquals("0", r[0], r[1]);
        for (String f : new String[] {"book-001.mid", "book-002.mid", "book-001.musicxml"})
            assertTrue(Files.size(dir.resolve("out").resolve(f)) > 20, f);
        Path chorale = Files.writeString(dir.resolve("chorale_306.csv"), MusicFixtures.choraleCsvFiles().get(0));
        r = run("render", chorale.toString(), "--format", "png", "--out", dir.resolve("out").toString());
        assertEquals("0", r[0], r[1]);
        assertTrue(Files.size(dir.resolve("out/chorale_306.png")) > 1000);
        r = run("render", book.toString(), "--format", "mp3");
        assertTrue(r[1].contains("unknown renderer 'mp3'"), r[1]);
    }

    /** Runs the command line with System.out captured; returns {exit code, stderr, stdout}. */
    private static String[] runCapturing(String... args) {
        java.io.PrintStream before = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            String[] r = run(args);
            return new String[] {r[0], r[1], bytes.toString(java.nio.charset.StandardCharsets.UTF_8)};
        } finally {
            System.setOut(before);
        }
    }

    @Test
    void aRecipeTrainsOnTheUsersOwnFolderListsWhatItCouldNotReadAndContinuesAPrimerFile(@TempDir Path dir) throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("my-chorales"));
        List<String> fixtures = MusicFixtures.choraleCsvFiles();
        for (int i = 0; i < fixtures.size(); i++) Files.writeString(corpus.resolve("mine_" + i + ".csv"), fixtures.get(i));
        Files.writeString(corpus.resolve("broken.csv"), "note0,note1,note2,note3\n60,61,62\n");
        String[] r = runCapturing("train", "bach-chorales", "--corpus", corpus.toString(), "--epochs", "1", "--out", dir.resolve("run").toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("4 items from 5 files") && r[2].contains("skipped " + corpus.resolve("broken.csv"))
                && r[2].contains("line 2"), r[2]);
        Path primer = Files.writeString(dir.resolve("primer.csv"), fixtures.get(1));
        r = runCapturing("generate", dir.resolve("run/last.cadenza").toString(), "--primer-file", primer.toString(), "--pieces", "2",
                "--length", "8", "--out", dir.resolve("gen").toString(), "--format", "midi");
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("generating on backend pure (the fastest engine present for step-by-step generation"), r[2]);
        String piece = Files.readString(dir.resolve("gen/chorale-01.txt"));
        String primerRows = fixtures.get(1).substring(0, fixtures.get(1).length());
        assertTrue(piece.startsWith(primerRows), "the piece holds the primer file, then the continuation:\n" + piece);
        assertEquals(fixtures.get(1).lines().count() + 2, piece.lines().count(), "8 generated tokens are 2 more chords");
        r = runCapturing("generate", dir.resolve("run/last.cadenza").toString(), "--beam", "3", "--pieces", "2", "--length", "8",
                "--primer-file", primer.toString(), "--out", dir.resolve("beam").toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("beam search of width 3"), r[2]);
        r = runCapturing("generate", dir.resolve("run/last.cadenza").toString(), "--primer-file", dir.resolve("primer.mid").toString());
        assertTrue(r[1].contains("primer.mid"), r[1]);
    }

    @Test
    void helloRnnTrainsResumesAndGenerates(@TempDir Path dir) throws Exception {
        assertEquals("0", run("train", "hello-rnn", "--out", dir.toString(), "--epochs", "60")[0]);
        assertTrue(Files.isRegularFile(dir.resolve("loss-curve.png")));
        assertTrue(Files.readString(dir.resolve("metrics.jsonl")).contains("\"type\":\"epoch\""));
        // Resume with a larger budget continues from epoch 61.
        assertEquals("0", run("train", "hello-rnn", "--out", dir.toString(), "--epochs", "150", "--resume")[0]);
        String[] g = run("generate", dir.resolve("last.cadenza").toString(), "--sampler", "greedy", "--pieces", "1",
                "--out", dir.resolve("gen").toString(), "--format", "abc");
        assertEquals("0", g[0], g[1]);
        assertTrue(Files.readString(dir.resolve("gen/hello-01.txt")).startsWith("hello world"),
                Files.readString(dir.resolve("gen/hello-01.txt")));
        // Stripped of its training state, the checkpoint is smaller and generates the same text.
        Path model = dir.resolve("model.cadenza");
        assertEquals("0", run("checkpoint", "strip", dir.resolve("last.cadenza").toString(), model.toString())[0]);
        assertTrue(Files.size(model) < Files.size(dir.resolve("last.cadenza")) / 2, Files.size(model) + " bytes");
        assertNull(dev.cadenza.checkpoint.Checkpoint.read(model).optimizer());
        assertEquals("0", run("generate", model.toString(), "--sampler", "greedy", "--pieces", "1",
                "--out", dir.resolve("gen2").toString(), "--format", "abc")[0]);
        assertEquals(Files.readString(dir.resolve("gen/hello-01.txt")), Files.readString(dir.resolve("gen2/hello-01.txt")));
        String[] same = run("checkpoint", "strip", model.toString(), model.toString());
        assertEquals("1", same[0]);
        assertTrue(same[1].contains("is the input"), same[1]);
    }

    @Test
    void leadSheetTrainsOnTheUsersTunesAndImprovisesOverAChartOrTheChordsOfAFile(@TempDir Path dir) throws Exception {
        Path book = dev.cadenza.examples.recipes.LeadSheetRecipeTestFixtures.book(dir);
        String[] r = runCapturing("train", "lead-sheet", "--corpus", book.toString(), "--epochs", "1", "--out", dir.resolve("run").toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("12 tunes with chord symbols"), r[2]);
        r = runCapturing("generate", dir.resolve("run/last.cadenza").toString(), "--chords", "K:D D | A7 | D G | A7 D", "--pieces", "1",
                "--out", dir.resolve("gen").toString(), "--format", "midi,abc,musicxml");
        assertEquals("0", r[0], r[1] + r[2]);
        String abc = Files.readString(dir.resolve("gen/lead-sheet-01.abc"));
        assertTrue(abc.contains("K:D") && abc.contains("\"A7\""), abc);
        assertTrue(Files.readString(dir.resolve("gen/lead-sheet-01.musicxml")).contains("<harmony"));
        r = runCapturing("generate", dir.resolve("run/last.cadenza").toString(), "--chords-file", book.resolve("book.abc").toString(),
                "--pieces", "1", "--out", dir.resolve("gen2").toString(), "--format", "abc");
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(Files.readString(dir.resolve("gen2/lead-sheet-01.abc")).contains("\"D7\""), "the first tune's chords");
        r = runCapturing("generate", dir.resolve("run/last.cadenza").toString(), "--chords", "G | Q7");
        assertEquals("1", r[0]);
        assertTrue(r[1].contains("'Q7'"), r[1]);
    }
}
