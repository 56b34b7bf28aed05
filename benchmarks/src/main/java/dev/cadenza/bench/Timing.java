package dev.cadenza.bench;

import java.util.Arrays;

/** Small helpers for wall-clock measurement and JSON output, shared by the benchmark commands. */
final class Timing {
    private Timing() {}

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double min(double[] xs) {
        return Arrays.stream(xs).min().orElse(Double.NaN);
    }

    static double max(double[] xs) {
        return Arrays.stream(xs).max().orElse(Double.NaN);
    }

    /** Rounds for the JSON line (3 significant decimals are plenty for noisy timings). */
    static double round(double x, int decimals) {
        if (Double.isNaN(x) || Double.isInfinite(x)) return x;
        double f = Math.pow(10, decimals);
        return Math.round(x * f) / f;
    }

    /** A flat JSON object from alternating keys and values (strings are quoted, numbers and booleans are not). */
    static String json(Object... kv) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            if (i > 0) sb.append(", ");
            sb.append('"').append(kv[i]).append("\": ");
            Object v = kv[i + 1];
            if (v instanceof String s) sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) sb.append("null"); // not measured
            else sb.append(v);
        }
        return sb.append('}').toString();
    }

    /** Softmax in place over [0, n), computed in double after subtracting the maximum; returns nothing. */
    static void softmax(float[] logits, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, logits[i]);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(logits[i] - max);
        for (int i = 0; i < n; i++) logits[i] = (float) (Math.exp(logits[i] - max) / sum);
    }

    /** Draws an index from a probability vector. */
    static int sample(float[] p, int n, java.util.SplittableRandom random) {
        double u = random.nextDouble(), acc = 0;
        for (int i = 0; i < n; i++) {
            acc += p[i];
            if (u < acc) return i;
        }
        return n - 1;
    }
}
