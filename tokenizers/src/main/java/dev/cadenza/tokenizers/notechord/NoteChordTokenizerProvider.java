package dev.cadenza.tokenizers.notechord;

import dev.cadenza.music.Score;
import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Provides the {@code note-chord} tokenizer: fitted to a corpus of {@link Score}s (e.g. read with the MIDI reader). */
public final class NoteChordTokenizerProvider implements TokenizerProvider {
    @Override
    public String name() {
        return NoteChordTokenizer.NAME;
    }

    @Override
    public String description() {
        return "notes of a score as pitch names (\"E4\") and chords as normal-order pitch classes (\"4.7.11\"), optionally with timing";
    }

    @Override
    public Tokenizer<?> fit(List<?> corpus, Map<String, String> options) {
        List<Score> scores = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            Object item = corpus.get(i);
            if (!(item instanceof Score s))
                throw new IllegalArgumentException(name() + ": corpus item " + i + " is " + (item == null ? "null" : item.getClass().getSimpleName()) + ", expected a Score");
            scores.add(s);
        }
        return NoteChordTokenizer.fit(scores, options);
    }

    @Override
    public Tokenizer<?> restore(Map<String, String> config, Vocabulary vocabulary) {
        return new NoteChordTokenizer(vocabulary, config);
    }
}
