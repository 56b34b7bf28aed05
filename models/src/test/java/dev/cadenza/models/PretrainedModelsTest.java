package dev.cadenza.models;

import dev.cadenza.Backend;
import dev.cadenza.Cadenza;
import dev.cadenza.PretrainedModel;
import dev.cadenza.generate.Generator;
import dev.cadenza.samplers.Samplers;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every shipped model loads by name on every engine (pure Java, DJL, DL4J) with its tokenizer, and generates there:
 * greedy decoding gives the same tokens on every engine, because the weights and the arithmetic are the same.
 */
class PretrainedModelsTest {
    private static final Cadenza CADENZA = Cadenza.discover();

    @Test
    void theIndexDescribesEachModel() throws Exception {
        List<PretrainedModel> models = CADENZA.pretrainedModels();
        assertEquals(List.of("bach-chorales", "irish-abc"), models.stream().map(PretrainedModel::name).toList());
        for (PretrainedModel m : models) {
            assertTrue(m.command().startsWith("cadenza train " + m.recipe()), m.command());
            assertTrue(m.corpusSha256().matches("[0-9a-f]{64}"), m.corpusSha256());
            assertFalse(m.licence().isBlank());
            assertTrue(m.metrics().containsKey("validationLoss"), m.metrics().toString());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CADENZA.pretrained("no-such-model"));
        assertTrue(e.getMessage().contains("bach-chorales, irish-abc"), e.getMessage());
    }

    @TestFactory
    Stream<DynamicTest> eachModelLoadsAndGeneratesTheSameOnEveryEngine() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (PretrainedModel m : CADENZA.pretrainedModels()) {
            tests.add(DynamicTest.dynamicTest(m.name(), () -> {
                int[] first = null;
                for (String engine : List.of("pure", "djl", "dl4j")) {
                    Backend backend = CADENZA.backend(engine);
                    try (Cadenza.LoadedModel loaded = CADENZA.pretrained(m.name(), backend)) {
                        assertEquals(m.recipe(), loaded.checkpoint().metadata().get("recipe"));
                        assertNotNull(loaded.tokenizer(), "the model carries its tokenizer");
                        int start = m.name().equals("irish-abc") ? loaded.tokenizer().vocabulary().id("X") : 0;
                        int[] tokens = Generator.of(loaded.model()).tokenizer(loaded.tokenizer()).sampler(Samplers.greedy())
                                .primer(start).length(24).generate();
                        assertEquals(24, tokens.length, engine);
                        if (first == null) first = tokens;
                        else assertArrayEquals(first, tokens, "greedy tokens on " + engine + " against pure");
                    }
                }
            }));
        }
        return tests.stream();
    }
}
