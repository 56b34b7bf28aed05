package dev.cadenza.renderers;

import dev.cadenza.spi.Options;

import dev.cadenza.Cadenza;
import dev.cadenza.render.Renderer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every renderer is found by format name through ServiceLoader and names itself consistently. */
class RendererDiscoveryTest {
    @Test
    void allFormatsAreDiscovered() throws Exception {
        Cadenza cadenza = Cadenza.discover(RendererDiscoveryTest.class.getClassLoader());
        assertTrue(cadenza.loadProblems().isEmpty(), cadenza.loadProblems().toString());
        Set<String> formats = Set.of("midi", "wav", "sine-wav", "abc", "musicxml", "png");
        assertTrue(cadenza.renderers().keySet().containsAll(formats), "found " + cadenza.renderers().keySet());
        for (String f : formats) {
            Renderer r = cadenza.renderer(f);
            assertEquals(f, r.format());
            assertEquals(f, cadenza.renderers().get(f).name());
            assertTrue(!cadenza.renderers().get(f).description().isBlank());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!f.equals("wav")) r.render(TestScores.cMajorScale(), out, Options.of(Map.of()));
            assertTrue(f.equals("wav") || out.size() > 40, f + " wrote " + out.size() + " bytes");
        }
    }
}
