package dev.cadenza.spark;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.cadenza.Backend;
import dev.cadenza.Cadenza;
import dev.cadenza.SequenceModel;
import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.checkpoint.TokenizerState;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.generate.Generator;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import dev.cadenza.tokenizers.notechord.NoteChordTokenizer;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batch generation in local[2]: the pieces of each seed are the single-machine Generator's, rendered and listed. */
class BatchGenerationTest {
    private static final long SEED = 100;
    private static final int PIECES = 5, LENGTH = 24;
    private static JavaSparkContext sc;
    private static Path checkpoint;
    private static SequenceModel model;
    private static NoteChordTokenizer tokenizer;
    private static Path folder;

    @BeforeAll
    static void writeCheckpoint(@TempDir Path dir) throws IOException {
        sc = LocalSpark.context();
        folder = dir;
        List<Score> scores = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            List<Note> notes = new ArrayList<>();
            for (int i = 0; i < 20; i++) notes.add(new Note(60 + (i * (s + 2)) % 12, 80, i * 240L, 240));
            scores.add(Score.of("s" + s, 480, 120, null, List.of(Part.of("Piano", 0, notes))));
        }
        tokenizer = NoteChordTokenizer.fit(scores, Map.of());
        int v = tokenizer.vocabulary().size();
        Backend pure = Cadenza.discover().backend("pure");
        model = pure.create(ModelSpec.of(Input.embedding(v, 6), Layer.lstm(8), Layer.dense(v)), 5);
        checkpoint = dir.resolve("model.cadenza");
        Checkpoint.of(model.spec(), model.weights()).withTokenizer(TokenizerState.of(tokenizer)).write(checkpoint);
    }

    private static Generator single() {
        return Generator.of(model).tokenizer(tokenizer).sampler(Cadenza.discover().sampler("temperature", Options.parse("temperature=1.5")))
                .primer(0).length(LENGTH);
    }

    @Test
    void eachSeedGivesTheSingleMachinePieceAndEveryPieceIsRenderedAndListed() throws IOException {
        Path out = folder.resolve("pieces");
        BatchGeneration.Result r = BatchGeneration.on(sc).checkpoint(checkpoint.toString()).output(out.toString()).pieces(PIECES)
                .seed(SEED).sampler("temperature", Options.parse("temperature=1.5")).primer(0).length(LENGTH)
                .formats(List.of("midi")).backend("pure").piecesPerBatch(2).partitions(2).run();

        List<int[]> batch = single().seed(SEED).generate(PIECES);
        assertEquals(PIECES, r.pieces().size());
        for (int i = 0; i < PIECES; i++) {
            BatchGeneration.Piece p = r.pieces().get(i);
            assertEquals(i, p.piece());
            assertEquals(SEED + i, p.seed());
            assertArrayEquals(batch.get(i), p.tokens(), "piece " + i + " = row " + i + " of the single-machine batch");
            assertNull(p.error());
            assertEquals(List.of(p.name() + ".mid"), p.files());
            Score read = MidiReader.read(out.resolve(p.name() + ".mid"));
            assertEquals(tokenizer.decodeScore(p.tokens()).noteCount(), read.noteCount());
        }
        assertArrayEquals(single().seed(SEED + 3).generate(), r.pieces().get(3).tokens(), "piece 3 alone with its own seed");

        List<String> lines = Files.readAllLines(out.resolve(BatchGeneration.MANIFEST));
        assertEquals(PIECES, lines.size());
        Map<String, Object> line = JSON.std.mapFrom(lines.get(2));
        assertEquals(2, ((Number) line.get("piece")).intValue());
        assertEquals(SEED + 2, ((Number) line.get("seed")).longValue());
        assertEquals(LENGTH, ((Number) line.get("tokens")).intValue());
        assertEquals(List.of("piece-000002.mid"), line.get("files"));
        assertEquals("temperature", line.get("sampler"));
        assertEquals("sha256:" + BatchGeneration.sha256(Files.readAllBytes(checkpoint)), line.get("checkpoint"));
    }

    @Test
    void aPieceThatCannotBeRenderedKeepsItsLineWithTheReason() throws IOException {
        Path out = folder.resolve("failed");
        BatchGeneration.Result r = BatchGeneration.on(sc).checkpoint(checkpoint.toString()).output(out.toString()).pieces(2)
                .seed(SEED).sampler("greedy", Options.none()).primer(0).length(4).formats(List.of("midi"))
                .renderOptions(Map.of("colour", "red")).backend("pure").run();
        for (BatchGeneration.Piece p : r.pieces()) {
            assertTrue(p.files().isEmpty());
            assertTrue(p.error() != null && p.error().contains("colour"), p.error());
        }
        assertEquals(2, Files.readAllLines(out.resolve(BatchGeneration.MANIFEST)).size());
    }
}
