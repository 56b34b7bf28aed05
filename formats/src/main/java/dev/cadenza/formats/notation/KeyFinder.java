package dev.cadenza.formats.notation;

import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;

import java.util.Collection;
import java.util.List;

/**
 * The key of music that does not say its key: the Krumhansl-Schmuckler algorithm, which correlates how long each
 * pitch class sounds with the Krumhansl-Kessler profiles of the 24 major and minor keys and takes the best. A score
 * that has key signatures keeps its own; drum parts are not counted.
 */
public final class KeyFinder {
    // Krumhansl & Kessler (1982): how well each pitch class fits a major and a minor key, tonic first.
    private static final double[] MAJOR = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
    private static final double[] MINOR = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};

    private KeyFinder() {}

    /**
     * The score's first key signature, or the key estimated from its notes (C major for a score without notes).
     *
     * @param score a score
     * @return the key, at tick 0 when estimated
     */
    public static KeySignature keyOf(Score score) {
        if (!score.keySignatures().isEmpty()) return score.keySignatures().get(0);
        return estimate(score.parts());
    }

    /**
     * The key signatures to write: the score's own, or the estimated key at tick 0 when it has none.
     *
     * @param score a score
     * @return the score's key signatures, or one estimated key
     */
    public static List<KeySignature> keysOf(Score score) {
        return score.keySignatures().isEmpty() ? List.of(estimate(score.parts())) : score.keySignatures();
    }

    /**
     * The most likely major or minor key of the pitched notes of {@code parts}, weighted by duration.
     *
     * @param parts the parts whose notes count
     * @return a major or minor key at tick 0; C major without notes
     */
    public static KeySignature estimate(Collection<Part> parts) {
        double[] weight = new double[12];
        for (Part p : parts)
            if (!p.drums())
                for (Note n : p.notes()) weight[n.pitch() % 12] += n.duration();
        return estimate(weight);
    }

    /**
     * The most likely key for {@code weights}, how long (or how often) each pitch class C..B sounds. Ties go to the
     * major key and the lower tonic, so the answer is stable.
     *
     * @param weights 12 non-negative weights, C first
     * @return a major or minor key at tick 0; C major when every weight is 0
     * @throws IllegalArgumentException when there are not 12 weights
     */
    public static KeySignature estimate(double[] weights) {
        if (weights.length != 12) throw new IllegalArgumentException("need 12 pitch-class weights, got " + weights.length);
        double total = 0;
        for (double w : weights) total += w;
        if (!(total > 0)) return new KeySignature(0, 0, "major");
        double best = Double.NEGATIVE_INFINITY;
        int bestTonic = 0;
        boolean bestMinor = false;
        for (int minor = 0; minor < 2; minor++)
            for (int tonic = 0; tonic < 12; tonic++) {
                double r = correlation(weights, minor == 1 ? MINOR : MAJOR, tonic);
                if (r > best + 1e-12) {
                    best = r;
                    bestTonic = tonic;
                    bestMinor = minor == 1;
                }
            }
        return key(bestTonic, bestMinor);
    }

    /** Pearson correlation of the weights with the profile rotated to {@code tonic}. */
    private static double correlation(double[] w, double[] profile, int tonic) {
        double mw = 0, mp = 0;
        for (int i = 0; i < 12; i++) {
            mw += w[i];
            mp += profile[i];
        }
        mw /= 12;
        mp /= 12;
        double cov = 0, vw = 0, vp = 0;
        for (int pc = 0; pc < 12; pc++) {
            double a = w[pc] - mw, b = profile[Math.floorMod(pc - tonic, 12)] - mp;
            cov += a * b;
            vw += a * a;
            vp += b * b;
        }
        return vw == 0 ? 0 : cov / Math.sqrt(vw * vp);
    }

    /**
     * The signature of a major or minor key on {@code tonic} (0 = C), spelled with at most six sharps or flats.
     *
     * @param tonic the tonic's pitch class, taken modulo 12
     * @param minor true for the minor key
     * @return the key signature at tick 0
     */
    public static KeySignature key(int tonic, boolean minor) {
        int major = Math.floorMod(minor ? tonic + 3 : tonic, 12); // the relative major's tonic
        int fifths = Math.floorMod(major * 7, 12);
        if (fifths > 6) fifths -= 12; // F# major (6 sharps) rather than Gb, Db rather than C#
        return new KeySignature(0, fifths, minor ? "minor" : "major");
    }
}
