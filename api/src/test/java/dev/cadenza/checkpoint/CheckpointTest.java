package dev.cadenza.checkpoint;

import dev.cadenza.model.*;
import dev.cadenza.token.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointTest {
    private final ModelSpec spec = ModelSpec.of(Input.embedding(4, 3),
            Layer.Conv1D.causal(5, 2, 2, Activation.RELU), Layer.BatchNorm.defaults(), Layer.dropout(0.1),
            Layer.bidirectional(Layer.lstm(3)), Layer.gru(2), new Layer.SimpleRnn(2, false), Layer.dense(4));

    private Checkpoint full() {
        Weights w = Initialization.initialize(spec, 11);
        TrainingConfig config = TrainingConfig.of(Optimizer.nadam(1e-3))
                .withSchedule(new LearningRateSchedule.StepDecay(100, 0.5)).withClipping(GradientClipping.globalNorm(1))
                .withSeed(9).withTruncatedBptt(16);
        OptimizerState state = new OptimizerState(17, List.of(Tensor.zeros("m/layers.0.kernel", 2, 3, 5)), new long[] {1, -2, 3, 4});
        return Checkpoint.of(spec, w)
                .withTokenizer(new TokenizerState("abc-char", Map.of("order", "sorted"), Vocabulary.of(List.of("\n", " ", "A", "|"))))
                .withTraining(config, state).withMetadata(Map.of("epoch", "3"));
    }

    @Test
    void everythingRoundTrips(@TempDir Path dir) throws IOException {
        Checkpoint c = full();
        Path file = dir.resolve("model.cadenza");
        c.write(file);
        Checkpoint back = Checkpoint.read(file);
        assertEquals(c.spec(), back.spec());
        assertEquals(c.weights(), back.weights());
        assertEquals(c.tokenizer(), back.tokenizer());
        assertEquals(c.trainingConfig(), back.trainingConfig());
        assertEquals(17, back.optimizer().step());
        assertArrayEquals(new long[] {1, -2, 3, 4}, back.optimizer().randomState());
        assertEquals(c.optimizer().slots(), back.optimizer().slots());
        assertEquals("3", back.metadata().get("epoch"));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void tensorsAreLittleEndianFloat32InTheCanonicalLayout() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        full().write(out);
        ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()));
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            if (!e.getName().equals("weights/input.embedding.f32")) continue;
            byte[] bytes = zip.readAllBytes();
            assertEquals(4 * 3 * 4, bytes.length);
            float first = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat(0);
            assertEquals(full().weights().get("input.embedding").data()[0], first);
            return;
        }
        fail("no embedding entry");
    }

    @Test
    void aTruncatedTensorIsReportedByName() throws IOException {
        ByteArrayOutputStream good = new ByteArrayOutputStream();
        full().write(good);
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(good.toByteArray()));
             ZipOutputStream zip = new ZipOutputStream(bad)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals("weights/layers.0.kernel.f32")) bytes = java.util.Arrays.copyOf(bytes, bytes.length - 4);
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(new ByteArrayInputStream(bad.toByteArray())));
        assertTrue(e.getMessage().contains("layers.0.kernel"), e.getMessage());
    }

    @Test
    void notACheckpoint(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.zip");
        Files.write(file, new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(file));
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Checkpoint.read(dir.resolve("missing")));
    }

    @Test
    void aTokenizerOfTheWrongSizeIsRefused() {
        Weights w = Initialization.initialize(spec, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.of(spec, w)
                .withTokenizer(new TokenizerState("abc-char", Map.of(), Vocabulary.of(List.of("a", "b")))));
        assertTrue(e.getMessage().contains("2 tokens"), e.getMessage());
    }
}
