package dev.cadenza.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.cadenza.Cadenza;
import dev.cadenza.generate.Generator;
import dev.cadenza.generate.Sampler;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.SequenceModel;
import dev.cadenza.Backend;
import dev.cadenza.spi.SamplerProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class GuiceWiringTest {
    private static final ModelSpec SPEC = ModelSpec.of(Input.embedding(6, 4), Layer.lstm(8), Layer.dense(6));

    /** An application's own sampler bound through Guice: always the token after the last one, mod 6. */
    static final class NextTokenSamplerProvider implements SamplerProvider {
        public String name() {
            return "next-token";
        }

        public String description() {
            return "test: the token after the last one";
        }

        public Sampler create(dev.cadenza.spi.Options options) {
            return (logits, ctx) -> (ctx.history()[ctx.history().length - 1] + 1) % logits.length;
        }
    }

    @Test
    void discoveredProvidersAreBoundAndTheBackendOpensOnDemand() {
        Injector injector = Guice.createInjector(new CadenzaModule());
        Cadenza cadenza = injector.getInstance(Cadenza.class);
        assertTrue(cadenza.backendProviders().containsKey("pure"), cadenza.describeBackends());
        assertTrue(cadenza.samplers().containsKey("greedy"), cadenza.samplers().keySet().toString());
        assertEquals("pure", injector.getInstance(Backend.class).name());
    }

    @Test
    void aSamplerBoundThroughGuiceIsUsedByGeneration() {
        Injector injector = Guice.createInjector(new CadenzaModule(), new AbstractModule() {
            @Override
            protected void configure() {
                CadenzaModule.samplers(binder()).addBinding("next-token").to(NextTokenSamplerProvider.class);
            }
        });
        Cadenza cadenza = injector.getInstance(Cadenza.class);
        try (SequenceModel model = cadenza.backend().create(SPEC, 1)) {
            int[] out = Generator.of(model).sampler(cadenza.sampler("next-token")).primer(2).length(5).generate();
            assertArrayEquals(new int[] {3, 4, 5, 0, 1}, out);
        }
    }

    @Test
    void aSamplerRegisteredThroughServiceLoaderInTestResourcesIsUsedByGeneration() {
        Cadenza cadenza = Cadenza.discover();
        try (SequenceModel model = cadenza.backend("pure").create(SPEC, 1)) {
            int[] out = Generator.of(model).sampler(cadenza.sampler("always-zero")).primer(3).length(4).generate();
            assertArrayEquals(new int[] {0, 0, 0, 0}, out);
        }
    }

    @Test
    void anApplicationBindingOverridesADiscoveredProviderOfTheSameName() {
        Injector injector = Guice.createInjector(new CadenzaModule(), new AbstractModule() {
            @Override
            protected void configure() {
                CadenzaModule.samplers(binder()).addBinding("always-zero").toInstance(new SamplerProvider() {
                    public String name() {
                        return "always-zero";
                    }

                    public String description() {
                        return "override";
                    }

                    public Sampler create(dev.cadenza.spi.Options options) {
                        return (logits, ctx) -> 1;
                    }
                });
            }
        });
        Sampler s = injector.getInstance(Cadenza.class).sampler("always-zero");
        assertEquals(1, s.next(new float[3], null));
    }

    @Test
    void theDefaultBackendCanBeBoundAndAnUnknownOneFailsListingWhatExists() {
        Injector injector = Guice.createInjector(new CadenzaModule(), new AbstractModule() {
            @Override
            protected void configure() {
                CadenzaModule.backendName(binder()).setBinding().toInstance("tensorflow");
            }
        });
        Cadenza cadenza = injector.getInstance(Cadenza.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, cadenza::backend);
        assertTrue(e.getMessage().contains("pure (priority 100, available)"), e.getMessage());
    }

    @Test
    void aMisnamedBindingIsRefused() {
        Injector injector = Guice.createInjector(new CadenzaModule(), new AbstractModule() {
            @Override
            protected void configure() {
                CadenzaModule.samplers(binder()).addBinding("other-name").to(NextTokenSamplerProvider.class);
            }
        });
        Exception e = assertThrows(Exception.class, () -> injector.getInstance(Cadenza.class));
        assertTrue(String.valueOf(e.getMessage()).contains("calls itself 'next-token'"), e.getMessage());
    }
}
