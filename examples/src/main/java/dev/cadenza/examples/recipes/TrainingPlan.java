package dev.cadenza.examples.recipes;

import dev.cadenza.model.TrainingConfig;

/** How long and how a recipe trains under a preset. */
public record TrainingPlan(TrainingConfig config, int epochs) {}
