package dev.cadenza.model;

/**
 * What one optimizer step did.
 *
 * @param step optimizer steps taken so far, this one included (1-based)
 * @param loss mean loss over the batch's predictions (tokens, frames or steps), before the update
 * @param gradientNorm global L2 norm of the gradients before clipping
 * @param learningRate the rate this step used, after the schedule
 * @param predictions predictions the loss averaged over (tokens, frames or steps; the mask's weight)
 */
public record StepResult(long step, double loss, double gradientNorm, double learningRate, double predictions) {}
