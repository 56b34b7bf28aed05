package dev.cadenza.examples;

import dev.cadenza.corpus.Corpus;
import dev.cadenza.corpus.CorpusFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Lists, fetches and checks the recipe corpora. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = {"The recipe corpora: where they are, and fetching them from their public sources (pinned to a commit, checked",
                "against their SHA-256) into Cadenza's cache. Examples: cadenza corpus list; cadenza corpus fetch jsb-chorales;",
                "cadenza corpus verify irish"})
public final class CorpusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTION", description = "list, fetch or verify")
    String action;

    @Parameters(index = "1..*", paramLabel = "NAME", description = "Corpus names for fetch and verify (default: all).")
    List<String> names;

    @Option(names = "--data", paramLabel = "DIR", description = "The corpus folder (default: the same resolution as the recipes).")
    Path data;

    @Override
    public Integer call() throws Exception {
        Corpus corpus = data != null ? Corpus.builder().root(data).fetcher(dev.cadenza.corpus.CorpusFetcher.https()).build()
                : "fetch".equals(action) ? Corpus.cached() : Corpus.resolve();
        List<String> chosen = names == null || names.isEmpty() ? corpus.corpora() : names;
        for (String n : chosen)
            if (!corpus.corpora().contains(n))
                throw new IllegalArgumentException("unknown corpus '" + n + "'; corpora: " + String.join(", ", corpus.corpora()));
        switch (action) {
            case "list" -> {
                System.out.println("corpus folder " + corpus.root().toAbsolutePath() + (corpus.fetches() ? " (fetches what is missing)" : ""));
                for (String n : chosen) {
                    List<CorpusFile> files = corpus.files(n);
                    long bytes = files.stream().mapToLong(CorpusFile::bytes).sum();
                    System.out.printf(Locale.ROOT, "  %-12s %-7s %3d file%s, %,d bytes, from %s%n", n, corpus.has(n) ? "present" : "missing",
                            files.size(), files.size() == 1 ? " " : "s", bytes, files.get(0).repository());
                }
            }
            case "fetch" -> {
                for (String n : chosen) {
                    corpus.ensure(n);
                    corpus.verify(n);
                    System.out.println(n + ": present in " + corpus.root().toAbsolutePath() + ", SHA-256 checked");
                }
            }
            case "verify" -> {
                for (String n : chosen) {
                    corpus.verify(n);
                    System.out.println(n + ": every file matches its SHA-256");
                }
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "': use list, fetch or verify");
        }
        return 0;
    }
}
