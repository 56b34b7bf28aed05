package dev.cadenza.examples;

import dev.cadenza.Cadenza;
import dev.cadenza.generate.Generator;
import dev.cadenza.samplers.Samplers;
import dev.cadenza.token.Tokenizer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The README's "Generate from a pretrained model" example, word for word (PretrainedExampleTest keeps them equal):
 * java PretrainedExample chorale.mid
 */
public final class PretrainedExample {
    private PretrainedExample() {}

    public static void main(String[] args) throws IOException {
        writeChorale(Path.of(args.length > 0 ? args[0] : "chorale.mid"));
    }

    // README: from here
    static void writeChorale(Path midi) throws IOException {
        Cadenza cadenza = Cadenza.discover();
        try (Cadenza.LoadedModel chorales = cadenza.pretrained("bach-chorales")) {     // from cadenza-models
            Tokenizer<int[][]> chords = chorales.tokenizer(int[][].class);   // a chord: soprano, alto, tenor, bass
            int[] primer = chords.encode(new int[][] {{72, 67, 64, 48}, {72, 67, 64, 48}});   // C major, two 16ths
            int[] tokens = Generator.of(chorales.model()).tokenizer(chords).primer(primer)
                    .sampler(Samplers.temperatureSampler(1.0)).length(256).seed(7).generate();
            cadenza.renderer("midi").render(chords.decodeScore(tokens), midi);
        }
    }
    // README: to here
}
