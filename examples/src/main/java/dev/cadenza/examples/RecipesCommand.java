package dev.cadenza.examples;

import dev.cadenza.examples.recipes.Recipe;
import dev.cadenza.examples.recipes.Recipes;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Lists the recipes. */
@Command(name = "recipes", mixinStandardHelpOptions = true, description = "List the recipes `cadenza train` knows.")
public final class RecipesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (Recipe r : Recipes.all())
            System.out.printf("  %-22s %s%n  %-22s presets: %s%n", r.name(), r.description(), "", String.join(", ", r.presets()));
        System.out.println("Train one with: cadenza train RECIPE [--preset PRESET]; then: cadenza generate runs/RECIPE/best.cadenza");
        return 0;
    }
}
