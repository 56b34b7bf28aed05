package dev.cadenza.tokenizers.notechord;

import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.CountableTokenizer;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.List;
import java.util.Map;

/**
 * Provides the {@code note-chord} tokenizer: fitted to a corpus of {@link Score}s (e.g. read with the MIDI reader). Its
 * vocabulary is the set of token strings counted, so a corpus can also be counted in pieces ({@link CountableTokenizer}).
 */
public final class NoteChordTokenizerProvider implements TokenizerProvider<Score>, CountableTokenizer<Score> {
    @Override
    public String name() {
        return NoteChordTokenizer.NAME;
    }

    @Override
    public String description() {
        return "notes of a score as pitch names (\"E4\") and chords as normal-order pitch classes (\"4.7.11\"), optionally with timing";
    }

    @Override
    public Class<Score> itemType() {
        return Score.class;
    }

    @Override
    public Tokenizer<Score> fit(List<? extends Score> corpus, Options options) {
        return NoteChordTokenizer.fit(List.copyOf(corpus), options.asMap());
    }

    @Override
    public List<String> tokenStrings(Score score, Options options) {
        return NoteChordTokenizer.blank(options.asMap()).tokenStrings(score);
    }

    @Override
    public Tokenizer<Score> fromCounts(Map<String, Long> counts, long items, Options options) {
        return NoteChordTokenizer.fromCounts(counts, options.asMap());
    }

    @Override
    public Tokenizer<Score> restore(Map<String, String> config, Vocabulary vocabulary) {
        return new NoteChordTokenizer(vocabulary, config);
    }
}
