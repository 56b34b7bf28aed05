package dev.cadenza.tokenizers.chorale;

import dev.cadenza.spi.Options;
import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.CountableTokenizer;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.List;
import java.util.Map;

/**
 * Provides the {@code chorale-arpeggio} tokenizer; its vocabulary is fixed, so fitting only checks the corpus, and a
 * corpus counted in pieces ({@link CountableTokenizer}) gives the same tokenizer.
 */
public final class ChoraleArpeggioTokenizerProvider implements TokenizerProvider<int[][]>, CountableTokenizer<int[][]> {
    @Override
    public String name() {
        return ChoraleArpeggioTokenizer.NAME;
    }

    @Override
    public String description() {
        return "JSB chorale rows arpeggiated into 4 voice tokens each: 0 silence, MIDI pitch n -> n - 35 (47 classes)";
    }

    @Override
    public Class<int[][]> itemType() {
        return int[][].class;
    }

    @Override
    public Tokenizer<int[][]> fit(List<? extends int[][]> corpus, Options options) {
        ChoraleArpeggioTokenizer t = new ChoraleArpeggioTokenizer(options.asMap());
        for (int i = 0; i < corpus.size(); i++) {
            try {
                t.encode(corpus.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name() + ": corpus item " + i + ": " + e.getMessage(), e);
            }
        }
        return t;
    }

    @Override
    public List<String> tokenStrings(int[][] chorale, Options options) {
        return ChoraleArpeggioTokenizer.tokenStrings(new ChoraleArpeggioTokenizer(options.asMap()).encode(chorale));
    }

    @Override
    public Tokenizer<int[][]> fromCounts(Map<String, Long> counts, long items, Options options) {
        return ChoraleArpeggioTokenizer.fromCounts(counts, options.asMap());
    }

    @Override
    public Tokenizer<int[][]> restore(Map<String, String> config, Vocabulary vocabulary) {
        ChoraleArpeggioTokenizer t = new ChoraleArpeggioTokenizer(config);
        if (!t.vocabulary().equals(vocabulary))
            throw new IllegalArgumentException(name() + ": the saved vocabulary (" + vocabulary.size() + " tokens) is not the fixed one of 47 tokens \"0\"..\"46\"");
        return t;
    }
}
