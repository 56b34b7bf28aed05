package dev.cadenza.tokenizers.leadsheet;

import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.List;
import java.util.Map;

/** Provides the {@code lead-sheet} tokenizer: fitted to tunes with chord symbols (the Nottingham ABC books). */
public final class LeadSheetTokenizerProvider implements TokenizerProvider<Score> {
    @Override
    public String name() {
        return LeadSheetTokenizer.NAME;
    }

    @Override
    public String description() {
        return "a lead sheet's melody as note and rest events with durations on a sixteenth-and-triplet grid; its chords go beside them";
    }

    @Override
    public Class<Score> itemType() {
        return Score.class;
    }

    @Override
    public Tokenizer<Score> fit(List<? extends Score> corpus, Options options) {
        return LeadSheetTokenizer.fit(List.copyOf(corpus), options.asMap());
    }

    @Override
    public Tokenizer<Score> restore(Map<String, String> config, Vocabulary vocabulary) {
        return new LeadSheetTokenizer(vocabulary, config);
    }
}
