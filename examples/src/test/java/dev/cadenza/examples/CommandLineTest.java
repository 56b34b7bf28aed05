package dev.cadenza.examples;

import dev.cadenza.testkit.MusicFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

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
    }
}
