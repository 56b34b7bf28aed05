package dev.cadenza;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code META-INF/cadenza/pretrained.json} indexes of the class path into {@link PretrainedModel}s. */
final class PretrainedIndex {
    static final String RESOURCE = "META-INF/cadenza/pretrained.json";

    private PretrainedIndex() {}

    static List<PretrainedModel> read(ClassLoader loader) throws IOException {
        List<PretrainedModel> models = new ArrayList<>();
        for (URL url : Collections.list(loader.getResources(RESOURCE))) {
            Map<String, Object> index;
            try (InputStream in = url.openStream()) {
                index = JSON.std.mapFrom(in);
            }
            if (!(index.get("models") instanceof List<?> list)) throw new IOException(url + ": expected {\"models\": [...]}");
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> m)) throw new IOException(url + ": a model entry is not an object: " + o);
                Map<String, Double> metrics = new LinkedHashMap<>();
                if (m.get("metrics") instanceof Map<?, ?> mm) mm.forEach((k, v) -> metrics.put(String.valueOf(k), ((Number) v).doubleValue()));
                models.add(new PretrainedModel(text(m, "name", url), text(m, "description", url), text(m, "recipe", url),
                        text(m, "command", url), text(m, "corpus", url), text(m, "corpusSha256", url), text(m, "licence", url), metrics,
                        text(m, "resource", url)));
            }
        }
        models.sort(Comparator.comparing(PretrainedModel::name));
        return models;
    }

    private static String text(Map<?, ?> m, String key, URL url) throws IOException {
        if (!(m.get(key) instanceof String s)) throw new IOException(url + ": model entry " + m.get("name") + " has no text field '" + key + "'");
        return s;
    }
}
