package dev.cadenza;

import java.util.Map;

/**
 * A model trained by one of Cadenza's recipes and shipped in a jar (the {@code cadenza-models} artifact), found on the
 * class path by name through {@link Cadenza#pretrained(String)}: what it is, how it was trained, on which data and
 * under which licence, and how well it does. Listed in {@code META-INF/cadenza/pretrained.json} resources.
 *
 * @param name the name to load it by, e.g. "bach-chorales"
 * @param description one sentence on what it generates
 * @param recipe the recipe that trained it (its checkpoint metadata says the same)
 * @param command the exact command that trained it
 * @param corpus the corpus it was trained on, with its source
 * @param corpusSha256 the SHA-256 of the corpus file (or archive) it was trained on
 * @param licence the licence of the corpus, which the weights inherit
 * @param metrics the measured results (test loss, accuracy...) of the shipped weights
 * @param resource the checkpoint's class-path resource
 */
public record PretrainedModel(String name, String description, String recipe, String command, String corpus, String corpusSha256,
                              String licence, Map<String, Double> metrics, String resource) {
    /**
     * Copies the metrics, so the record is immutable.
     *
     * @param name the name to load it by
     * @param description one sentence on what it generates
     * @param recipe the recipe that trained it
     * @param command the exact command that trained it
     * @param corpus the corpus it was trained on
     * @param corpusSha256 the SHA-256 of the corpus file, lowercase hex
     * @param licence the licence of the corpus
     * @param metrics the measured results by name; copied, not null
     * @param resource the checkpoint's class-path resource
     */
    public PretrainedModel {
        metrics = Map.copyOf(metrics);
    }
}
