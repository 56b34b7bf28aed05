package dev.cadenza.testkit;

import dev.cadenza.corpus.Corpus;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real corpora for the tests that need them, found by the one rule of {@link Corpus#resolve()} (the system
 * property {@code cadenza.data}, then {@code $CADENZA_DATA}, then {@code ../shared/data}, then the checked cache) and
 * never fetched from a test. A missing corpus skips the test with a message that names it and says how to get it;
 * on CI ({@code CI=true}) with a corpus folder configured, a missing corpus fails instead, so that CI never passes by
 * skipping what it was given the data to run.
 * <p>
 * The parent pom sets {@code cadenza.data} to {@code ../shared/data} when the checkout has one beside it.
 */
public final class RealCorpus {
    private RealCorpus() {}

    /**
     * The corpus folder holding {@code corpus} (e.g. {@link Corpus#JSB_CHORALES}), or the test is skipped.
     *
     * @param corpus a corpus name
     * @return the corpora, by {@link Corpus#resolve()}
     */
    public static Corpus require(String corpus) {
        Corpus resolved = Corpus.resolve();
        if (resolved.has(corpus)) return resolved;
        String message = "this test needs the real corpus '" + corpus + "', which is not in " + resolved.root().toAbsolutePath()
                + ". Give a folder laid out like shared/data with -Dcadenza.data=DIR, or fetch the corpus once with "
                + "`cadenza corpus fetch " + corpus + "` (checked against its SHA-256, into " + Corpus.defaultCache() + ")";
        if (onCiWithData()) Assertions.fail("CI=true and a corpus folder is configured, so a missing corpus is a failure: " + message);
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    private static boolean onCiWithData() {
        if (!"true".equalsIgnoreCase(System.getenv("CI"))) return false;
        String property = System.getProperty(Corpus.DATA_PROPERTY);
        String environment = System.getenv(Corpus.DATA_ENVIRONMENT);
        return (property != null && !property.isBlank()) || (environment != null && !environment.isBlank());
    }
}
