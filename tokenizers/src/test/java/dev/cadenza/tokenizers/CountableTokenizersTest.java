package dev.cadenza.tokenizers;

import dev.cadenza.Cadenza;
import dev.cadenza.corpus.Corpus;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.testkit.MusicFixtures;
import dev.cadenza.testkit.RealCorpus;
import dev.cadenza.token.CountableTokenizer;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.tokenizers.abc.AbcCharTokenizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each tokenizer's fit by counting (in pieces, then merged, as a cluster counts a corpus) builds the tokenizer its
 * single-machine fit builds, and the counted token strings are what encode looks up.
 */
class CountableTokenizersTest {
    private static final Cadenza CADENZA = Cadenza.discover();

    @SuppressWarnings("unchecked")
    private static <I> CountableTokenizer<I> countable(TokenizerProvider<I> p) {
        assertTrue(p instanceof CountableTokenizer<?>, p.name() + " counts");
        return (CountableTokenizer<I>) p;
    }

    /** Counts each piece alone, merges the counts, and checks the result against fit and encode. */
    private static <I> Tokenizer<I> checkCountedInPieces(TokenizerProvider<I> provider, List<I> corpus, Options options) {
        CountableTokenizer<I> counting = countable(provider);
        Map<String, Long> merged = new HashMap<>();
        // uneven pieces, the last one alone, as partitions of a cluster would cut the corpus
        int cut = Math.max(1, corpus.size() / 3);
        for (List<I> piece : List.of(corpus.subList(0, cut), corpus.subList(cut, corpus.size() - 1), corpus.subList(corpus.size() - 1, corpus.size())))
            for (I item : piece)
                for (String t : counting.tokenStrings(item, options)) merged.merge(t, 1L, Long::sum);
        Tokenizer<I> fitted = provider.fit(corpus, options);
        Tokenizer<I> counted = counting.fromCounts(merged, corpus.size(), options);
        assertEquals(fitted.vocabulary(), counted.vocabulary(), provider.name() + ": vocabulary from merged counts");
        assertEquals(fitted.config(), counted.config());
        assertEquals(fitted.vocabulary(), counting.fitByCounting(corpus, options).vocabulary());
        for (I item : corpus) {
            List<String> strings = counting.tokenStrings(item, options);
            int[] ids = strings.stream().mapToInt(counted.vocabulary()::id).toArray();
            assertArrayEquals(fitted.encode(item), ids, provider.name() + ": token strings looked up are encode()");
        }
        return counted;
    }

    @Test
    void abcCharCountsCharactersAndTheBlankLinesThatJoinTunes() {
        List<String> tunes = MusicFixtures.abcTunes();
        for (String order : List.of("frequency", "sorted"))
            checkCountedInPieces(CADENZA.tokenizer("abc-char", String.class), tunes, Options.parse("order=" + order));
        // Two tunes without newlines: only the joint's blank line puts '\n' in the vocabulary, ahead of the rarer 'b'.
        List<String> two = List.of("aab", "aa");
        Tokenizer<String> t = checkCountedInPieces(CADENZA.tokenizer("abc-char", String.class), two, Options.none());
        assertEquals(List.of("a", "\n", "b"), t.vocabulary().tokens());
    }

    @Test
    void abcCharCountsTheIrishTunesAsFitDoes() throws IOException {
        List<String> tunes = AbcCharTokenizer.splitTunes(RealCorpus.require(Corpus.IRISH).irishAbc());
        checkCountedInPieces(CADENZA.tokenizer("abc-char", String.class), tunes, Options.none());
    }

    @Test
    void noteChordCountsTokenStringsWithEachTiming() {
        List<Score> scores = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            List<Note> notes = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                notes.add(new Note(60 + (i * (s + 2)) % 14, 80, i * 240L, 240));
                if (i % 3 == s % 3) notes.add(new Note(64 + s, 80, i * 240L, 480)); // chords
            }
            scores.add(Score.of("s" + s, 480, 120, null, List.of(Part.of("Piano", 0, notes))));
        }
        for (String options : List.of("", "timing=kept", "timing=kept,grid=4,parts=all"))
            checkCountedInPieces(CADENZA.tokenizer("note-chord", Score.class), scores, Options.parse(options));
    }

    @Test
    void noteChordCountsThePianoCorpusAsFitDoes() throws IOException {
        List<Score> scores = MidiReader.readAll(RealCorpus.require(Corpus.MIDI_PIANO).midiFiles("piano"));
        checkCountedInPieces(CADENZA.tokenizer("note-chord", Score.class), scores, Options.none());
    }

    @Test
    void choraleArpeggioHasAFixedVocabularyAndRefusesForeignCounts() {
        var provider = CADENZA.tokenizer("chorale-arpeggio", int[][].class);
        checkCountedInPieces(provider, MusicFixtures.chorales(), Options.parse("window=8"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> countable(provider).fromCounts(Map.of("E4", 3L), 1, Options.none()));
        assertTrue(e.getMessage().contains("'E4'"), e.getMessage());
        IllegalArgumentException pitch = assertThrows(IllegalArgumentException.class,
                () -> countable(provider).tokenStrings(new int[][] {{90, 60, 50, 40}}, Options.none()));
        assertTrue(pitch.getMessage().contains("row 0, voice 0"), pitch.getMessage());
    }

    @Test
    void unknownOptionsAreRefusedBeforeCounting() {
        assertThrows(IllegalArgumentException.class,
                () -> countable(CADENZA.tokenizer("abc-char", String.class)).tokenStrings("X:1", Options.parse("colour=red")));
        assertThrows(IllegalArgumentException.class,
                () -> countable(CADENZA.tokenizer("note-chord", Score.class)).tokenStrings(Score.of("", 480, 120, null, List.of()),
                        Options.parse("timing=never")));
        assertNotEquals(null, CADENZA.tokenizer("note-chord"));
    }
}
