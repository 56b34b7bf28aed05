package dev.cadenza.formats.midi;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Test helper: runs John Walker's midicsv (Debian package midicsv) on a MIDI file and splits its CSV rows. */
final class Midicsv {
    private Midicsv() {}

    /** One row of midicsv's listing: track (1-based, 0 for the header), tick within the track, record type, the rest. */
    record Row(int track, long tick, String type, String[] fields) {
        int intField(int i) {
            return Integer.parseInt(fields[i].strip());
        }
    }

    /** Skips the calling test, saying why, when midicsv is not on the PATH. */
    static void require() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            found |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, "midicsv"));
        assumeTrue(found, "midicsv is not installed, so the comparison with it is skipped (apt-get install -y midicsv)");
    }

    /** midicsv's rows for the file {@code bytes}, written to {@code dir} as {@code name}; what it prints before an error counts. */
    static List<Row> rows(byte[] bytes, Path dir, String name) throws IOException, InterruptedException {
        Path mid = dir.resolve(name), csv = dir.resolve(name + ".csv");
        Files.write(mid, bytes);
        Process p = new ProcessBuilder("midicsv", mid.toString()).redirectOutput(csv.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("midicsv did not finish within 30 s on " + mid);
        }
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.ISO_8859_1)) {
            String[] f = line.split(",", 7); // text fields may hold commas; only the first ones are read
            if (f.length < 3) continue;
            String[] rest = new String[f.length - 3];
            System.arraycopy(f, 3, rest, 0, rest.length);
            rows.add(new Row(Integer.parseInt(f[0].strip()), Long.parseLong(f[1].strip()), f[2].strip(), rest));
        }
        Files.delete(mid);
        Files.delete(csv);
        return rows;
    }
}
