package dev.cadenza.samplers;

import dev.cadenza.generate.SamplingContext;
import dev.cadenza.music.KeySignature;
import dev.cadenza.token.Vocabulary;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * A musical mask over a vocabulary: a token is allowed when every pitch it sounds (through a {@link PitchMapping})
 * passes a test (a range, a scale); tokens that sound nothing are always allowed. The mask is worked out once per
 * vocabulary, so a step costs one pass over the logits.
 */
public final class PitchMask implements LogitProcessor {
    private final String name;
    private final PitchMapping mapping;
    private final IntPredicate pitchAllowed;
    private Vocabulary cachedVocabulary;
    private boolean[] cachedAllowed;

    private PitchMask(String name, PitchMapping mapping, IntPredicate pitchAllowed) {
        this.name = name;
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.pitchAllowed = pitchAllowed;
    }

    /** Pitches in {@code low..high} (MIDI numbers, inclusive). */
    public static PitchMask range(PitchMapping mapping, int low, int high) {
        if (low < 0 || high > 127 || low > high)
            throw new IllegalArgumentException("pitch range must satisfy 0 <= low <= high <= 127, was " + low + ".." + high);
        return new PitchMask("pitch range " + low + ".." + high, mapping, p -> p >= low && p <= high);
    }

    /** Pitches whose pitch class is among {@code pitchClasses} (0 = C .. 11 = B). */
    public static PitchMask pitchClasses(PitchMapping mapping, int... pitchClasses) {
        boolean[] in = new boolean[12];
        for (int pc : pitchClasses) {
            if (pc < 0 || pc > 11) throw new IllegalArgumentException("pitch class must be 0..11, was " + pc);
            in[pc] = true;
        }
        return new PitchMask("pitch classes " + Arrays.toString(pitchClasses), mapping, p -> in[Math.floorMod(p, 12)]);
    }

    /** The seven pitch classes of a key signature (its mode does not change them: it is already in the fifths). */
    public static PitchMask scale(PitchMapping mapping, KeySignature key) {
        int[] pcs = new int[7];
        // The diatonic collection of f sharps is the fifths chain from f-1 to f+5 (C major: F C G D A E B).
        for (int j = 0; j < 7; j++) pcs[j] = Math.floorMod(7 * (key.fifths() - 1 + j), 12);
        PitchMask m = pitchClasses(mapping, pcs);
        return new PitchMask("scale of " + key.fifths() + " fifths (" + key.mode() + ")", mapping, m.pitchAllowed);
    }

    /**
     * Reads a key such as "G", "F#m", "Bb major", "A dorian", "D mixolydian" into a key signature. Modes: major,
     * minor (or "m"), ionian, dorian, phrygian, lydian, mixolydian, aeolian, locrian.
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

    /** Which tokens of {@code vocabulary} this mask allows (index = token id). */
    public boolean[] allowed(Vocabulary vocabulary) {
        return table(vocabulary).clone();
    }

    private synchronized boolean[] table(Vocabulary vocabulary) {
        if (vocabulary != cachedVocabulary) {
            boolean[] allowed = new boolean[vocabulary.size()];
            for (int t = 0; t < allowed.length; t++) {
                boolean ok = true;
                if (!vocabulary.isSpecial(t))
                    for (int p : mapping.pitches(vocabulary.token(t))) ok &= pitchAllowed.test(p);
                allowed[t] = ok;
            }
            cachedAllowed = allowed;
            cachedVocabulary = vocabulary;
        }
        return cachedAllowed;
    }

    @Override
    public void process(float[] logits, SamplingContext context) {
        if (context.vocabulary() == null)
            throw new IllegalStateException(name + " needs the vocabulary to read pitches from tokens: give it to the "
                    + "generator with vocabulary(tokenizer.vocabulary())");
        boolean[] allowed = table(context.vocabulary());
        int left = 0;
        for (int t = 0; t < logits.length; t++) {
            if (allowed[t]) left++;
            else logits[t] = Float.NEGATIVE_INFINITY;
        }
        if (left == 0) throw MaskProcessor.nothingAllowed(name, logits.length, context);
    }

    @Override
    public String toString() {
        return name + " over " + mapping + " tokens";
    }
}
