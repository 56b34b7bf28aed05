package dev.cadenza.samplers;

import dev.cadenza.Cadenza;
import dev.cadenza.SequenceModel;
import dev.cadenza.generate.Generator;
import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.Options;
import dev.cadenza.testkit.MusicFixtures;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;
import dev.cadenza.tokenizers.abc.AbcCharTokenizer;
import dev.cadenza.tokenizers.notechord.NoteChordTokenizer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Sampler contract: one sampler object serves many generations at once. Every built-in sampler generates 16
 * pieces one after the other, then the same 16 pieces from 8 threads at once with the same sampler object; the pieces
 * must be identical (a sampler that kept a generation's state in itself would mix them up).
 */
class SamplerThreadSafetyTest {
    private record Setup(SequenceModel model, Tokenizer<?> tokenizer, int primer) {}

    /** An n-gram model of the fixture tunes' characters (for abc-grammar), and a uniform bigram over note-chord tokens. */
    private static Setup abc() {
        String text = String.join("\n\n", MusicFixtures.abcTunes());
        CharNGramModelDouble ngram = new CharNGramModelDouble(text, 4);
        AbcCharTokenizer tokenizer = AbcCharTokenizer.restore(Map.of("order", "sorted"), ngram.vocabulary());
        return new Setup(ngram.model(), tokenizer, ngram.vocabulary().id("X"));
    }

    private static Setup notes() {
        NoteChordTokenizer tokenizer = new NoteChordTokenizer(Vocabulary.of(List.of("C4", "D4", "E4", "F4", "G4", "A4", "B4", "C#5",
                "F#3", "0.4.7", "2.5.9", "7.11.2")), Map.of());
        dev.cadenza.model.SeededRandom r = new dev.cadenza.model.SeededRandom(4);
        int v = tokenizer.vocabulary().size();
        float[][] table = new float[v][v];
        for (float[] row : table) for (int j = 0; j < v; j++) row[j] = (float) r.nextGaussian();
        return new Setup(ContextTableModelDouble.bigram(table), tokenizer, 0);
    }

    @TestFactory
    Stream<DynamicTest> everyBuiltInSamplerGivesTheSamePiecesFromEightThreads() {
        Map<String, String> configs = new java.util.LinkedHashMap<>();
        configs.put("greedy", "");
        configs.put("temperature", "temperature=1.3");
        configs.put("top-k", "k=4,temperature=0.9");
        configs.put("top-p", "p=0.8");
        configs.put("repetition-penalty", "penalty=1.5,window=8");
        configs.put("chain", "temperature=0.8,top-p=0.95,repetition-penalty=1.2");
        configs.put("abc-grammar", "max-tune-length=300,temperature=1.0");
        configs.put("pitch-range", "low=60,high=72");
        configs.put("scale", "key=G");
        Cadenza cadenza = Cadenza.discover();
        assertTrue(configs.keySet().containsAll(SamplerProvidersTest.NAMES), "every built-in sampler is covered: " + SamplerProvidersTest.NAMES);
        return configs.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Setup setup = e.getKey().equals("abc-grammar") ? abc() : notes();
            Sampler sampler = cadenza.sampler(e.getKey(), Options.parse(e.getValue()));
            check(setup, sampler);
        }));
    }

    private static void check(Setup setup, Sampler sampler) throws Exception {
        int pieces = 16;
        List<int[]> alone = new ArrayList<>();
        for (int i = 0; i < pieces; i++) alone.add(generator(setup, sampler, i).generate());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<int[]>> together = new ArrayList<>();
            for (int i = 0; i < pieces; i++) {
                int seed = i;
                together.add(pool.submit(() -> {
                    start.await();
                    return generator(setup, sampler, seed).generate();
                }));
            }
            start.countDown();
            for (int i = 0; i < pieces; i++) assertArrayEquals(alone.get(i), together.get(i).get(), "piece " + i);
        } finally {
            pool.shutdown();
        }
    }

    private static Generator generator(Setup setup, Sampler sampler, long seed) {
        return Generator.of(setup.model()).tokenizer(setup.tokenizer()).sampler(sampler).primer(setup.primer()).length(120).seed(seed);
    }
}
