package dev.cadenza.model;

/**
 * What one optimizer step did.
 *
 * @param step optimizer steps taken so far, this one included (1-based)
 * @param loss mean cross-entropy over the batch's predicted tokens, before the update
 * @param gradientNorm global L2 norm of the gradients before clipping
 * @param learningRate the rate this step used, after the schedule
 * @param tokens predicted tokens in the batch
 */
public record StepResult(long step, double loss, double gradientNorm, double learningRate, double tokens) {}
