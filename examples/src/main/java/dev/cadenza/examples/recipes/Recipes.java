package dev.cadenza.examples.recipes;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The recipes of the seed systems, by name. */
public final class Recipes {
    private static final Map<String, Recipe> ALL = new LinkedHashMap<>();

    static {
        for (Recipe r : List.of(new IrishAbcRecipe(), new PianoNoteChordRecipe(), new BachChoralesRecipe(), new HelloRnnRecipe(),
                new TuneTypeRecipe(), new JazzRecipe(), new LeadSheetRecipe(), new ReelRecipe(), new ForecastRecipe(), new TempoRecipe(),
                PianoRollRecipe.chorales(), PianoRollRecipe.piano())) ALL.put(r.name(), r);
    }

    private Recipes() {}

    /**
     * Every recipe, in the order the command line lists them.
     *
     * @return a new list
     */
    public static List<Recipe> all() {
        return new ArrayList<>(ALL.values());
    }

    /**
     * A recipe by name.
     *
     * @param name the recipe's name, e.g. "irish-abc"
     * @return the recipe
     * @throws IllegalArgumentException when no recipe has that name (the message lists them)
     */
    public static Recipe get(String name) {
        Recipe r = ALL.get(name);
        if (r == null) throw new IllegalArgumentException("unknown recipe '" + name + "'; recipes: " + String.join(", ", ALL.keySet()));
        return r;
    }

    /** Completion candidates for the command line. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ALL.keySet().iterator();
        }
    }
}
