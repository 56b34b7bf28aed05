/**
 * Samplers: how the next token is chosen from a model's logits.
 * <p>
 * A sampler is a chain of {@link dev.cadenza.samplers.LogitProcessor}s, each rewriting the logits (scaling them, or
 * masking tokens with negative infinity), and a final pick ({@link dev.cadenza.samplers.Samplers#greedy()} or a
 * categorical draw from the context's random stream):
 * <pre>{@code
 * Sampler s = Samplers.sample(Samplers.repetitionPenalty(1.2, 64), Samplers.temperature(0.9), Samplers.topP(0.95));
 * }</pre>
 * Constraints are processors too: a {@link dev.cadenza.samplers.TokenMask} (allowed or not, given the history), a
 * {@link dev.cadenza.samplers.TokenGrammar} followed incrementally (such as {@link dev.cadenza.samplers.AbcGrammar},
 * which keeps abc-char output valid ABC), or a {@link dev.cadenza.samplers.PitchMask} (pitch range, key) over
 * note-chord or chorale tokens. {@link dev.cadenza.samplers.BeamSearch} is a deterministic alternative to sampling.
 * <p>
 * Each sampler is also a {@link dev.cadenza.spi.SamplerProvider} with string options, found by name through
 * {@link dev.cadenza.Cadenza#sampler(String, java.util.Map)}: {@code greedy}, {@code temperature}, {@code top-k},
 * {@code top-p}, {@code repetition-penalty}, {@code abc-grammar}, {@code pitch-range}, {@code scale}, and
 * {@code chain}, which composes them from options such as {@code temperature=0.9,top-p=0.95,repetition-penalty=1.2}
 * (see {@link dev.cadenza.samplers.Samplers#parseOptions(String)}).
 */
package dev.cadenza.samplers;
