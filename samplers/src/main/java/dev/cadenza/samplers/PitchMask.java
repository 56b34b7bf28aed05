package dev.cadenza.samplers;

import dev.cadenza.generate.SamplingContext;
import dev.cadenza.music.KeySignature;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * A musical mask over a tokenizer's vocabulary: a token is allowed when every pitch it sounds (as the model's tokenizer
 * says, {@link Tokenizer#pitches}) passes a test (a range, a scale); tokens that sound nothing are always allowed.
 * The mask is worked out once per generation row (kept in its {@link dev.cadenza.generate.RowMemory}), so a step costs
 * one pass over the logits and the mask keeps no state of its own: it may be shared between threads.
 */
public final class PitchMask implements LogitProcessor {
    private final String name;
    private final IntPredicate pitchAllowed;

    private PitchMask(String name, IntPredicate pitchAllowed) {
        this.name = name;
        this.pitchAllowed = pitchAllowed;
    }

    /**
     * Pitches in {@code low..high} (MIDI numbers, inclusive).
     *
     * @param low the lowest pitch allowed, 0..127
     * @param high the highest pitch allowed, {@code low}..127
     * @return the mask
     * @throws IllegalArgumentException when the range is empty or outside 0..127
     */
    public static PitchMask range(int low, int high) {
        if (low < 0 || high > 127 || low > high)
            throw new IllegalArgumentException("pitch range must satisfy 0 <= low <= high <= 127, was " + low + ".." + high);
        return new PitchMask("pitch range " + low + ".." + high, p -> p >= low && p <= high);
    }

    /**
     * Pitches whose pitch class is among {@code pitchClasses} (0 = C .. 11 = B).
     *
     * @param pitchClasses the classes allowed, each 0..11
     * @return the mask
     * @throws IllegalArgumentException when a class is outside 0..11
     */
    public static PitchMask pitchClasses(int... pitchClasses) {
        boolean[] in = new boolean[12];
        for (int pc : pitchClasses) {
            if (pc < 0 || pc > 11) throw new IllegalArgumentException("pitch class must be 0..11, was " + pc);
            in[pc] = true;
        }
        return new PitchMask("pitch classes " + Arrays.toString(pitchClasses), p -> in[Math.floorMod(p, 12)]);
    }

    /**
     * The seven pitch classes of a key signature (its mode does not change them: it is already in the fifths).
     *
     * @param key the key signature; only its fifths count
     * @return the mask of the key's diatonic scale
     */
    public static PitchMask scale(KeySignature key) {
        int[] pcs = new int[7];
        // The diatonic collection of f sharps is the fifths chain from f-1 to f+5 (C major: F C G D A E B).
        for (int j = 0; j < 7; j++) pcs[j] = Math.floorMod(7 * (key.fifths() - 1 + j), 12);
        return new PitchMask("scale of " + key.fifths() + " fifths (" + key.mode() + ")", pitchClasses(pcs).pitchAllowed);
    }

    /**
     * Reads a key such as "G", "F#m", "Bb major", "A dorian", "D mixolydian" into a key signature. Modes: major,
     * minor (or "m"), ionian, dorian, phrygian, lydian, mixolydian, aeolian, locrian.
     *
     * @param text the key's name; the tonic letter is case-insensitive, accidentals '#' or 'b'
     * @return a key signature at tick 0 with the mode's name ("major", "minor", "dorian", ...)
     * @throws IllegalArgumentException when the tonic or mode is unknown, or the key needs more than 7 sharps or flats
     */
    public static KeySignature key(String text) {
        String t = text.trim();
        if (t.isEmpty() || "ABCDEFG".indexOf(Character.toUpperCase(t.charAt(0))) < 0)
            throw new IllegalArgumentException("key '" + text + "' must start with a tonic A-G, e.g. G, F#m, A dorian");
        int fifths = switch (Character.toUpperCase(t.charAt(0))) {
            case 'F' -> -1; case 'C' -> 0; case 'G' -> 1; case 'D' -> 2; case 'A' -> 3; case 'E' -> 4; default -> 5;
        };
        int i = 1;
        if (i < t.length() && (t.charAt(i) == '#' || t.charAt(i) == 'b')) fifths += t.charAt(i++) == '#' ? 7 : -7;
        String mode = t.substring(i).trim().toLowerCase(Locale.ROOT);
        int shift = switch (mode) {
            case "", "major", "maj", "ionian" -> 0;
            case "m", "min", "minor", "aeolian" -> -3;
            case "dorian" -> -2;
            case "phrygian" -> -4;
            case "lydian" -> 1;
            case "mixolydian" -> -1;
            case "locrian" -> -5;
            default -> throw new IllegalArgumentException("key '" + text + "': unknown mode '" + mode
                    + "'; expected major, minor, m, ionian, dorian, phrygian, lydian, mixolydian, aeolian or locrian");
        };
        fifths += shift;
        if (fifths < -7 || fifths > 7)
            throw new IllegalArgumentException("key '" + text + "' needs " + fifths + " fifths; spell it enharmonically within 7 sharps or flats");
        String modeName = mode.isEmpty() || mode.equals("maj") ? "major" : mode.equals("m") || mode.equals("min") ? "minor" : mode;
        return new KeySignature(0, fifths, modeName);
    }

    /**
     * Which tokens of {@code tokenizer}'s vocabulary this mask allows (index = token id).
     *
     * @param tokenizer the model's tokenizer, which says which pitches each token sounds
     * @return a new array, index = token id; special tokens and tokens that sound nothing are allowed
     */
    public boolean[] allowed(Tokenizer<?> tokenizer) {
        Vocabulary vocabulary = tokenizer.vocabulary();
        boolean[] allowed = new boolean[vocabulary.size()];
        for (int t = 0; t < allowed.length; t++) {
            boolean ok = true;
            if (!vocabulary.isSpecial(t)) for (int p : tokenizer.pitches(t)) ok &= pitchAllowed.test(p);
            allowed[t] = ok;
        }
        return allowed;
    }

    @Override
    public void process(float[] logits, SamplingContext context) {
        if (context.tokenizer() == null)
            throw new IllegalStateException(name + " reads the pitches of tokens from the model's tokenizer: give it to the "
                    + "generator with tokenizer(...)");
        boolean[] allowed = context.memory().get(this, () -> allowed(context.tokenizer()));
        int left = 0;
        for (int t = 0; t < logits.length; t++) {
            if (allowed[t]) left++;
            else logits[t] = Float.NEGATIVE_INFINITY;
        }
        if (left == 0) throw MaskProcessor.nothingAllowed(name, logits.length, context);
    }

    @Override
    public String toString() {
        return name;
    }
}
