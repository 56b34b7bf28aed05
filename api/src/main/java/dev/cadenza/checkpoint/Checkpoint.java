package dev.cadenza.checkpoint;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.cadenza.io.AtomicFile;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.OptimizerState;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.Weights;
import dev.cadenza.token.Vocabulary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The portable checkpoint: one zip file holding {@code manifest.json} (format version, model spec, tokenizer name,
 * config and vocabulary, training configuration and optimizer state, metadata) and every tensor as raw little-endian
 * float32 in the canonical layout. Every backend reads and writes it; FORMAT.md documents it. No Java serialization.
 *
 * @param spec the model's architecture
 * @param weights the model's weights, in the canonical layout of the spec
 * @param tokenizer the tokenizer the model was trained with, or null
 * @param trainingConfig how the model was being trained, or null for an inference-only checkpoint
 * @param optimizer the optimizer's state, or null
 * @param metadata free-form strings (epoch, data position, recipe name...)
 */
public record Checkpoint(ModelSpec spec, Weights weights, TokenizerState tokenizer, TrainingConfig trainingConfig,
                         OptimizerState optimizer, Map<String, String> metadata) {
    /** The manifest's {@code format} value, which identifies a Cadenza checkpoint. */
    public static final String FORMAT = "cadenza-checkpoint";
    /** Version 2 adds the loss, multi-hot and conditioned inputs, and micro-batches; version 1 files still load. */
    public static final int FORMAT_VERSION = 2;
    /** Guards against absurd sizes in a corrupt manifest. */
    private static final long MAX_TENSOR_BYTES = 1L << 31;

    /**
     * Copies the metadata and checks that the tokenizer's vocabulary fits the model's input.
     *
     * @param spec the model's architecture
     * @param weights the model's weights
     * @param tokenizer the tokenizer state, or null
     * @param trainingConfig the training configuration, or null
     * @param optimizer the optimizer state, or null
     * @param metadata free-form strings, or null for none; copied
     * @throws IllegalArgumentException when the tokenizer's vocabulary size is not the input's
     */
    public Checkpoint {
        metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
        if (tokenizer != null && spec.input().vocabularySize() > 0 && tokenizer.vocabulary().size() != spec.input().vocabularySize())
            throw new IllegalArgumentException("checkpoint: tokenizer '" + tokenizer.name() + "' has " + tokenizer.vocabulary().size()
                    + " tokens but the model's input takes " + spec.input().vocabularySize());
    }

    /**
     * Just the model.
     *
     * @param spec the model's architecture
     * @param weights the model's weights
     * @return a checkpoint without tokenizer, training state or metadata
     */
    public static Checkpoint of(ModelSpec spec, Weights weights) {
        return new Checkpoint(spec, weights, null, null, null, Map.of());
    }

    /**
     * The same checkpoint with a tokenizer.
     *
     * @param t the tokenizer state, or null for none
     * @return a new checkpoint
     * @throws IllegalArgumentException when its vocabulary size is not the model input's
     */
    public Checkpoint withTokenizer(TokenizerState t) {
        return new Checkpoint(spec, weights, t, trainingConfig, optimizer, metadata);
    }

    /**
     * The same checkpoint with the training configuration and optimizer state, so that training can resume.
     *
     * @param config the training configuration, or null
     * @param state the optimizer state, or null
     * @return a new checkpoint
     */
    public Checkpoint withTraining(TrainingConfig config, OptimizerState state) {
        return new Checkpoint(spec, weights, tokenizer, config, state, metadata);
    }

    /**
     * The same checkpoint with other metadata (replacing, not merging).
     *
     * @param m the metadata, or null for none; copied
     * @return a new checkpoint
     */
    public Checkpoint withMetadata(Map<String, String> m) {
        return new Checkpoint(spec, weights, tokenizer, trainingConfig, optimizer, m);
    }

    /**
     * Writes atomically: a temporary file in the same folder, then a rename, so a crash never leaves half a file.
     *
     * @param file the checkpoint file, conventionally {@code *.cadenza}; replaced when it exists
     * @throws IOException when the file or its temporary sibling cannot be written
     */
    public void write(Path file) throws IOException {
        AtomicFile.write(file, this::write);
    }

    /**
     * Writes the checkpoint as a zip to {@code stream}, which is finished but not closed.
     *
     * @param stream where the zip goes
     * @throws IOException when the stream fails
     */
    public void write(OutputStream stream) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(stream);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("formatVersion", FORMAT_VERSION);
        manifest.put("spec", SpecCodec.toMap(spec));
        manifest.put("tensors", tensorEntries(weights.tensors(), "weights/"));
        if (tokenizer != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", tokenizer.name());
            t.put("config", new LinkedHashMap<>(tokenizer.config()));
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("tokens", tokenizer.vocabulary().tokens());
            v.put("specials", tokenizer.vocabulary().specials());
            t.put("vocabulary", v);
            manifest.put("tokenizer", t);
        }
        if (trainingConfig != null || optimizer != null) {
            Map<String, Object> tr = new LinkedHashMap<>();
            if (trainingConfig != null) tr.put("config", SpecCodec.toMap(trainingConfig));
            if (optimizer != null) {
                tr.put("step", optimizer.step());
                if (optimizer.randomState() != null) tr.put("randomState", Arrays.stream(optimizer.randomState()).boxed().toList());
                tr.put("slots", tensorEntries(optimizer.slots(), "optimizer/"));
            }
            manifest.put("training", tr);
        }
        manifest.put("metadata", new LinkedHashMap<>(metadata));
        zip.putNextEntry(new ZipEntry("manifest.json"));
        zip.write(JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(manifest).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        for (Tensor t : weights.tensors()) writeTensor(zip, "weights/" + t.name() + ".f32", t);
        if (optimizer != null) for (Tensor t : optimizer.slots()) writeTensor(zip, "optimizer/" + t.name() + ".f32", t);
        zip.finish();
    }

    private static List<Object> tensorEntries(List<Tensor> tensors, String folder) {
        List<Object> list = new ArrayList<>();
        for (Tensor t : tensors) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", t.name());
            e.put("shape", Arrays.stream(t.shape()).boxed().toList());
            e.put("dtype", "float32");
            e.put("byteOrder", "little-endian");
            e.put("file", folder + t.name() + ".f32");
            list.add(e);
        }
        return list;
    }

    private static void writeTensor(ZipOutputStream zip, String entry, Tensor t) throws IOException {
        zip.putNextEntry(new ZipEntry(entry));
        ByteBuffer buf = ByteBuffer.allocate(Math.min(t.size(), 1 << 16) * 4).order(ByteOrder.LITTLE_ENDIAN);
        float[] d = t.data();
        for (int i = 0; i < d.length; ) {
            buf.clear();
            int n = Math.min(d.length - i, buf.capacity() / 4);
            buf.asFloatBuffer().put(d, i, n);
            zip.write(buf.array(), 0, n * 4);
            i += n;
        }
        zip.closeEntry();
    }

    /**
     * Reads a checkpoint written by any version of Cadenza up to this one. Every problem is a
     * {@link CheckpointException} naming the file, the entry and the field, and what was expected.
     *
     * @param file the checkpoint file
     * @return the checkpoint, with its weights checked against its spec
     * @throws CheckpointException when the file is missing, unreadable, not a checkpoint, or inconsistent
     */
    public static Checkpoint read(Path file) throws CheckpointException {
        if (!Files.isRegularFile(file))
            throw new CheckpointException(file, null, null, "expected a checkpoint file, found " + (Files.exists(file) ? "a folder" : "nothing"),
                    null);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException(file, null, null, "cannot read the file: " + e, e);
        }
    }

    /**
     * Reads a checkpoint from a stream (not closed); errors name the entry and field.
     *
     * @param stream the zip bytes (a class-path resource, say)
     * @return the checkpoint
     * @throws CheckpointException when the stream is unreadable, not a checkpoint, or inconsistent
     */
    public static Checkpoint read(InputStream stream) throws CheckpointException {
        return read(stream, null);
    }

    private static Checkpoint read(InputStream stream, Path file) throws CheckpointException {
        Map<String, byte[]> entries = entries(stream, file);
        byte[] manifestBytes = entries.get("manifest.json");
        if (manifestBytes == null)
            throw new CheckpointException(file, "manifest.json", null, entries.isEmpty()
                    ? "expected a Cadenza checkpoint (a zip file with manifest.json), found no zip entries: not a zip file, or empty"
                    : "expected a Cadenza checkpoint, but the zip has no manifest.json (entries: " + entries.keySet() + ")", null);
        Map<String, Object> manifest;
        try {
            manifest = JSON.std.mapFrom(new String(manifestBytes, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(file, "manifest.json", null, "expected a JSON object: " + e.getMessage(), e);
        }
        String field = "format";
        try {
            if (!FORMAT.equals(manifest.get("format")))
                throw new IllegalArgumentException("expected \"" + FORMAT + "\", found " + manifest.get("format"));
            field = "formatVersion";
            long version = SpecCodec.longValue(manifest, "formatVersion");
            if (version > FORMAT_VERSION || version < 1)
                throw new IllegalArgumentException("version " + version + " is not one this Cadenza reads (1.." + FORMAT_VERSION
                        + "); a newer Cadenza wrote it");
            field = "spec";
            ModelSpec spec = SpecCodec.spec(SpecCodec.map(manifest.get("spec"), "spec"));
            field = "tensors";
            Weights weights = Weights.of(spec, readTensors(manifest.get("tensors"), entries, "tensors", file));
            TokenizerState tokenizer = null;
            if (manifest.get("tokenizer") != null) {
                field = "tokenizer";
                Map<String, Object> t = SpecCodec.map(manifest.get("tokenizer"), "tokenizer");
                Map<String, Object> v = SpecCodec.map(t.get("vocabulary"), "tokenizer.vocabulary");
                Map<String, String> config = new LinkedHashMap<>();
                SpecCodec.map(t.get("config"), "tokenizer.config").forEach((k, val) -> config.put(k, String.valueOf(val)));
                tokenizer = new TokenizerState(SpecCodec.str(t, "name"), config,
                        new Vocabulary(strings(v.get("tokens")), strings(v.get("specials"))));
            }
            TrainingConfig config = null;
            OptimizerState optimizer = null;
            if (manifest.get("training") != null) {
                field = "training";
                Map<String, Object> tr = SpecCodec.map(manifest.get("training"), "training");
                if (tr.get("config") != null) config = SpecCodec.trainingConfig(SpecCodec.map(tr.get("config"), "training.config"));
                if (tr.get("step") != null) {
                    long[] random = null;
                    if (tr.get("randomState") instanceof List<?> r) random = r.stream().mapToLong(x -> ((Number) x).longValue()).toArray();
                    optimizer = new OptimizerState(SpecCodec.longValue(tr, "step"), readTensors(tr.get("slots"), entries, "training.slots", file), random);
                }
            }
            field = "metadata";
            Map<String, String> metadata = new LinkedHashMap<>();
            if (manifest.get("metadata") != null)
                SpecCodec.map(manifest.get("metadata"), "metadata").forEach((k, val) -> metadata.put(k, String.valueOf(val)));
            field = null;
            return new Checkpoint(spec, weights, tokenizer, config, optimizer, metadata);
        } catch (CheckpointException e) {
            throw e;
        } catch (IllegalArgumentException | ClassCastException | ArithmeticException | NullPointerException e) {
            throw new CheckpointException(file, "manifest.json", field, e.getMessage(), e);
        }
    }

    /** Every zip entry's bytes; a cut or corrupt zip names the entry being read. */
    private static Map<String, byte[]> entries(InputStream stream, Path file) throws CheckpointException {
        Map<String, byte[]> entries = new HashMap<>();
        ZipInputStream zip = new ZipInputStream(stream);
        String current = null;
        try {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                current = e.getName();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                byte[] buf = new byte[1 << 16];
                long total = 0;
                for (int n; (n = zip.read(buf)) > 0; ) {
                    total += n;
                    if (total > MAX_TENSOR_BYTES)
                        throw new CheckpointException(file, current, null, "expected an entry of at most 2 GiB, found more", null);
                    bytes.write(buf, 0, n);
                }
                entries.put(current, bytes.toByteArray());
                current = null;
            }
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException(file, current, null, "expected a complete zip file, but "
                    + (e instanceof java.io.EOFException ? "it ends early (the file is truncated)" : "it is corrupt (" + e.getMessage() + ")"), e);
        }
        return entries;
    }

    private static List<String> strings(Object o) {
        if (o == null) return List.of();
        List<String> out = new ArrayList<>();
        for (Object x : (List<?>) o) out.add((String) x);
        return out;
    }

    private static List<Tensor> readTensors(Object list, Map<String, byte[]> entries, String where, Path checkpoint) throws CheckpointException {
        List<Tensor> out = new ArrayList<>();
        if (list == null) return out;
        if (!(list instanceof List<?> items)) throw new IllegalArgumentException(where + ": expected a list of tensors, found " + list);
        for (int i = 0; i < items.size(); i++) {
            String field = where + "[" + i + "]";
            Map<String, Object> e = SpecCodec.map(items.get(i), field);
            String name = SpecCodec.str(e, "name");
            if (!"float32".equals(e.get("dtype"))) throw new IllegalArgumentException(field + " (" + name + "): dtype must be float32, is " + e.get("dtype"));
            if (!(e.get("shape") instanceof List<?> dims)) throw new IllegalArgumentException(field + " (" + name + "): missing shape");
            int[] shape = dims.stream().mapToInt(x -> ((Number) x).intValue()).toArray();
            long n = 1;
            for (int d : shape) {
                if (d < 0) throw new IllegalArgumentException(field + " (" + name + "): negative dimension in " + Arrays.toString(shape));
                n *= d;
            }
            String file = SpecCodec.str(e, "file");
            byte[] bytes = entries.get(file);
            if (bytes == null)
                throw new CheckpointException(checkpoint, file, field, "expected the float32 data of tensor " + name + ", but the zip has no such entry", null);
            if (bytes.length != n * 4)
                throw new CheckpointException(checkpoint, file, field, "expected " + n * 4 + " bytes for shape " + Arrays.toString(shape)
                        + " of tensor " + name + ", found " + bytes.length, null);
            float[] data = new float[(int) n];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            out.add(new Tensor(name, shape, data));
        }
        return out;
    }
}
