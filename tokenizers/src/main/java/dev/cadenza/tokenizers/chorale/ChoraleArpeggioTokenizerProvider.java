package dev.cadenza.tokenizers.chorale;

import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.List;
import java.util.Map;

/** Provides the {@code chorale-arpeggio} tokenizer; its vocabulary is fixed, so fitting only checks the corpus. */
public final class ChoraleArpeggioTokenizerProvider implements TokenizerProvider {
    @Override
    public String name() {
        return ChoraleArpeggioTokenizer.NAME;
    }

    @Override
    public String description() {
        return "JSB chorale rows arpeggiated into 4 voice tokens each: 0 silence, MIDI pitch n -> n - 35 (47 classes)";
    }

    @Override
    public Tokenizer<?> fit(List<?> corpus, Map<String, String> options) {
        ChoraleArpeggioTokenizer t = new ChoraleArpeggioTokenizer(options);
        for (int i = 0; i < corpus.size(); i++) {
            Object item = corpus.get(i);
            if (!(item instanceof int[][] rows))
                throw new IllegalArgumentException(name() + ": corpus item " + i + " is " + (item == null ? "null" : item.getClass().getSimpleName()) + ", expected int[][] chorale rows");
            try {
                t.encode(rows);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name() + ": corpus item " + i + ": " + e.getMessage(), e);
            }
        }
        return t;
    }

    @Override
    public Tokenizer<?> restore(Map<String, String> config, Vocabulary vocabulary) {
        ChoraleArpeggioTokenizer t = new ChoraleArpeggioTokenizer(config);
        if (!t.vocabulary().equals(vocabulary))
            throw new IllegalArgumentException(name() + ": the saved vocabulary (" + vocabulary.size() + " tokens) is not the fixed one of 47 tokens \"0\"..\"46\"");
        return t;
    }
}
