package dev.cadenza.samplers;

import dev.cadenza.Cadenza;
import dev.cadenza.generate.Sampler;
import dev.cadenza.generate.SamplingContext;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.SamplerProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The providers: discovery, string options, and errors that name the option. */
class SamplerProvidersTest {
    static final Set<String> NAMES = Set.of("greedy", "temperature", "top-k", "top-p", "repetition-penalty", "chain",
            "abc-grammar", "pitch-range", "scale");

    static Sampler create(String name, String options) {
        return Cadenza.discover().sampler(name, Options.parse(options));
    }

    static String error(String name, String options) {
        return assertThrows(IllegalArgumentException.class, () -> create(name, options)).getMessage();
    }

    @Test
    void everyProviderIsDiscoveredAndDescribed() {
        Map<String, SamplerProvider> found = Cadenza.discover().samplers();
        assertTrue(found.keySet().containsAll(NAMES), found.keySet().toString());
        for (String name : NAMES) assertFalse(found.get(name).description().isBlank(), name);
    }

    @Test
    void defaultsWork() {
        float[] logits = {0, 3, 1, 2};
        for (String name : List.of("greedy", "temperature", "top-k", "top-p", "repetition-penalty", "chain")) {
            Sampler s = create(name, "");
            int t = s.next(logits.clone(), new SamplingContext(new int[] {1}, 0, 0, new SeededRandom(5), null));
            assertTrue(t >= 0 && t < 4, name);
        }
        assertSame(Samplers.greedy(), create("greedy", ""));
    }

    @Test
    void theComposedSamplerRunsItsStagesInItsFixedOrder() {
        ChainedSampler s = (ChainedSampler) create("chain", "top-p=0.95,temperature=0.9,repetition-penalty=1.2,top-k=40");
        List<LogitProcessor> p = s.processors();
        assertEquals(4, p.size());
        assertInstanceOf(RepetitionPenaltyProcessor.class, p.get(0));
        assertInstanceOf(TemperatureProcessor.class, p.get(1));
        assertInstanceOf(TopKProcessor.class, p.get(2));
        assertInstanceOf(TopPProcessor.class, p.get(3));
        assertEquals(0.9, ((TemperatureProcessor) p.get(1)).temperature());
        assertEquals(0.95, ((TopPProcessor) p.get(3)).p());
        assertEquals(1.2, ((RepetitionPenaltyProcessor) p.get(0)).penalty());
        assertSame(Samplers.categorical(), s.pick());
        ChainedSampler greedy = (ChainedSampler) create("chain", "temperature=0,abc-grammar=true");
        assertSame(Samplers.greedy(), greedy.pick());
        assertInstanceOf(GrammarProcessor.class, greedy.processors().get(0));
    }

    @Test
    void providerOptionsReachTheirStages() {
        ChainedSampler topK = (ChainedSampler) create("top-k", "k=7,temperature=0.5");
        assertEquals(7, ((TopKProcessor) topK.processors().get(1)).k());
        ChainedSampler rep = (ChainedSampler) create("repetition-penalty", "penalty=1.5,window=10");
        assertEquals(10, ((RepetitionPenaltyProcessor) rep.processors().get(0)).window());
        assertInstanceOf(PitchMask.class, ((ChainedSampler) create("scale", "key=A dorian")).processors().get(0));
    }

    @Test
    void unknownAndMalformedOptionsAreNamed() {
        assertTrue(error("top-k", "kk=3").contains("unknown option kk for sampler 'top-k'"));
        assertTrue(error("top-k", "kk=3").contains("known options: k, temperature"));
        assertTrue(error("greedy", "temperature=1").contains("takes no options"));
        assertTrue(error("top-k", "k=three").contains("option 'k'"));
        assertTrue(error("top-k", "k=0").contains("option 'k'"));
        assertTrue(error("top-p", "p=1.5").contains("option 'p'"));
        assertTrue(error("temperature", "temperature=-1").contains("'temperature'"));
        assertTrue(error("temperature", "temperature=NaN").contains("'temperature'"));
        assertTrue(error("chain", "abc-grammar=maybe").contains("'abc-grammar'"));
        assertTrue(error("abc-grammar", "abc-grammar=false").contains("'abc-grammar'"));
        assertTrue(error("pitch-range", "temperature=1").contains("needs option low or high"));
        assertTrue(error("pitch-range", "low=60,tokens=midi").contains("unknown option tokens"));
        assertTrue(error("scale", "temperature=1").contains("key"));
        assertTrue(error("scale", "key=G blues").contains("'key'"));
    }

    @Test
    void optionTextIsParsedInOrder() {
        assertEquals(List.of("temperature", "top-p"), List.copyOf(Options.parse("temperature=0.9, top-p=0.95").asMap().keySet()));
        assertTrue(Options.parse(" ").isEmpty());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse("temperature")).getMessage().contains("'temperature'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse("k=1,k=2")).getMessage().contains("twice"));
    }
}
