package dev.cadenza.pure.simd;

/**
 * The right-hand operand of a GEMM, op(B) [rows x columns], copied once into the panel layout the kernels stream
 * through, so that a weight matrix used at every time step is packed once per optimizer step instead of once per
 * product. Made and refilled by {@link Kernels#pack}; read by {@link Kernels#gemm(int, float[], int, int, boolean,
 * PackedMatrix, float[], int, int, boolean)}.
 * <p>
 * Layout: columns in panels of {@code panelWidth}; the last panel is narrowed to the columns left, rounded up to
 * {@code lane}. Panel q starts at {@code q * panelWidth * rows} and holds row p of its columns contiguously at
 * {@code p * width}; padding columns are zero. Any kernels can read any layout; a layout made by other kernels is
 * only slower.
 */
public final class PackedMatrix {
    final int rows;
    final int columns;
    final int panelWidth;
    final int lane;
    final float[] data;

    PackedMatrix(int rows, int columns, int panelWidth, int lane, float[] data) {
        this.rows = rows;
        this.columns = columns;
        this.panelWidth = panelWidth;
        this.lane = lane;
        this.data = data;
    }

    /** Floats needed for a layout: every panel but the last is full, the last is rounded up to {@code lane}. */
    static int capacity(int rows, int columns, int lane) {
        return Math.multiplyExact(rows, roundUp(columns, lane));
    }

    static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    /**
     * Rows of op(B): the inner dimension k of the product.
     *
     * @return k
     */
    public int rows() {
        return rows;
    }

    /**
     * Columns of op(B): the width n of the product.
     *
     * @return n
     */
    public int columns() {
        return columns;
    }

    int panels() {
        return (columns + panelWidth - 1) / panelWidth;
    }

    /** Width (stride between rows) of panel q. */
    int width(int q) {
        int j0 = q * panelWidth;
        return Math.min(panelWidth, roundUp(columns - j0, lane));
    }

    /** Element (p, j) of op(B), for oracles and slow paths. */
    float get(int p, int j) {
        int q = j / panelWidth;
        return data[q * panelWidth * rows + p * width(q) + (j - q * panelWidth)];
    }

    /**
     * Fills panels [q0, q1) of {@code into} from op(B); B is stored [k x n] with row stride ldb, or [n x k] when
     * transB. Threads may fill disjoint panel ranges of one matrix at once.
     */
    static void fill(PackedMatrix into, int q0, int q1, float[] b, int bOff, int ldb, boolean transB) {
        int k = into.rows, n = into.columns;
        float[] d = into.data;
        for (int q = q0; q < q1; q++) {
            int j0 = q * into.panelWidth;
            int w = into.width(q);
            int cols = Math.min(w, n - j0);
            int base = j0 * k;
            if (!transB) {
                for (int p = 0; p < k; p++) {
                    int dst = base + p * w;
                    System.arraycopy(b, bOff + p * ldb + j0, d, dst, cols);
                    for (int j = cols; j < w; j++) d[dst + j] = 0f;
                }
            } else {
                for (int jj = 0; jj < w; jj++) {
                    if (jj < cols) {
                        int src = bOff + (j0 + jj) * ldb;
                        for (int p = 0; p < k; p++) d[base + p * w + jj] = b[src + p];
                    } else {
                        for (int p = 0; p < k; p++) d[base + p * w + jj] = 0f;
                    }
                }
            }
        }
    }

    /** A matrix for the layout, reusing {@code reuse} when it is big enough and has that layout. */
    static PackedMatrix allocate(int rows, int columns, int panelWidth, int lane, PackedMatrix reuse) {
        if (rows < 0 || columns < 0) throw new IllegalArgumentException("pack: negative shape " + rows + " x " + columns);
        float[] data = reuse != null && reuse.panelWidth == panelWidth && reuse.lane == lane
                && reuse.data.length >= capacity(rows, columns, lane) ? reuse.data : new float[capacity(rows, columns, lane)];
        return reuse != null && reuse.data == data && reuse.rows == rows && reuse.columns == columns
                ? reuse : new PackedMatrix(rows, columns, panelWidth, lane, data);
    }
}
