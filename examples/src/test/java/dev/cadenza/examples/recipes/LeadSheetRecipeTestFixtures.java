package dev.cadenza.examples.recipes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A hand-made ABC book of twelve short tunes with chord symbols, in G and D, for the lead-sheet tests. */
public final class LeadSheetRecipeTestFixtures {
    private LeadSheetRecipeTestFixtures() {}

    /** Writes the book as {@code abc/book.abc} under {@code dir} and returns the folder. */
    public static Path book(Path dir) throws Exception {
        StringBuilder abc = new StringBuilder();
        String[] bodies = {
                "D|\"G\"G2B2 d2B2|\"C\"c2e2 \"D7\"d2A2|\"G\"B2G2 \"Em\"E2G2|\"D7\"A2F2 \"G\"G3|]",
                "|:\"D\"d2f2 a2f2|\"G\"g2b2 \"A7\"a2e2|\"D\"f2d2 \"Bm\"B2d2|\"A7\"e2c2 \"D\"d4:|",
                "\"Am\"A2c2 e2c2|\"Dm\"d2f2 \"E7\"e2^G2|\"Am\"c2A2 \"F\"F2A2|\"E7\"B2^G2 \"Am\"A4|]",
                "G|\"C\"c2e2 g2e2|\"F\"f2a2 \"G7\"g2d2|\"C\"e2c2 \"Am\"A2c2|\"G7\"d2B2 \"C\"c3|]",
                "\"G\"B2d2 g2d2|\"D/f+\"a2f2 \"Em\"g2e2|\"C\"e2c2 \"G/b\"d2B2|\"Am\"c2A2 \"D7\"d4|\"G\"g8|]",
                "\"D\"f2a2 d'2a2|\"G\"b2g2 \"Ed\"e2g2|\"D/a\"f2d2 \"A7\"e2c2|\"D\"d8|]"};
        for (int i = 0; i < 12; i++) {
            String key = i % 2 == 0 ? "G" : "D";
            abc.append("X: ").append(i + 1).append("\nT:Tune ").append(i + 1).append("\nM:4/4\nL:1/8\nK:").append(key).append('\n')
                    .append(bodies[i % bodies.length]).append("\n\n");
        }
        Path folder = Files.createDirectories(dir.resolve("abc"));
        Files.writeString(folder.resolve("book.abc"), abc.toString(), StandardCharsets.UTF_8);
        return folder;
    }

}
