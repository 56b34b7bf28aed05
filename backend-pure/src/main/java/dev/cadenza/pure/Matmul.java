package dev.cadenza.pure;

import dev.cadenza.pure.simd.Kernels;
import dev.cadenza.pure.simd.ScalarKernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The GEMM entry point of the layers. Kernels that split large products between threads themselves (the Vector API
 * ones) get every product whole; for the single-threaded {@link ScalarKernels} this class splits the rows of C of a
 * large product between threads. Either way every element of C is computed by exactly one thread with the same
 * operation order whatever the split, so results are bit-identical for any thread count.
 */
final class Matmul {
    /** Threads used for large products; {@code -Dcadenza.pure.threads=N} overrides the core count. */
    static final int THREADS = Math.max(1, Integer.getInteger("cadenza.pure.threads", Runtime.getRuntime().availableProcessors()));
    /** Below this many multiply-adds a product runs on the calling thread: forking costs more than it saves. */
    private static final long PARALLEL_WORK = 1L << 18;

    /** Created on first use: with kernels that split products themselves the pool is never started. */
    private static final class Workers {
        static final ForkJoinPool POOL = new ForkJoinPool(THREADS, pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setDaemon(true);
            t.setName("cadenza-pure-" + t.getPoolIndex());
            return t;
        }, null, false);
    }

    private final Kernels kernels;
    private final boolean split;

    Matmul(Kernels kernels) {
        this.kernels = kernels;
        this.split = kernels instanceof ScalarKernels;
    }

    Kernels kernels() {
        return kernels;
    }

    /** As {@link Kernels#gemm}, with the rows of C split between threads when the product is large. */
    void gemm(int m, int n, int k, float[] a, int aOff, int lda, boolean transA, float[] b, int bOff, int ldb,
              boolean transB, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) return;
        int parts = !split || THREADS == 1 || (long) m * n * k < PARALLEL_WORK ? 1 : Math.min(THREADS, m);
        if (parts == 1) {
            kernels.gemm(m, n, k, a, aOff, lda, transA, b, bOff, ldb, transB, c, cOff, ldc, accumulate);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int r0 = (int) ((long) m * p / parts), r1 = (int) ((long) m * (p + 1) / parts);
            tasks[p - 1] = Workers.POOL.submit(() -> block(r0, r1, n, k, a, aOff, lda, transA, b, bOff, ldb, transB, c, cOff, ldc, accumulate));
        }
        block(0, (int) ((long) m / parts), n, k, a, aOff, lda, transA, b, bOff, ldb, transB, c, cOff, ldc, accumulate);
        for (ForkJoinTask<?> t : tasks) t.join();
    }

    private void block(int r0, int r1, int n, int k, float[] a, int aOff, int lda, boolean transA, float[] b, int bOff,
                       int ldb, boolean transB, float[] c, int cOff, int ldc, boolean accumulate) {
        int aStart = transA ? aOff + r0 : aOff + r0 * lda;
        kernels.gemm(r1 - r0, n, k, a, aStart, lda, transA, b, bOff, ldb, transB, c, cOff + r0 * ldc, ldc, accumulate);
    }
}
