package dev.cadenza.examples;

import dev.cadenza.Cadenza;
import dev.cadenza.spi.Backend;
import picocli.CommandLine.Option;

/** The {@code --backend} option every command that runs a model shares. */
public final class BackendOption {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "pure, djl or dl4j (default: -Dcadenza.backend, $CADENZA_BACKEND, else the best available).")
    String name;

    /** The engine named on the command line, else Cadenza's usual choice. */
    Backend open(Cadenza cadenza) {
        return name == null ? cadenza.backend() : cadenza.backend(name);
    }
}
