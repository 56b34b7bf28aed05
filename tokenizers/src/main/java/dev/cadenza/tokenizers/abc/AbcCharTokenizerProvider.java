package dev.cadenza.tokenizers.abc;

import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Provides the {@code abc-char} tokenizer: one token per character of ABC tune text. */
public final class AbcCharTokenizerProvider implements TokenizerProvider {
    @Override
    public String name() {
        return AbcCharTokenizer.NAME;
    }

    @Override
    public String description() {
        return "characters of ABC tune text (tunes joined by a blank line), vocabulary by frequency or sorted";
    }

    @Override
    public Tokenizer<?> fit(List<?> corpus, Map<String, String> options) {
        List<String> tunes = new ArrayList<>(corpus.size());
        for (int i = 0; i < corpus.size(); i++) {
            Object item = corpus.get(i);
            if (!(item instanceof String s))
                throw new IllegalArgumentException(name() + ": corpus item " + i + " is "
                        + (item == null ? "null" : item.getClass().getSimpleName()) + ", expected the String text of one tune");
            tunes.add(s);
        }
        return AbcCharTokenizer.fit(tunes, options);
    }

    @Override
    public Tokenizer<?> restore(Map<String, String> config, Vocabulary vocabulary) {
        return AbcCharTokenizer.restore(config, vocabulary);
    }
}
