package dev.cadenza.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Opens the upstream bytes of a corpus file: over HTTPS by default, or from a local mirror (tests, offline copies). */
@FunctionalInterface
public interface CorpusFetcher {
    /**
     * The upstream bytes of {@code file}; the caller reads them (checking their size and SHA-256) and closes the
     * stream.
     *
     * @param file the manifest entry
     * @return a new stream of the file's bytes
     * @throws IOException when the file cannot be reached (no network, HTTP error, missing from a mirror)
     */
    InputStream open(CorpusFile file) throws IOException;

    /** Downloads {@link CorpusFile#url()} with a plain HTTP client (redirects followed, 30 s to connect, 5 min per file). */
    /**
     * The network fetcher.
     *
     * @return a fetcher sharing one HTTP client
     */
    static CorpusFetcher https() {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        return file -> {
            HttpRequest request = HttpRequest.newBuilder(file.url()).timeout(Duration.ofMinutes(5)).GET().build();
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    response.body().close();
                    throw new IOException("HTTP " + response.statusCode() + " for " + file.url());
                }
                return response.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + file.url(), e);
            }
        };
    }

    /**
     * A folder laid out like {@code shared/data} (files at their {@link CorpusFile#localPath()}, archives at their
     * local name) used as the source instead of the network.
     *
     * @param folder the mirror's folder
     * @return a fetcher reading from it
     */
    static CorpusFetcher mirror(Path folder) {
        return file -> {
            Path p = folder.resolve(file.localPath());
            if (!Files.isRegularFile(p)) throw new IOException("the mirror " + folder + " has no " + file.localPath());
            return Files.newInputStream(p);
        };
    }
}
