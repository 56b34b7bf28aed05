package dev.cadenza.tokenizers.corpus;

import dev.cadenza.corpus.Corpus;
import dev.cadenza.corpus.CorpusChecksumException;
import dev.cadenza.corpus.CorpusFetcher;
import dev.cadenza.corpus.CorpusFile;
import dev.cadenza.corpus.CorpusManifest;
import dev.cadenza.formats.chorale.ChoraleCsv;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.testkit.RealCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corpus loader on the real corpora: the counts of the data README, the built-in manifest against the files byte
 * for byte, and a fetch through a mirror of the real folder. Skipped, with the corpus named, when they are absent.
 */
class RealCorporaTest {
    @Test
    void readsEveryCorpusWithTheCountsOfTheDataReadme() throws IOException {
        Corpus c = RealCorpus.require(Corpus.IRISH);
        String irish = c.irishAbc();
        assertEquals(197_618, irish.length());
        assertEquals(804, irish.lines().filter(l -> l.startsWith("X:")).count());
        assertEquals(14, RealCorpus.require(Corpus.NOTTINGHAM).nottinghamFiles().size());
        Corpus chorales = RealCorpus.require(Corpus.JSB_CHORALES);
        assertEquals(229, chorales.jsbChoraleFiles("train").size());
        assertEquals(76, chorales.jsbChoraleFiles("valid").size());
        assertEquals(77, ChoraleCsv.readAll(chorales.jsbChoraleFiles("test")).size());
        assertEquals(30, RealCorpus.require(Corpus.MIDI_PIANO).midiFiles("piano").size());
        assertEquals(10, RealCorpus.require("midi-wild").midiFiles("wild").size());
        assertEquals(12_962, MidiReader.read(RealCorpus.require(Corpus.MIDI_JAZZ).midiFiles("jazz").get(0)).noteCount());
    }

    @Test
    void theManifestMatchesTheRealFilesByteForByte() throws IOException {
        Corpus c = RealCorpus.require(Corpus.IRISH);
        assertEquals(List.of("irish", "jsb-chorales", "midi-jazz", "midi-piano", "nottingham"), c.corpora());
        assertEquals(1 + 14 + 1 + 30 + 1, CorpusManifest.builtIn().size());
        for (String corpus : c.corpora()) RealCorpus.require(corpus).verify(corpus);
        CorpusFile irish = c.files(Corpus.IRISH).get(0);
        assertEquals("https://raw.githubusercontent.com/aamini/introtodeeplearning/fd8023c7804bd352fc7212ac3aa587bd90912653/mitdeeplearning/data/irish.abc",
                irish.url().toString());
        assertTrue(c.files(Corpus.JSB_CHORALES).get(0).archive());
    }

    @Test
    void fetchesTheRealFilesThroughAMirrorAndChecksThem(@TempDir Path cache, @TempDir Path mirror) throws IOException {
        Path data = RealCorpus.require(Corpus.IRISH).root();
        RealCorpus.require(Corpus.MIDI_PIANO);
        Corpus c = Corpus.builder().root(cache).fetcher(CorpusFetcher.mirror(data)).build();
        assertEquals(Files.readString(data.resolve("abc/irish.abc")), c.irishAbc());
        assertEquals(30, c.midiFiles("piano").size());
        c.verify(Corpus.MIDI_PIANO);
        // A tampered mirror is refused with both hashes, and nothing is kept.
        Path bad = mirror.resolve("abc/irish.abc");
        Files.createDirectories(bad.getParent());
        byte[] tampered = Files.readAllBytes(data.resolve("abc/irish.abc"));
        tampered[100] ^= 1;
        Files.write(bad, tampered);
        Corpus fromBad = Corpus.builder().root(cache.resolve("other")).fetcher(CorpusFetcher.mirror(mirror)).build();
        CorpusChecksumException e = assertThrows(CorpusChecksumException.class, fromBad::irishAbc);
        assertEquals(c.files(Corpus.IRISH).get(0).sha256(), e.expected());
        assertFalse(Files.exists(cache.resolve("other/abc/irish.abc")));
    }
}
