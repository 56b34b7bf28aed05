package dev.cadenza.tokenizers.abc;

import dev.cadenza.testkit.RealCorpus;
import dev.cadenza.corpus.Corpus;
import dev.cadenza.Cadenza;
import dev.cadenza.checkpoint.TokenizerState;
import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AbcCharTokenizerTest {
    private static String irish;
    private static List<String> tunes;

    @BeforeAll
    static void load() throws IOException {
        irish = RealCorpus.require(Corpus.IRISH).irishAbc();
        tunes = AbcCharTokenizer.splitTunes(irish);
    }

    @Test
    void splitsIrishAbcInto804TunesDespiteItsBlankLineVariants() {
        assertEquals(804, tunes.size());
        for (String t : tunes) {
            assertTrue(t.startsWith("X:"), t);
            assertTrue(!t.contains("\n\n") && !t.endsWith("\n"), t);
        }
        // the two tunes with a blank line inside keep their second half
        String dollard = tunes.stream().filter(t -> t.contains("T:Father Dollard's")).findFirst().orElseThrow();
        assertTrue(dollard.contains("K:D Major\nA,C|D2 (3DDD") && dollard.endsWith("eddc d2:|!"), dollard);
        // joined as the lab joins them: a blank line between tunes, nothing else lost
        String joined = AbcCharTokenizer.joinTunes(tunes);
        assertEquals(803, joined.split("\n\n", -1).length - 1);
        assertEquals(irish.replaceAll("\n{2,}", "\n").strip().length() + 803, joined.length());
    }

    @Test
    void completeTunesLeaveOutATuneCutOffByTheLengthBudget() {
        String two = "X:1\nT:a\nK:G\nGAG|\n\nX:2\nT:b\nK:D\nDE";
        assertEquals(List.of("X:1\nT:a\nK:G\nGAG|"), AbcCharTokenizer.completeTunes(two));
        assertEquals(2, AbcCharTokenizer.completeTunes(two + "F|\n\n").size());
        assertEquals(List.of(), AbcCharTokenizer.completeTunes("X:"));
    }

    @Test
    void sortedVocabularyIsTheLabs83Characters() {
        AbcCharTokenizer t = AbcCharTokenizer.fit(tunes, AbcCharTokenizer.Order.SORTED);
        assertEquals(83, t.vocabulary().size());
        String expected = "\n !\"#'(),-./0123456789:<=>ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz|";
        assertEquals(expected, String.join("", t.vocabulary().tokens()));
        TreeSet<Character> set = new TreeSet<>();
        for (char c : irish.toCharArray()) set.add(c);
        assertEquals(set.size(), t.vocabulary().size());
    }

    @Test
    void frequencyOrderPutsTheCommonestCharacterFirst() {
        AbcCharTokenizer t = AbcCharTokenizer.fit(tunes, AbcCharTokenizer.Order.FREQUENCY);
        assertEquals(AbcCharTokenizer.Order.FREQUENCY, t.order());
        assertEquals(83, t.vocabulary().size());
        String joined = AbcCharTokenizer.joinTunes(tunes);
        long previous = Long.MAX_VALUE;
        char previousChar = 0;
        for (String token : t.vocabulary().tokens()) {
            long count = joined.chars().filter(c -> c == token.charAt(0)).count();
            assertTrue(count < previous || (count == previous && token.charAt(0) > previousChar),
                    "'" + token + "' (" + count + ") after '" + previousChar + "' (" + previous + ")");
            previous = count;
            previousChar = token.charAt(0);
        }
    }

    @Test
    void encodesAndDecodesEveryTuneExactly() {
        AbcCharTokenizer t = AbcCharTokenizer.fit(tunes, AbcCharTokenizer.Order.SORTED);
        int[] ids = t.encodeTunes(tunes);
        assertEquals(AbcCharTokenizer.joinTunes(tunes), t.decodeText(ids));
        int[] first = t.encode(tunes.get(0));
        assertEquals('X', t.vocabulary().token(first[0]).charAt(0));
        assertEquals(tunes.get(0), t.decodeText(first));
    }

    @Test
    void unknownCharacterIsNamedWithItsPosition() {
        AbcCharTokenizer t = AbcCharTokenizer.fit(List.of("X:1\nK:C\nABC|"), AbcCharTokenizer.Order.FREQUENCY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.encode("X:1\nK:C\nAB$C"));
        assertTrue(e.getMessage().contains("'$'") && e.getMessage().contains("position 10") && e.getMessage().contains("line 3, column 3"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.decodeText(new int[] {0, 99}));
    }

    @Test
    void decodesAScoreThroughTheAbcReader() {
        AbcCharTokenizer t = AbcCharTokenizer.fit(tunes, AbcCharTokenizer.Order.FREQUENCY);
        Score s = t.decodeScore(t.encode(tunes.get(0)));
        assertEquals("Alexander's", s.title());
        assertEquals(262, s.noteCount());
        // a broken tune is reported with the position of the offending token
        AbcCharTokenizer small = AbcCharTokenizer.fit(List.of("X:1\nT:a\nK:C\nABC|]\n"), AbcCharTokenizer.Order.FREQUENCY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.decodeScore(small.encode("X:1\nK:C\nA]B")));
        assertTrue(e.getMessage().contains("position 9") && e.getMessage().contains("line 3, column 2"), e.getMessage());
    }

    @Test
    void countsTheGeneratedTunesThatParse() {
        String generated = "X:1\nT:Good\nM:6/8\nK:G\nGAB cde|\n\n"
                + "X:2\nT:Broken\nM:6/8\nK:G\nGA]B|\n\n"
                + "X:3\nT:No key\nGAB|\n\n"
                + "X:4\nT:Also good\nK:D\n|:d2 fe:|\n\n"
                + "X:5\nT:Cut off\nM:4/4\nK:D\n";
        AbcParseReport r = AbcCharTokenizer.countParsable(generated);
        assertEquals(5, r.tunes());
        assertEquals(2, r.parsed());
        assertEquals(0.4, r.parseRate(), 1e-12);
        assertEquals(List.of(1, 2, 4), r.failures().stream().map(AbcParseReport.Failure::index).toList());
        assertEquals("Broken", r.failures().get(0).title());
        assertTrue(r.failures().get(0).reason().contains("line 11, column 3"), r.failures().get(0).reason());
        assertTrue(r.failures().get(2).reason().contains("no notes"), r.failures().get(2).reason());
        assertEquals(0, AbcCharTokenizer.countParsable("no tune here").tunes());
        assertEquals(0.0, AbcCharTokenizer.countParsable("").parseRate());
        // the whole corpus, through the tokens: every tune but the one with a typo parses
        AbcCharTokenizer t = AbcCharTokenizer.fit(tunes, AbcCharTokenizer.Order.FREQUENCY);
        AbcParseReport corpus = t.countParsable(t.encodeTunes(tunes));
        assertEquals(804, corpus.tunes());
        assertEquals(803, corpus.parsed());
    }

    @Test
    void providerIsDiscoveredAndRestoresFromItsSavedState() {
        TokenizerProvider<String> p = Cadenza.discover().tokenizer(AbcCharTokenizer.NAME, String.class);
        Tokenizer<String> fitted = p.fit(tunes, Options.parse("order=sorted"));
        TokenizerState saved = TokenizerState.of(fitted);
        assertEquals(Map.of("order", "sorted"), saved.config());
        Tokenizer<String> restored = p.restore(saved.config(), saved.vocabulary());
        assertEquals(fitted.vocabulary(), restored.vocabulary());
        assertArrayEquals(fitted.encode(tunes.get(5)), restored.encode(tunes.get(5)));
        assertEquals(String.class, restored.itemType());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> Cadenza.discover().tokenizer(AbcCharTokenizer.NAME, Integer.class));
        assertTrue(wrongType.getMessage().contains("java.lang.String, not java.lang.Integer"), wrongType.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.fit(List.of("X:1"), Options.parse("order=alphabetical")));
        assertTrue(e.getMessage().contains("option 'order' of tokenizer 'abc-char' must be one of frequency, sorted"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.fit(List.of("X:1"), Options.parse("ordre=sorted")));
        assertTrue(e.getMessage().contains("unknown option ordre for tokenizer 'abc-char'; known options: order"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.restore(Map.of(), Vocabulary.of(List.of("ab"))));
    }
}
