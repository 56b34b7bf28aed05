package dev.cadenza.tokenizers.jazz;

import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.List;
import java.util.Map;

/** Provides the {@code jazz-grammar} tokenizer: fitted to scores with a melody part over chord parts (the Metheny MIDI file). */
public final class JazzGrammarTokenizerProvider implements TokenizerProvider<Score> {
    @Override
    public String name() {
        return JazzGrammarTokenizer.NAME;
    }

    @Override
    public String description() {
        return "a melody over chords as deepjazz's grammar values: chord, scale, approach or other tone or rest, duration, interval range";
    }

    @Override
    public Class<Score> itemType() {
        return Score.class;
    }

    @Override
    public Tokenizer<Score> fit(List<? extends Score> corpus, Options options) {
        return JazzGrammarTokenizer.fit(List.copyOf(corpus), options.asMap());
    }

    @Override
    public Tokenizer<Score> restore(Map<String, String> config, Vocabulary vocabulary) {
        return new JazzGrammarTokenizer(vocabulary, config);
    }
}
