package dev.cadenza.tokenizers;

import dev.cadenza.Backend;
import dev.cadenza.Cadenza;
import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.checkpoint.CheckpointException;
import dev.cadenza.checkpoint.TokenizerState;
import dev.cadenza.model.Initialization;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.testkit.MusicFixtures;
import dev.cadenza.testkit.ReferenceBackend;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.tokenizers.abc.AbcCharTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Cadenza.load: the tokenizer comes back typed, and a checkpoint whose tokenizer cannot be restored says so, naming the file. */
class LoadCheckpointTest {
    private static final AbcCharTokenizer ABC = AbcCharTokenizer.fit(MusicFixtures.abcTunes(), AbcCharTokenizer.Order.SORTED);
    private static final ModelSpec SPEC = ModelSpec.of(Input.embedding(ABC.vocabulary().size(), 4), Layer.lstm(5), Layer.dense(ABC.vocabulary().size()));

    @Test
    void aCheckpointLoadsWithItsTokenizerTypedWithoutACast(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.cadenza");
        Checkpoint.of(SPEC, Initialization.initialize(SPEC, 1)).withTokenizer(TokenizerState.of(ABC)).write(file);
        Backend pure = ReferenceBackend.get();
        try (Cadenza.LoadedModel loaded = Cadenza.discover().load(file, pure)) {
            Tokenizer<String> t = loaded.tokenizer(String.class);
            assertEquals(ABC.vocabulary(), t.vocabulary());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loaded.tokenizer(Integer.class));
            assertTrue(e.getMessage().contains("reads java.lang.String, not java.lang.Integer"), e.getMessage());
        }
    }

    @Test
    void aTokenizerThatCannotBeRestoredIsACheckpointExceptionNamingTheFileAndTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.cadenza");
        Checkpoint.of(SPEC, Initialization.initialize(SPEC, 1))
                .withTokenizer(new TokenizerState("abc-char", Map.of("order", "alphabetical"), ABC.vocabulary())).write(file);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Cadenza.discover().load(file, ReferenceBackend.get()));
        assertEquals(file, e.file());
        assertEquals("tokenizer.config", e.field());
        assertTrue(e.getMessage().startsWith("checkpoint " + file) && e.getMessage().contains("alphabetical"), e.getMessage());

        Path other = dir.resolve("other.cadenza");
        Checkpoint.of(SPEC, Initialization.initialize(SPEC, 1))
                .withTokenizer(new TokenizerState("no-such-tokenizer", Map.of(), ABC.vocabulary())).write(other);
        e = assertThrows(CheckpointException.class, () -> Cadenza.discover().load(other, ReferenceBackend.get()));
        assertTrue(e.getMessage().contains("'no-such-tokenizer'") && e.getMessage().contains("abc-char"), e.getMessage());
    }
}
