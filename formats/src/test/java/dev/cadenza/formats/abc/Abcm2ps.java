package dev.cadenza.formats.abc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: engraves ABC with Debian's abcm2ps and returns what it reports as errors. */
final class Abcm2ps {
    private Abcm2ps() {}

    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "abcm2ps"))) return true;
        return false;
    }

    /** The lines in which abcm2ps reports an error while engraving {@code abc} (empty: engraved without error). */
    static List<String> errors(String abc, Path dir, String name) throws IOException, InterruptedException {
        Path in = dir.resolve(name + ".abc"), ps = dir.resolve(name + ".ps"), log = dir.resolve(name + "-abcm2ps.log");
        Files.writeString(in, abc, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("abcm2ps", "-O", ps.toString(), in.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("abcm2ps did not finish within 60 s on " + in);
        }
        List<String> errors = Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
                .filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains("error")).toList();
        if (errors.isEmpty() && (!Files.exists(ps) || Files.size(ps) < 1000))
            return List.of("abcm2ps wrote no PostScript for " + in + " (exit " + p.exitValue() + ")");
        return errors;
    }
}
