package dev.cadenza.spark;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.cadenza.checkpoint.SpecCodec;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.TrainingConfig;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Model specs and training configurations as the JSON of the checkpoint manifest, which is how they travel to
 * executors: Cadenza's values are not Java-serializable on purpose (the checkpoint format is the one portable form).
 */
final class ModelJson {
    private ModelJson() {}

    static String spec(ModelSpec spec) {
        return write(SpecCodec.toMap(spec));
    }

    static ModelSpec spec(String json) {
        return SpecCodec.spec(read(json));
    }

    static String config(TrainingConfig config) {
        return write(SpecCodec.toMap(config));
    }

    static TrainingConfig config(String json) {
        return SpecCodec.trainingConfig(read(json));
    }

    private static String write(Object value) {
        try {
            return JSON.std.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.Map<String, Object> read(String json) {
        try {
            return JSON.std.mapFrom(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not the JSON of a model spec or training configuration: " + e.getMessage(), e);
        }
    }
}
