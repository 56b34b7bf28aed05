package dev.cadenza.examples.recipes;

import dev.cadenza.model.TrainingConfig;

/**
 * How long and how a recipe trains under a preset.
 *
 * @param config the optimizer, schedule, clipping and seed
 * @param epochs the number of epochs, at least 1
 */
public record TrainingPlan(TrainingConfig config, int epochs) {}
