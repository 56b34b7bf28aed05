package dev.cadenza.bench;

import java.util.List;

/**
 * One reference configuration of issue 3: an embedding, one LSTM and a per-step Dense head, trained on batches of
 * random token ids (the same table as {@code ../shared/bench/lstm_torch.py}).
 */
record BenchConfig(String name, int vocab, int embedding, int units, int batch, int steps) {
    /** About this machine's practical single-precision GEMM ceiling (OpenBLAS SGEMM, AVX-512, 2 threads). */
    static final double PEAK_GFLOPS = 420;

    static final List<BenchConfig> ALL = List.of(
            new BenchConfig("small", 83, 64, 256, 32, 100),
            new BenchConfig("chorale", 47, 5, 256, 32, 128),
            new BenchConfig("mit", 83, 256, 1024, 32, 100));

    static BenchConfig named(String name) {
        for (BenchConfig c : ALL) if (c.name.equals(name)) return c;
        throw new IllegalArgumentException("unknown configuration '" + name + "': expected one of small, chorale, mit");
    }

    /** Forward FLOPs per token: F = 2 (4H (E + H) + H V). Training is counted as 3F (forward + two backward products). */
    double forwardFlopsPerToken() {
        return 2.0 * (4.0 * units * (embedding + units) + (double) units * vocab);
    }
}
