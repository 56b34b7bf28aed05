package dev.cadenza.pure.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Vector API: a 4 x 3-vector register-blocked SGEMM with FMA over packed panels of B (A packed in
 * blocks where a block is reused across several panels), polynomial exp/sigmoid/tanh ({@link VectorMath}), vector
 * dot/axpy, the batched LSTM cell and the fused batch-1 LSTM step ({@link VectorLstmStep}). Large products are split
 * between the threads of a {@link WorkerPool} by column panels or by row blocks; every element of C is computed by
 * one thread with the same sequence of operations whatever the split, so results are bit-identical for any thread
 * count and any timing. Products under about a million multiply-adds stay on the calling thread.
 * <p>
 * Loaded only through {@link Kernels#best()} when {@code jdk.incubator.vector} is present; {@link ScalarKernels} is
 * its oracle in the tests.
 */
public final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = VectorMath.S;
    private static final int L = S.length();
    /** Columns per packed panel of B: three vectors (48 floats with AVX-512). */
    static final int NR = 3 * L;
    /**
     * Rows per register tile: 4 x 3 accumulators. An 8-row tile fits the registers too and is no faster here, but
     * its method is so large that C2 (Java 17, tiered) stops inlining the last FMAs and boxes their vectors, which
     * makes it five times slower.
     */
    private static final int MR = 4;
    /** Inner-dimension block: a KC x NR slice of B stays in L1/L2 while the row tiles stream past it. */
    private static final int KC = 256;
    /** Rows of A packed at once (an MC x KC block stays in L2 across all panels of the part). */
    private static final int MC = 64;
    /** Below this many multiply-adds a product runs on one thread: waking a worker costs more than it saves. */
    private static final long PARALLEL_WORK = 1L << 20;
    /** Below this many rows the product is computed row by row without packing (matrix-vector like shapes). */
    private static final int THIN_ROWS = 4;
    private static final int PARTS_PER_THREAD = 3;
    /** Elements of an LSTM cell pass under which it stays on the calling thread. */
    private static final long CELL_PARALLEL = 4096;

    private static final ThreadLocal<float[]> A_PACK = ThreadLocal.withInitial(() -> new float[MC * KC]);
    private static final ThreadLocal<float[]> ACC = ThreadLocal.withInitial(() -> new float[MR * NR]);
    private static final ThreadLocal<PackedMatrix[]> B_PACK = ThreadLocal.withInitial(() -> new PackedMatrix[1]);

    private final WorkerPool pool;

    /** Kernels that use the shared pool ({@code -Dcadenza.pure.threads}, default: all cores). */
    public VectorKernels() {
        this(WorkerPool.SHARED);
    }

    VectorKernels(WorkerPool pool) {
        this.pool = pool;
    }

    /**
     * Threads a large product is split between.
     *
     * @return the worker pool's size
     */
    public int threads() {
        return pool.size();
    }

    WorkerPool pool() {
        return pool;
    }

    /**
     * Parts to split {@code units} independent pieces of work into: a few per thread, so that a thread the machine
     * descheduled holds up only a small part (the parts are claimed dynamically).
     */
    private int parts(int units) {
        return Math.max(1, Math.min(units, PARTS_PER_THREAD * pool.size()));
    }

    // ---------------------------------------------------------------- GEMM

    @Override
    public void gemm(int m, int n, int k, float[] a, int aOff, int lda, boolean transA, float[] b, int bOff, int ldb,
                     boolean transB, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m <= 0 || n <= 0) return;
        if (k <= 0) {
            clear(m, n, c, cOff, ldc, accumulate);
            return;
        }
        if (m < THIN_ROWS) {
            thin(m, n, k, a, aOff, lda, transA, b, bOff, ldb, transB, c, cOff, ldc, accumulate);
            return;
        }
        PackedMatrix[] holder = B_PACK.get();
        PackedMatrix bp = PackedMatrix.allocate(k, n, NR, L, holder[0]);
        holder[0] = bp;
        multiply(m, a, aOff, lda, transA, bp, b, bOff, ldb, transB, c, cOff, ldc, accumulate);
    }

    @Override
    public PackedMatrix pack(int k, int n, float[] b, int bOff, int ldb, boolean transB, PackedMatrix reuse) {
        PackedMatrix bp = PackedMatrix.allocate(k, n, NR, L, reuse);
        int panels = bp.panels();
        long size = (long) k * n;
        int parts = size < PARALLEL_WORK / 8 ? 1 : Math.max(1, parts(panels));
        pool.run(parts, part -> PackedMatrix.fill(bp, panels * part / parts, panels * (part + 1) / parts, b, bOff, ldb, transB));
        return bp;
    }

    @Override
    public void gemm(int m, float[] a, int aOff, int lda, boolean transA, PackedMatrix b, float[] c, int cOff, int ldc,
                     boolean accumulate) {
        int n = b.columns, k = b.rows;
        if (m <= 0 || n <= 0) return;
        if (k <= 0) {
            clear(m, n, c, cOff, ldc, accumulate);
            return;
        }
        if (b.panelWidth != NR || b.lane != L) {
            ScalarKernels.gemmAnyLayout(m, a, aOff, lda, transA, b, c, cOff, ldc, accumulate);
            return;
        }
        multiply(m, a, aOff, lda, transA, b, null, 0, 0, false, c, cOff, ldc, accumulate);
    }

    private static void clear(int m, int n, float[] c, int cOff, int ldc, boolean accumulate) {
        if (accumulate) return;
        for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
    }

    /**
     * C = op(A) * B over packed panels. When {@code src} is given, B is packed from it here: by each thread for its
     * own panels when threads split the panels, before the split when they split the rows.
     */
    private void multiply(int m, float[] a, int aOff, int lda, boolean transA, PackedMatrix bp, float[] src, int bOff,
                          int ldb, boolean transB, float[] c, int cOff, int ldc, boolean accumulate) {
        int n = bp.columns, k = bp.rows;
        int panels = bp.panels();
        long work = (long) m * n * k;
        int threads = work < PARALLEL_WORK ? 1 : pool.size();
        int rowBlocks = (m + MR - 1) / MR;
        if (threads == 1) {
            if (src != null) PackedMatrix.fill(bp, 0, panels, src, bOff, ldb, transB);
            compute(0, m, 0, panels, a, aOff, lda, transA, bp, c, cOff, ldc, accumulate);
        } else if (panels >= 2 * threads || rowBlocks < 2 * threads) {
            int parts = parts(panels);
            pool.run(parts, part -> {
                int q0 = panels * part / parts, q1 = panels * (part + 1) / parts;
                if (src != null) PackedMatrix.fill(bp, q0, q1, src, bOff, ldb, transB);
                compute(0, m, q0, q1, a, aOff, lda, transA, bp, c, cOff, ldc, accumulate);
            });
        } else {
            if (src != null) PackedMatrix.fill(bp, 0, panels, src, bOff, ldb, transB);
            int parts = parts(rowBlocks);
            pool.run(parts, part -> {
                int r0 = Math.min(m, MR * (rowBlocks * part / parts)), r1 = Math.min(m, MR * (rowBlocks * (part + 1) / parts));
                compute(r0, r1, 0, panels, a, aOff, lda, transA, bp, c, cOff, ldc, accumulate);
            });
        }
    }

    /** Rows [r0, r1) times panels [q0, q1): the single-threaded blocked product. */
    private static void compute(int r0, int r1, int q0, int q1, float[] a, int aOff, int lda, boolean transA,
                                PackedMatrix bp, float[] c, int cOff, int ldc, boolean accumulate) {
        int n = bp.columns, k = bp.rows;
        // Packing A pays when each packed block is reused over several panels; for narrow products (the input
        // gradient of a small embedding, the output layer) the tiles read A where it lies.
        boolean packed = q1 - q0 > 2;
        float[] ap = packed ? A_PACK.get() : null;
        float[] acc = ACC.get();
        float[] bd = bp.data;
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            boolean add = accumulate || p0 > 0;
            for (int i0 = r0; i0 < r1; i0 += MC) {
                int mc = Math.min(MC, r1 - i0);
                if (packed) packA(a, aOff, lda, transA, i0, mc, p0, kc, ap);
                for (int q = q0; q < q1; q++) {
                    int j0 = q * NR;
                    int w = bp.width(q);
                    int cols = Math.min(w, n - j0);
                    int bBase = j0 * k + p0 * w;
                    for (int s = 0; s < mc; s += MR) {
                        int rows = Math.min(MR, mc - s);
                        float[] as;
                        int aBase, ps, rs;
                        if (packed) {
                            as = ap;
                            aBase = s * kc;
                            ps = MR;
                            rs = 1;
                        } else if (transA) {
                            as = a;
                            aBase = aOff + p0 * lda + i0 + s;
                            ps = lda;
                            rs = 1;
                        } else {
                            as = a;
                            aBase = aOff + (i0 + s) * lda + p0;
                            ps = 1;
                            rs = lda;
                        }
                        int o1 = Math.min(1, rows - 1) * rs, o2 = Math.min(2, rows - 1) * rs, o3 = Math.min(3, rows - 1) * rs;
                        // The register tile only accumulates; writing C is a separate small method, so that C2
                        // inlines every Vector API call of the tile's loop (those it leaves out box their vectors).
                        if (w == NR) tile3(kc, as, aBase, ps, o1, o2, o3, bd, bBase, acc);
                        else if (w == 2 * L) tile2(kc, as, aBase, ps, o1, o2, o3, bd, bBase, acc);
                        else tile1(kc, as, aBase, ps, o1, o2, o3, bd, bBase, acc);
                        flush(acc, w, c, cOff + (i0 + s) * ldc + j0, ldc, rows, cols, add);
                    }
                }
            }
        }
    }

    /** Packs op(A) rows [i0, i0 + mc), columns [p0, p0 + kc) as MR-row strips, p-major; missing rows are zero. */
    private static void packA(float[] a, int aOff, int lda, boolean transA, int i0, int mc, int p0, int kc, float[] ap) {
        for (int s = 0; s < mc; s += MR) {
            int base = s * kc;
            int rows = Math.min(MR, mc - s);
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + s;
                    int dst = base + p * MR;
                    System.arraycopy(a, src, ap, dst, rows);
                    for (int r = rows; r < MR; r++) ap[dst + r] = 0f;
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    if (r < rows) {
                        int src = aOff + (i0 + s + r) * lda + p0;
                        for (int p = 0; p < kc; p++) ap[base + p * MR + r] = a[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) ap[base + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    // The register tiles: 4 rows of op(A) times a 3-, 2- or 1-vector panel of B over kc steps of the inner dimension.
    // Row r of A at step p is a[aBase + p * ps + o_r] (o_0 = 0), which covers packed A (ps = MR, o_r = r), A stored
    // row-major (ps = 1, o_r = r lda) and transposed (ps = lda, o_r = r); a missing row repeats a valid one, and
    // flush() drops it.

    private static void tile3(int kc, float[] a, int aBase, int ps, int o1, int o2, int o3, float[] bp, int bBase,
                              float[] acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bBase + p * (3 * L);
            int ai = aBase + p * ps;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01); c02 = b2.fma(x0, c02);
            FloatVector x1 = FloatVector.broadcast(S, a[ai + o1]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11); c12 = b2.fma(x1, c12);
            FloatVector x2 = FloatVector.broadcast(S, a[ai + o2]);
            c20 = b0.fma(x2, c20); c21 = b1.fma(x2, c21); c22 = b2.fma(x2, c22);
            FloatVector x3 = FloatVector.broadcast(S, a[ai + o3]);
            c30 = b0.fma(x3, c30); c31 = b1.fma(x3, c31); c32 = b2.fma(x3, c32);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c02.intoArray(acc, 2 * L);
        c10.intoArray(acc, 3 * L);
        c11.intoArray(acc, 4 * L);
        c12.intoArray(acc, 5 * L);
        c20.intoArray(acc, 6 * L);
        c21.intoArray(acc, 7 * L);
        c22.intoArray(acc, 8 * L);
        c30.intoArray(acc, 9 * L);
        c31.intoArray(acc, 10 * L);
        c32.intoArray(acc, 11 * L);
    }

    private static void tile2(int kc, float[] a, int aBase, int ps, int o1, int o2, int o3, float[] bp, int bBase,
                              float[] acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bBase + p * (2 * L);
            int ai = aBase + p * ps;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x0 = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00); c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[ai + o1]);
            c10 = b0.fma(x1, c10); c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[ai + o2]);
            c20 = b0.fma(x2, c20); c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[ai + o3]);
            c30 = b0.fma(x3, c30); c31 = b1.fma(x3, c31);
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c10.intoArray(acc, 2 * L);
        c11.intoArray(acc, 3 * L);
        c20.intoArray(acc, 4 * L);
        c21.intoArray(acc, 5 * L);
        c30.intoArray(acc, 6 * L);
        c31.intoArray(acc, 7 * L);
    }

    private static void tile1(int kc, float[] a, int aBase, int ps, int o1, int o2, int o3, float[] bp, int bBase,
                              float[] acc) {
        FloatVector c00 = FloatVector.zero(S), c10 = FloatVector.zero(S), c20 = FloatVector.zero(S), c30 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bBase + p * (L);
            int ai = aBase + p * ps;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector x0 = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(x0, c00);
            FloatVector x1 = FloatVector.broadcast(S, a[ai + o1]);
            c10 = b0.fma(x1, c10);
            FloatVector x2 = FloatVector.broadcast(S, a[ai + o2]);
            c20 = b0.fma(x2, c20);
            FloatVector x3 = FloatVector.broadcast(S, a[ai + o3]);
            c30 = b0.fma(x3, c30);
        }
        c00.intoArray(acc, 0);
        c10.intoArray(acc, L);
        c20.intoArray(acc, 2 * L);
        c30.intoArray(acc, 3 * L);
    }

    /**
     * Adds (or writes) the tile's accumulators, {@code acc[r * width + j]}, to C: rows and columns beyond the matrix
     * are dropped, and a partial vector goes element by element (masked stores are slow fallbacks on Java 17).
     */
    private static void flush(float[] acc, int width, float[] c, int cBase, int ldc, int rows, int cols, boolean add) {
        for (int r = 0; r < rows; r++) {
            int ci = cBase + r * ldc, ai = r * width;
            int j = 0;
            for (; j + L <= cols; j += L) {
                FloatVector v = FloatVector.fromArray(S, acc, ai + j);
                if (add) v = FloatVector.fromArray(S, c, ci + j).add(v);
                v.intoArray(c, ci + j);
            }
            for (; j < cols; j++) c[ci + j] = add ? c[ci + j] + acc[ai + j] : acc[ai + j];
        }
    }

    /** Writes the first {@code valid} lanes of v to c[i...], added to what is there when {@code add}. */
    private static void store(float[] c, int i, int valid, boolean add, FloatVector v) {
        if (valid >= L) {
            if (add) v = FloatVector.fromArray(S, c, i).add(v);
            v.intoArray(c, i);
        } else if (valid > 0) {
            // a partial vector goes through a copy: masked stores are not intrinsics on Java 17 (slow fallback)
            float[] t = new float[L];
            v.intoArray(t, 0);
            if (add) for (int j = 0; j < valid; j++) c[i + j] += t[j];
            else System.arraycopy(t, 0, c, i, valid);
        }
    }

    /**
     * Products with fewer than {@link #THIN_ROWS} rows (matrix-vector like): no packing, which would cost as much as
     * the product. Columns are split between threads in whole vectors when the product is large.
     */
    private void thin(int m, int n, int k, float[] a, int aOff, int lda, boolean transA, float[] b, int bOff, int ldb,
                      boolean transB, float[] c, int cOff, int ldc, boolean accumulate) {
        long work = (long) m * n * k;
        int chunks = (n + 4 * L - 1) / (4 * L);
        int parts = work < PARALLEL_WORK ? 1 : parts(chunks);
        pool.run(parts, part -> {
            int j0 = Math.min(n, 4 * L * (chunks * part / parts)), j1 = Math.min(n, 4 * L * (chunks * (part + 1) / parts));
            for (int i = 0; i < m; i++) {
                int ai = transA ? aOff + i : aOff + i * lda;
                int as = transA ? lda : 1;
                int ci = cOff + i * ldc;
                if (transB) thinDots(k, a, ai, as, b, bOff, ldb, j0, j1, c, ci, accumulate);
                else thinRow(k, a, ai, as, b, bOff, ldb, j0, j1, c, ci, accumulate);
            }
        });
    }

    /** c[j] (+)= sum_p a[p] B[p, j] for j in [j0, j1), four vectors of columns at a time held in registers. */
    private static void thinRow(int k, float[] a, int ai, int as, float[] b, int bOff, int ldb, int j0, int j1,
                                float[] c, int ci, boolean add) {
        int j = j0;
        for (; j + 4 * L <= j1; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < k; p++) {
                FloatVector x = FloatVector.broadcast(S, a[ai + p * as]);
                int bi = bOff + p * ldb + j;
                s0 = FloatVector.fromArray(S, b, bi).fma(x, s0);
                s1 = FloatVector.fromArray(S, b, bi + L).fma(x, s1);
                s2 = FloatVector.fromArray(S, b, bi + 2 * L).fma(x, s2);
                s3 = FloatVector.fromArray(S, b, bi + 3 * L).fma(x, s3);
            }
            store(c, ci + j, L, add, s0);
            store(c, ci + j + L, L, add, s1);
            store(c, ci + j + 2 * L, L, add, s2);
            store(c, ci + j + 3 * L, L, add, s3);
        }
        // Fewer than four vectors of columns left: whole vectors while the loads stay inside the array (lanes past
        // j1 read neighbouring values that are discarded), then one column at a time.
        for (; j < j1 && bOff + (k - 1) * ldb + j + L <= b.length; j += L) {
            FloatVector s0 = FloatVector.zero(S);
            for (int p = 0; p < k; p++)
                s0 = FloatVector.fromArray(S, b, bOff + p * ldb + j).fma(FloatVector.broadcast(S, a[ai + p * as]), s0);
            store(c, ci + j, Math.min(L, j1 - j), add, s0);
        }
        for (; j < j1; j++) {
            float sum = 0f;
            for (int p = 0; p < k; p++) sum = Math.fma(a[ai + p * as], b[bOff + p * ldb + j], sum);
            c[ci + j] = add ? c[ci + j] + sum : sum;
        }
    }

    /** c[j] (+)= dot(a, row j of the stored B) for j in [j0, j1): B is stored [n x k] (transposed). */
    private static void thinDots(int k, float[] a, int ai, int as, float[] b, int bOff, int ldb, int j0, int j1,
                                 float[] c, int ci, boolean add) {
        for (int j = j0; j < j1; j++) {
            float s;
            if (as == 1) {
                s = dotVec(a, ai, b, bOff + j * ldb, k);
            } else {
                s = 0f;
                int bj = bOff + j * ldb;
                for (int p = 0; p < k; p++) s = Math.fma(a[ai + p * as], b[bj + p], s);
            }
            c[ci + j] = add ? c[ci + j] + s : s;
        }
    }

    // ---------------------------------------------------------------- element-wise

    @Override
    public void sigmoid(float[] x, int off, int len) {
        VectorMath.apply(VectorMath.SIGMOID, x, off, off + len);
    }

    @Override
    public void tanh(float[] x, int off, int len) {
        VectorMath.apply(VectorMath.TANH, x, off, off + len);
    }

    @Override
    public void exp(float[] x, int off, int len) {
        VectorMath.apply(VectorMath.EXP, x, off, off + len);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        return dotVec(a, aOff, b, bOff, len);
    }

    private static float dotVec(float[] a, int aOff, float[] b, int bOff, int len) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        int i = 0;
        for (; i + 2 * L <= len; i += 2 * L) {
            s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
            s1 = FloatVector.fromArray(S, a, aOff + i + L).fma(FloatVector.fromArray(S, b, bOff + i + L), s1);
        }
        for (; i + L <= len; i += L) s0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), s0);
        float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < len; i++) s = Math.fma(a[aOff + i], b[bOff + i], s);
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        FloatVector al = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (; i + L <= len; i += L)
            FloatVector.fromArray(S, x, xOff + i).fma(al, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        for (; i < len; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
    }

    // ---------------------------------------------------------------- LSTM

    /** Rows split between threads; each row computed exactly as {@link Kernels#lstmCellForward} does it. */
    @Override
    public void lstmCellForward(int rows, int h, float[] gates, int gOff, int ldg, float[] cp, float[] c, float[] tc,
                                float[] hOut, int off, int ld) {
        int parts = (long) rows * h < CELL_PARALLEL ? 1 : parts(rows);
        pool.run(parts, part -> {
            int r0 = rows * part / parts, r1 = rows * (part + 1) / parts;
            for (int r = r0; r < r1; r++) cellRow(h, gates, gOff + r * ldg, cp, c, tc, hOut, off + r * ld);
        });
    }

    private static void cellRow(int h, float[] g, int g0, float[] cp, float[] c, float[] tc, float[] hOut, int o) {
        VectorMath.apply(VectorMath.SIGMOID, g, g0, g0 + 2 * h);
        VectorMath.apply(VectorMath.TANH, g, g0 + 2 * h, g0 + 3 * h);
        VectorMath.apply(VectorMath.SIGMOID, g, g0 + 3 * h, g0 + 4 * h);
        int j = 0;
        for (; j + L <= h; j += L) {
            FloatVector f = FloatVector.fromArray(S, g, g0 + h + j), i = FloatVector.fromArray(S, g, g0 + j);
            FloatVector gg = FloatVector.fromArray(S, g, g0 + 2 * h + j);
            f.mul(FloatVector.fromArray(S, cp, o + j)).add(i.mul(gg)).intoArray(c, o + j);
        }
        for (; j < h; j++) c[o + j] = g[g0 + h + j] * cp[o + j] + g[g0 + j] * g[g0 + 2 * h + j];
        System.arraycopy(c, o, tc, o, h);
        VectorMath.apply(VectorMath.TANH, tc, o, o + h);
        j = 0;
        for (; j + L <= h; j += L)
            FloatVector.fromArray(S, g, g0 + 3 * h + j).mul(FloatVector.fromArray(S, tc, o + j)).intoArray(hOut, o + j);
        for (; j < h; j++) hOut[o + j] = g[g0 + 3 * h + j] * tc[o + j];
    }

    /** Rows split between threads; the float operations of {@link Kernels#lstmCellBackward}, lane-wise. */
    @Override
    public void lstmCellBackward(int rows, int h, float[] gates, int gOff, int ldg, float[] cp, float[] tc, int off,
                                 int ld, float[] dh, float[] dc, float[] dhNext, float[] dGates) {
        int parts = (long) rows * h < CELL_PARALLEL ? 1 : parts(rows);
        pool.run(parts, part -> {
            int r0 = rows * part / parts, r1 = rows * (part + 1) / parts;
            for (int r = r0; r < r1; r++)
                cellBackRow(h, gates, gOff + r * ldg, cp, tc, off + r * ld, dh, dc, dhNext, r * h, dGates);
        });
    }

    private static void cellBackRow(int h, float[] gates, int g0, float[] cp, float[] tc, int row, float[] dh,
                                    float[] dc, float[] dhNext, int d0, float[] dGates) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (; j + L <= h; j += L) {
            FloatVector i = FloatVector.fromArray(S, gates, g0 + j), f = FloatVector.fromArray(S, gates, g0 + h + j);
            FloatVector g = FloatVector.fromArray(S, gates, g0 + 2 * h + j), o = FloatVector.fromArray(S, gates, g0 + 3 * h + j);
            FloatVector t = FloatVector.fromArray(S, tc, row + j);
            FloatVector dhv = FloatVector.fromArray(S, dh, d0 + j);
            FloatVector dcv = dhv.mul(o).mul(one.sub(t.mul(t))).add(FloatVector.fromArray(S, dc, d0 + j));
            dcv.mul(g).mul(i).mul(one.sub(i)).intoArray(dGates, g0 + j);
            dcv.mul(FloatVector.fromArray(S, cp, row + j)).mul(f).mul(one.sub(f)).intoArray(dGates, g0 + h + j);
            dcv.mul(i).mul(one.sub(g.mul(g))).intoArray(dGates, g0 + 2 * h + j);
            dhv.mul(t).mul(o).mul(one.sub(o)).intoArray(dGates, g0 + 3 * h + j);
            dcv.mul(f).intoArray(dc, d0 + j);
            FloatVector.zero(S).intoArray(dhNext, d0 + j);
        }
        for (; j < h; j++) {
            float i = gates[g0 + j], f = gates[g0 + h + j], g = gates[g0 + 2 * h + j], o = gates[g0 + 3 * h + j];
            float t = tc[row + j];
            float dhv = dh[d0 + j];
            float dcv = dhv * o * (1f - t * t) + dc[d0 + j];
            dGates[g0 + j] = dcv * g * i * (1f - i);
            dGates[g0 + h + j] = dcv * cp[row + j] * f * (1f - f);
            dGates[g0 + 2 * h + j] = dcv * i * (1f - g * g);
            dGates[g0 + 3 * h + j] = dhv * t * o * (1f - o);
            dc[d0 + j] = dcv * f;
            dhNext[d0 + j] = 0f;
        }
    }

    @Override
    public LstmStepKernel lstmStep(int inputSize, int units) {
        return new VectorLstmStep(inputSize, units, pool);
    }
}
