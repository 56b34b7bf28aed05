package dev.cadenza.formats.midi;

import dev.cadenza.testkit.RealCorpus;
import dev.cadenza.corpus.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The real MIDI files of the corpora (piano, jazz and the awkward "wild" files), found recursively and sorted. */
final class MidiCorpus {
    private MidiCorpus() {}

    static Path root() {
        RealCorpus.require(Corpus.MIDI_PIANO);
        RealCorpus.require(Corpus.MIDI_JAZZ);
        return RealCorpus.require("midi-wild").root().resolve("midi");
    }

    static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(root())) {
            return s.filter(p -> p.toString().endsWith(".mid")).sorted().collect(Collectors.toList());
        }
    }
}
