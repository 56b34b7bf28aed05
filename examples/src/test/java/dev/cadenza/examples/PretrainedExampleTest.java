package dev.cadenza.examples;

import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.music.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's pretrained example is PretrainedExample.writeChorale as it is, and it writes a chorale that plays. */
class PretrainedExampleTest {
    private static final Path ROOT = Path.of(System.getProperty("cadenza.repository", ".."));

    private static String unindented(String text) {
        return text.lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n")).stripIndent();
    }

    @Test
    void theReadmeShowsTheMethodAsItIs() throws Exception {
        String file = Files.readString(ROOT.resolve("examples/src/main/java/dev/cadenza/examples/PretrainedExample.java"));
        String method = file.substring(file.indexOf("// README: from here") + "// README: from here".length(), file.indexOf("// README: to here"));
        String readme = Files.readString(ROOT.resolve("README.md"));
        int from = readme.indexOf("```java\nstatic void writeChorale");
        assertTrue(from >= 0, "README.md has no ```java block starting with 'static void writeChorale'");
        from += "```java\n".length();
        assertEquals(unindented(method), unindented(readme.substring(from, readme.indexOf("\n```", from))),
                "README.md's pretrained example differs from PretrainedExample.writeChorale: copy the method into the README");
    }

    @Test
    void itWritesAChoraleFromTheShippedModel(@TempDir Path dir) throws Exception {
        Path midi = dir.resolve("chorale.mid");
        PretrainedExample.main(new String[] {midi.toString()});
        Score score = MidiReader.read(midi);
        // 256 tokens are 64 chords of four voices, a sixteenth note each: four quarter-note bars (held notes merge).
        assertEquals(4, score.parts().size(), "soprano, alto, tenor, bass");
        assertEquals(16.0, (double) score.end() / score.ticksPerQuarter(), "quarter notes written");
        assertTrue(score.noteCount() >= 16, "at least one note per voice and bar, got " + score.noteCount());
    }
}
