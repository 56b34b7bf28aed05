package dev.cadenza.samplers;

/**
 * Pitches of chorale-arpeggio tokens: "0" is a silent voice, "n" (1..46) is MIDI pitch n + 35 (36..81, the JSB
 * chorales' range); tokens that are not numbers (special markers) sound nothing.
 */
public final class ChoralePitches implements PitchMapping {
    static final ChoralePitches INSTANCE = new ChoralePitches();

    private ChoralePitches() {}

    @Override
    public int[] pitches(String token) {
        if (token.isEmpty() || token.charAt(0) < '0' || token.charAt(0) > '9') return new int[0];
        int n;
        try {
            n = Integer.parseInt(token);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > 46)
            throw new IllegalArgumentException("token '" + token + "' is not a chorale token 0..46 (0 = silence, n = MIDI pitch n + 35)");
        return n == 0 ? new int[0] : new int[] {n + 35};
    }

    @Override
    public String toString() {
        return "chorale";
    }
}
