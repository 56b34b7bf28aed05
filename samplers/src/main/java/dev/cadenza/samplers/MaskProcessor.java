package dev.cadenza.samplers;

import dev.cadenza.generate.SamplingContext;

import java.util.Arrays;
import java.util.Objects;

/**
 * Masks every token that a {@link TokenMask} rules out. When it rules out all of them this fails at once, naming
 * the mask, the row, the step and the end of the history, rather than letting the draw pick a masked token.
 */
public final class MaskProcessor implements LogitProcessor {
    private final String name;
    private final TokenMask mask;

    /**
     * A processor applying {@code mask}.
     *
     * @param name what the mask enforces, for error messages (e.g. "pitch range 48..72")
     * @param mask the rule, not null
     */
    public MaskProcessor(String name, TokenMask mask) {
        this.name = Objects.requireNonNull(name, "name");
        this.mask = Objects.requireNonNull(mask, "mask");
    }

    @Override
    public void process(float[] logits, SamplingContext context) {
        int allowed = 0;
        for (int t = 0; t < logits.length; t++) {
            if (mask.allows(t, context)) allowed++;
            else logits[t] = Float.NEGATIVE_INFINITY;
        }
        if (allowed == 0) throw nothingAllowed(name, logits.length, context);
    }

    static IllegalStateException nothingAllowed(String name, int tokens, SamplingContext context) {
        int[] h = context.history();
        int[] tail = Arrays.copyOfRange(h, Math.max(0, h.length - 20), h.length);
        StringBuilder text = new StringBuilder();
        for (int t : tail) {
            String s = context.vocabulary() != null && t >= 0 && t < context.vocabulary().size()
                    ? context.vocabulary().token(t) : "#" + t;
            text.append(s.replace("\n", "\\n"));
            if (s.length() > 1) text.append(' ');
        }
        return new IllegalStateException("constraint '" + name + "' allows none of the " + tokens + " tokens at step "
                + context.step() + " of row " + context.row() + " (history ends with \"" + text + "\")");
    }

    @Override
    public String toString() {
        return "mask(" + name + ")";
    }
}
