package dev.cadenza.examples;

import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.formats.abc.AbcReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's Java example is ReadmeExample.java, word for word (from its first import to its end): this test fails
 * when one changes without the other, and runs the example on the demo tunes.
 */
class ReadmeExampleTest {
    private static final Path ROOT = Path.of(System.getProperty("cadenza.repository", ".."));

    static String exampleSource() throws Exception {
        String file = Files.readString(ROOT.resolve("examples/src/main/java/dev/cadenza/examples/ReadmeExample.java"));
        return file.substring(file.indexOf("import ")).strip();
    }

    /** The first ```java block of the README that starts with an import. */
    static String readmeBlock() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int from = readme.indexOf("```java\nimport ");
        assertTrue(from >= 0, "README.md has no ```java block of a whole file (starting with its imports)");
        from += "```java\n".length();
        return readme.substring(from, readme.indexOf("\n```", from)).strip();
    }

    @Test
    void theReadmeShowsTheExampleFileAsItIs() throws Exception {
        assertEquals(exampleSource(), readmeBlock(), "README.md's Java example differs from examples/.../ReadmeExample.java: "
                + "copy the file's text (from its first import) into the README");
    }

    @Test
    void theExampleRunsOnTheDemoTunes(@TempDir Path dir) throws Exception {
        Path book = Files.writeString(dir.resolve("demo.abc"), DemoCorpus.text());
        ReadmeExample.main(new String[] {book.toString(), dir.resolve("out").toString()});
        String tune = Files.readString(dir.resolve("out/tune.abc"));
        assertTrue(tune.startsWith("X:1\nT:"), tune);
        assertTrue(AbcReader.read(dev.cadenza.tokenizers.abc.AbcCharTokenizer.completeTunes(tune).get(0)).noteCount() > 0, tune);
        assertTrue(Files.size(dir.resolve("out/tune.mid")) > 30);
        assertTrue(Checkpoint.read(dir.resolve("out/tunes.cadenza")).tokenizer() != null, "the checkpoint keeps its tokenizer");
    }
}
