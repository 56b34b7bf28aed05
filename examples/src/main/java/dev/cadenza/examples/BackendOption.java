package dev.cadenza.examples;

import dev.cadenza.Cadenza;
import dev.cadenza.Backend;
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

    /**
     * For generation: the engine named on the command line, else the fastest one present for step-by-step
     * generation, which is the pure-Java engine (a batch-1 step costs DJL and DL4J dozens of native calls; measured
     * several times slower), else Cadenza's usual choice. Says which it chose.
     */
    Backend openForGeneration(Cadenza cadenza) {
        Backend b;
        String why;
        if (name != null) {
            b = cadenza.backend(name);
            why = "named with --backend";
        } else if (cadenza.backendProviders().containsKey("pure") && cadenza.backendProviders().get("pure").availability().available()) {
            b = cadenza.backend("pure");
            why = "the fastest engine present for step-by-step generation; --backend chooses another";
        } else {
            b = cadenza.backend();
            why = "Cadenza's default choice";
        }
        System.out.println("generating on backend " + b.name() + " (" + why + ")");
        return b;
    }
}
