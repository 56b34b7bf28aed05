package dev.cadenza.formats.midi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The real MIDI files of the shared corpus ({@code cadenza.data}/midi), found recursively and sorted. */
final class MidiCorpus {
    private MidiCorpus() {}

    static Path root() {
        String data = System.getProperty("cadenza.data");
        if (data == null) throw new IllegalStateException("system property cadenza.data is not set (the parent pom sets it)");
        return Path.of(data, "midi");
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(root())) {
            return s.filter(p -> p.toString().endsWith(".mid")).sorted().collect(Collectors.toList());
        }
    }
}
