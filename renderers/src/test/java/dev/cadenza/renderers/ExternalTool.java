package dev.cadenza.renderers;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs a real program (abc2midi, timidity, fluidsynth, musescore3) with a time limit; tests skip when it is absent. */
final class ExternalTool {
    private ExternalTool() {}

    /** The executable on the PATH, or a skipped test saying how to install it. */
    static Path require(String name, String debianPackage) {
        String path = System.getenv("PATH");
        if (path != null)
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p;
            }
        assumeTrue(false, name + " is not installed, so this check is skipped (apt-get install -y " + debianPackage + ")");
        return null;
    }

    record Result(int exitCode, String output) {}

    /** Runs the command in {@code dir}, killing it after {@code seconds}; the output is stdout and stderr together. */
    static Result run(Path dir, Map<String, String> env, long seconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path log = Files.createTempFile("cadenza-tool", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            List<ProcessHandle> children = new ArrayList<>(p.descendants().toList());
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s; output:\n"
                    + Files.readString(log, StandardCharsets.ISO_8859_1));
        }
        String output = Files.readString(log, StandardCharsets.ISO_8859_1);
        Files.deleteIfExists(log);
        return new Result(p.exitValue(), output);
    }
}
