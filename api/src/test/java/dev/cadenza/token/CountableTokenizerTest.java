package dev.cadenza.token;

import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CountableTokenizerTest {
    /** Words of a text; vocabulary: words seen at least {@code min} times, most frequent first, ties in word order. */
    private static final class Words implements CountableTokenizer<String> {
        Map<String, Long> lastCounts;
        long lastItems;

        @Override
        public List<String> tokenStrings(String item, Options options) {
            if (item.isBlank()) throw new IllegalArgumentException("words: an empty item");
            return Arrays.asList(item.trim().split("\\s+"));
        }

        @Override
        public Tokenizer<String> fromCounts(Map<String, Long> counts, long items, Options options) {
            lastCounts = Map.copyOf(counts);
            lastItems = items;
            long min = options.integer("min", 1);
            List<String> kept = new ArrayList<>();
            counts.forEach((w, n) -> {
                if (n >= min) kept.add(w);
            });
            kept.sort(Comparator.comparing((String w) -> -counts.get(w)).thenComparing(w -> w));
            Vocabulary v = Vocabulary.of(kept);
            return new Tokenizer<>() {
                public String name() { return "words"; }
                public Map<String, String> config() { return options.asMap(); }
                public Vocabulary vocabulary() { return v; }
                public Class<String> itemType() { return String.class; }
                public int[] encode(String item) { return tokenStrings(item, options).stream().mapToInt(v::id).toArray(); }
                public String decodeText(int[] ids) { return String.join(" ", Arrays.stream(ids).mapToObj(v::token).toList()); }
                public Score decodeScore(int[] ids) { throw new UnsupportedOperationException("words: plain words decode to no score"); }
            };
        }
    }

    @Test
    void fitByCountingSumsTheTokenStringsOfEveryItemAndCountsTheItems() {
        Words words = new Words();
        Tokenizer<String> t = words.fitByCounting(List.of("b a c", "c c a", "d"), Options.parse("min=2"));
        assertEquals(Map.of("a", 2L, "b", 1L, "c", 3L, "d", 1L), words.lastCounts);
        assertEquals(3, words.lastItems);
        assertEquals(List.of("c", "a"), t.vocabulary().tokens());
        assertEquals(List.of(1, 0, 0), Arrays.stream(t.encode("a c c")).boxed().toList());
    }

    @Test
    void countsOfPiecesMergedGiveTheSameTokenizerAsCountingTheWhole() {
        List<String> corpus = List.of("e f g", "g g f", "a e", "e e e f");
        Words words = new Words();
        Vocabulary whole = words.fitByCounting(corpus, Options.none()).vocabulary();
        Map<String, Long> merged = new java.util.HashMap<>();
        for (List<String> piece : List.of(corpus.subList(0, 1), corpus.subList(1, 3), corpus.subList(3, 4))) {
            words.fitByCounting(piece, Options.none());
            words.lastCounts.forEach((k, n) -> merged.merge(k, n, Long::sum));
        }
        assertEquals(whole, words.fromCounts(merged, corpus.size(), Options.none()).vocabulary());
    }

    @Test
    void anItemTheTokenizerRefusesIsReportedNotSkipped() {
        assertThrows(IllegalArgumentException.class, () -> new Words().fitByCounting(List.of("a", " "), Options.none()));
    }
}
