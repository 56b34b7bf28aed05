package dev.cadenza.tokenizers.pianoroll;

import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.List;
import java.util.Map;

/** Provides the {@code piano-roll} tokenizer; its vocabulary is fixed, so fitting only checks that every note is on the keyboard. */
public final class PianoRollTokenizerProvider implements TokenizerProvider<Score> {
    @Override
    public String name() {
        return PianoRollTokenizer.NAME;
    }

    @Override
    public String description() {
        return "scores as frames of the 88 piano keys on a time grid (the polyphonic music benchmark's piano rolls)";
    }

    @Override
    public Class<Score> itemType() {
        return Score.class;
    }

    @Override
    public Tokenizer<Score> fit(List<? extends Score> corpus, Options options) {
        PianoRollTokenizer t = new PianoRollTokenizer(options.asMap());
        for (int i = 0; i < corpus.size(); i++) {
            try {
                t.frames(corpus.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name() + ": corpus item " + i + ": " + e.getMessage(), e);
            }
        }
        return t;
    }

    @Override
    public Tokenizer<Score> restore(Map<String, String> config, Vocabulary vocabulary) {
        PianoRollTokenizer t = new PianoRollTokenizer(config);
        if (!t.vocabulary().equals(vocabulary))
            throw new IllegalArgumentException(name() + ": the saved vocabulary (" + vocabulary.size() + " tokens) is not the fixed one of "
                    + (PianoRollTokenizer.KEYS + 1) + " tokens (\"|\" and \"21\"..\"108\")");
        return t;
    }
}
