/**
 * The pure-Java backend ("pure"): every layer of {@link dev.cadenza.model.ModelSpec} with hand-written forward and
 * backward passes on flat {@code float[]} buffers, the optimizers, and O(1)-per-token generation state. Numeric
 * kernels live in {@code dev.cadenza.pure.simd}. Only {@link dev.cadenza.pure.PureBackendProvider} is public; it is
 * found through {@link java.util.ServiceLoader}.
 * <p>
 * Layout: activations are {@code [batch, steps, width]} row-major, like {@link dev.cadenza.model.Batch}. Weights are
 * held in the canonical layout of {@link dev.cadenza.model.ModelSpec#parameters()} itself, so loading and exporting
 * them is a copy. Initial weights are {@link dev.cadenza.model.Initialization}'s; the optimizer formulas are in
 * {@link dev.cadenza.pure.PureTrainingSession}.
 */
package dev.cadenza.pure;
