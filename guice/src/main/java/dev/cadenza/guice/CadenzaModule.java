package dev.cadenza.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import dev.cadenza.Backend;
import dev.cadenza.Cadenza;
import dev.cadenza.spi.BackendProvider;
import dev.cadenza.spi.RendererProvider;
import dev.cadenza.spi.SamplerProvider;
import dev.cadenza.spi.TokenizerProvider;

import java.util.Map;
import java.util.Optional;

/**
 * Optional Guice wiring of Cadenza. It binds every provider that {@link java.util.ServiceLoader} finds into
 * {@link Discovered} map bindings, and offers plain {@code MapBinder<String, …Provider>}s in which an application adds
 * its own providers or overrides discovered ones by name ({@link #samplers(Binder)} and friends). Application
 * bindings always win over discovered ones, whatever the module order; binding order is never used as priority.
 * A backend is only opened when {@link Backend} or {@link Cadenza#backend()} is asked for.
 * <p>
 * The default backend name can be bound with {@code OptionalBinder} on {@code @Named("cadenza.backend") String}
 * (see {@link #backendName(Binder)}); otherwise the usual property / environment / priority order applies.
 */
public final class CadenzaModule extends AbstractModule {
    private final ClassLoader loader;

    /** A module discovering providers through the context class loader (or this class's loader when there is none). */
    public CadenzaModule() {
        this(Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : CadenzaModule.class.getClassLoader());
    }

    /**
     * A module discovering providers through {@code loader}, for applications whose plug-ins live in their own loader.
     *
     * @param loader the class loader whose {@code META-INF/services} files are read
     */
    public CadenzaModule(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * Where the application adds or overrides backends by name.
     *
     * @param binder the binder of the application's module
     * @return the map binder of application backends, keyed by the provider's name
     */
    public static MapBinder<String, BackendProvider> backends(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, BackendProvider.class);
    }

    /** The type of a tokenizer provider of any item type, for map bindings. */
    private static final TypeLiteral<TokenizerProvider<?>> TOKENIZER = new TypeLiteral<>() {};

    /**
     * Where the application adds or overrides tokenizers by name.
     *
     * @param binder the binder of the application's module
     * @return the map binder of application tokenizers, keyed by the provider's name
     */
    public static MapBinder<String, TokenizerProvider<?>> tokenizers(Binder binder) {
        return MapBinder.newMapBinder(binder, TypeLiteral.get(String.class), TOKENIZER);
    }

    /**
     * Where the application adds or overrides samplers by name.
     *
     * @param binder the binder of the application's module
     * @return the map binder of application samplers, keyed by the provider's name
     */
    public static MapBinder<String, SamplerProvider> samplers(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, SamplerProvider.class);
    }

    /**
     * Where the application adds or overrides renderers by name (their format).
     *
     * @param binder the binder of the application's module
     * @return the map binder of application renderers, keyed by the format name
     */
    public static MapBinder<String, RendererProvider> renderers(Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, RendererProvider.class);
    }

    /**
     * Lets the application fix the default backend: {@code backendName(binder()).setBinding().toInstance("djl")}.
     *
     * @param binder the binder of the application's module
     * @return the optional binder of the {@code @Named("cadenza.backend")} string
     */
    public static OptionalBinder<String> backendName(Binder binder) {
        return OptionalBinder.newOptionalBinder(binder, Key.get(String.class, Names.named(Cadenza.BACKEND_PROPERTY)));
    }

    @Override
    protected void configure() {
        // Declare the application maps so they inject as empty maps when nothing is added.
        backends(binder());
        tokenizers(binder());
        samplers(binder());
        renderers(binder());
        backendName(binder());

        Cadenza found = Cadenza.discover(loader);
        MapBinder<String, BackendProvider> b = MapBinder.newMapBinder(binder(), String.class, BackendProvider.class, Discovered.class);
        found.backendProviders().forEach((name, p) -> b.addBinding(name).toInstance(p));
        MapBinder<String, TokenizerProvider<?>> t = MapBinder.newMapBinder(binder(), TypeLiteral.get(String.class), TOKENIZER, Discovered.class);
        found.tokenizers().forEach((name, p) -> t.addBinding(name).toInstance(p));
        MapBinder<String, SamplerProvider> s = MapBinder.newMapBinder(binder(), String.class, SamplerProvider.class, Discovered.class);
        found.samplers().forEach((name, p) -> s.addBinding(name).toInstance(p));
        MapBinder<String, RendererProvider> r = MapBinder.newMapBinder(binder(), String.class, RendererProvider.class, Discovered.class);
        found.renderers().forEach((name, p) -> r.addBinding(name).toInstance(p));
    }

    @Provides
    @Singleton
    Cadenza cadenza(@Discovered Map<String, BackendProvider> discoveredBackends, Map<String, BackendProvider> backends,
                    @Discovered Map<String, TokenizerProvider<?>> discoveredTokenizers, Map<String, TokenizerProvider<?>> tokenizers,
                    @Discovered Map<String, SamplerProvider> discoveredSamplers, Map<String, SamplerProvider> samplers,
                    @Discovered Map<String, RendererProvider> discoveredRenderers, Map<String, RendererProvider> renderers,
                    @Named(Cadenza.BACKEND_PROPERTY) Optional<String> backendName) {
        Cadenza.Builder builder = Cadenza.builder();
        // Discovered first, application bindings second: a later registration of a name replaces the earlier one.
        discoveredBackends.values().forEach(builder::backend);
        backends.forEach((name, p) -> builder.backend(agreed(name, p.name(), "backend", p)));
        discoveredTokenizers.values().forEach(builder::tokenizer);
        tokenizers.forEach((name, p) -> builder.tokenizer(agreed(name, p.name(), "tokenizer", p)));
        discoveredSamplers.values().forEach(builder::sampler);
        samplers.forEach((name, p) -> builder.sampler(agreed(name, p.name(), "sampler", p)));
        discoveredRenderers.values().forEach(builder::renderer);
        renderers.forEach((name, p) -> builder.renderer(agreed(name, p.name(), "renderer", p)));
        if (backendName.isPresent()) {
            String name = backendName.get();
            builder.properties(key -> Cadenza.BACKEND_PROPERTY.equals(key) ? name : System.getProperty(key));
        }
        return builder.build();
    }

    /** The map key is the name the application chose; the provider must answer to it, or the binding is a mistake. */
    private static <T> T agreed(String key, String name, String what, T provider) {
        if (!key.equals(name))
            throw new IllegalArgumentException(what + " bound under '" + key + "' calls itself '" + name + "'");
        return provider;
    }

    /** The default backend, opened on first use. */
    @Provides
    Backend backend(Cadenza cadenza) {
        return cadenza.backend();
    }
}
