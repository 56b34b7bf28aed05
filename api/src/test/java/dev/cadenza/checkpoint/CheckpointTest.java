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
    void notACheckpointIsOneExceptionNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.zip");
        Files.writeString(file, "just some text, not a zip\n");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a zip file"), e.getMessage());
        assertEquals(file, e.file());
        e = assertThrows(CheckpointException.class, () -> Checkpoint.read(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("found nothing"), e.getMessage());
        e = assertThrows(CheckpointException.class, () -> Checkpoint.read(dir));
        assertTrue(e.getMessage().contains("found a folder"), e.getMessage());
    }

    @Test
    void everyTruncationIsACheckpointExceptionNamingTheFile(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.cadenza");
        full().write(good);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.cadenza");
        int refused = 0, read = 0;
        for (int length = 0; length < bytes.length; length += Math.max(1, bytes.length / 300)) {
            Files.write(cut, java.util.Arrays.copyOf(bytes, length));
            try {
                Checkpoint c = Checkpoint.read(cut);
                // ZipInputStream reads local entries only: a cut in the central directory at the end leaves every entry whole.
                assertEquals(full().weights(), c.weights(), "a checkpoint that reads has every weight");
                read++;
            } catch (CheckpointException e) {
                assertEquals(cut, e.file());
                assertTrue(e.getMessage().startsWith("checkpoint " + cut), e.getMessage());
                assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("corrupt") || e.getMessage().contains("expected"),
                        "says what was expected: " + e.getMessage());
                refused++;
            }
        }
        assertTrue(refused > 150 && read > 0, refused + " refused, " + read + " read whole (cut in the central directory)");
    }

    @Test
    void aWrongFieldIsNamedWithItsPath(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream good = new ByteArrayOutputStream();
        full().write(good);
        Path file = dir.resolve("edited.cadenza");
        rewriteManifest(good.toByteArray(), file, m -> m.replace("\"units\" : 3", "\"units\" : \"three\""));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(file));
        assertEquals("manifest.json", e.entry());
        assertEquals("spec", e.field());
        assertTrue(e.getMessage().contains("'units' must be a number, found three"), e.getMessage());
        rewriteManifest(good.toByteArray(), file, m -> m.replace("\"formatVersion\" : 2", "\"formatVersion\" : 7"));
        e = assertThrows(CheckpointException.class, () -> Checkpoint.read(file));
        assertTrue(e.getMessage().contains("version 7") && e.getMessage().contains("newer Cadenza"), e.getMessage());
    }

    @Test
    void aVersionOneCheckpointStillLoadsAsASoftmaxModel(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream good = new ByteArrayOutputStream();
        full().write(good);
        Path file = dir.resolve("v1.cadenza");
        // A version-1 manifest: no loss in the spec, no micro-batch size in the training configuration.
        rewriteManifest(good.toByteArray(), file, m -> m.replace("\"formatVersion\" : 2", "\"formatVersion\" : 1")
                .replaceAll(",\\s*\"loss\" : \"softmax-cross-entropy\"", "").replaceAll(",\\s*\"microBatchSize\" : 0", ""));
        String manifest = manifestOf(Files.readAllBytes(file));
        assertFalse(manifest.contains("loss") || manifest.contains("microBatchSize"), manifest);
        Checkpoint back = Checkpoint.read(file);
        assertEquals(full().spec(), back.spec());
        assertEquals(Loss.SOFTMAX_CROSS_ENTROPY, back.spec().loss());
        assertEquals(full().trainingConfig(), back.trainingConfig());
    }

    @Test
    void theInputsAndLossesOfVersionTwoRoundTrip(@TempDir Path dir) throws IOException {
        List<ModelSpec> specs = List.of(
                ModelSpec.of(Input.multiHot(88), Layer.lstm(8), Layer.dense(88)).withLoss(Loss.SIGMOID_CROSS_ENTROPY),
                ModelSpec.of(Input.conditioned(Input.embedding(30, 4), 13), Layer.gru(6), Layer.dense(30)),
                ModelSpec.of(Input.conditioned(Input.oneHot(9), 2), Layer.lstm(3), Layer.dense(9)),
                ModelSpec.of(Input.features(1), new Layer.Lstm(5, false), Layer.dense(10)).withLoss(Loss.MEAN_SQUARED_ERROR));
        for (ModelSpec s : specs) {
            Path file = dir.resolve("v2.cadenza");
            Checkpoint c = Checkpoint.of(s, Initialization.initialize(s, 3)).withTraining(TrainingConfig.of(Optimizer.adam(0.01)).withMicroBatches(8), null);
            c.write(file);
            Checkpoint back = Checkpoint.read(file);
            assertEquals(s, back.spec());
            assertEquals(c.weights(), back.weights());
            assertEquals(8, back.trainingConfig().microBatchSize());
        }
    }

    private static String manifestOf(byte[] zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; )
                if (e.getName().equals("manifest.json")) return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        throw new AssertionError("no manifest");
    }

    private static void rewriteManifest(byte[] zip, Path to, java.util.function.UnaryOperator<String> edit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip)); ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals("manifest.json"))
                    bytes = edit.apply(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(bytes);
                z.closeEntry();
            }
        }
        Files.write(to, out.toByteArray());
    }

    @Test
    void aTokenizerOfTheWrongSizeIsRefused() {
        Weights w = Initialization.initialize(spec, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.of(spec, w)
                .withTokenizer(new TokenizerState("abc-char", Map.of(), Vocabulary.of(List.of("a", "b")))));
        assertTrue(e.getMessage().contains("2 tokens"), e.getMessage());
    }
}
