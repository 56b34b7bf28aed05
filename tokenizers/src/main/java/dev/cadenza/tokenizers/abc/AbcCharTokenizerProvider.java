package dev.cadenza.tokenizers.abc;

import dev.cadenza.spi.Options;
import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.CountableTokenizer;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.List;
import java.util.Map;

/**
 * Provides the {@code abc-char} tokenizer: one token per character of ABC tune text. Its fit is a count of characters,
 * so a corpus can also be counted in pieces ({@link CountableTokenizer}).
 */
public final class AbcCharTokenizerProvider implements TokenizerProvider<String>, CountableTokenizer<String> {
    @Override
    public String name() {
        return AbcCharTokenizer.NAME;
    }

    @Override
    public String description() {
        return "characters of ABC tune text (tunes joined by a blank line), vocabulary by frequency or sorted";
    }

    @Override
    public Class<String> itemType() {
        return String.class;
    }

    @Override
    public Tokenizer<String> fit(List<? extends String> corpus, Options options) {
        return AbcCharTokenizer.fit(List.copyOf(corpus), options);
    }

    @Override
    public List<String> tokenStrings(String tune, Options options) {
        AbcCharTokenizer.order(options); // refuses unknown options as fit does
        return AbcCharTokenizer.tokenStrings(tune);
    }

    @Override
    public Tokenizer<String> fromCounts(Map<String, Long> counts, long tunes, Options options) {
        return AbcCharTokenizer.fromCounts(counts, tunes, AbcCharTokenizer.order(options));
    }

    @Override
    public Tokenizer<String> restore(Map<String, String> config, Vocabulary vocabulary) {
        return AbcCharTokenizer.restore(config, vocabulary);
    }
}
