package dev.cadenza.examples.evaluation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The longest run of tokens a generated piece copies verbatim from the training corpus. */
public final class Plagiarism {
    private Plagiarism() {}

    /**
     * Length of the longest contiguous token sequence of {@code generated} that also occurs contiguously in one of the
     * {@code corpus} sequences. Binary search over the length with a hash set of the corpus n-grams of that length:
     * O((corpus + generated) log generated).
     *
     * @param generated a generated piece's tokens
     * @param corpus the corpus's token sequences
     * @return the length in tokens, 0 when no token is shared
     */
    public static int longestCopiedNgram(int[] generated, List<int[]> corpus) {
        int lo = 0, hi = generated.length;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (occurs(generated, corpus, mid)) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    private static boolean occurs(int[] generated, List<int[]> corpus, int n) {
        Set<Gram> grams = new HashSet<>();
        for (int[] seq : corpus)
            for (int i = 0; i + n <= seq.length; i++) grams.add(new Gram(seq, i, n));
        for (int i = 0; i + n <= generated.length; i++) if (grams.contains(new Gram(generated, i, n))) return true;
        return false;
    }

    /** A window of an array, compared by content. */
    private static final class Gram {
        private final int[] a;
        private final int off, len, hash;

        Gram(int[] a, int off, int len) {
            this.a = a;
            this.off = off;
            this.len = len;
            int h = 1;
            for (int i = 0; i < len; i++) h = 31 * h + a[off + i];
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Gram g) || g.len != len || g.hash != hash) return false;
            for (int i = 0; i < len; i++) if (a[off + i] != g.a[g.off + i]) return false;
            return true;
        }
    }
}
