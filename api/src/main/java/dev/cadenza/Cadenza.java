package dev.cadenza;

import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.checkpoint.CheckpointException;
import dev.cadenza.generate.Sampler;
import dev.cadenza.render.Renderer;
import dev.cadenza.spi.Availability;
import dev.cadenza.spi.BackendProvider;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.RendererProvider;
import dev.cadenza.spi.SamplerProvider;
import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.Tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The entry point: the backends, tokenizers, samplers and renderers found on the class path (through
 * {@link ServiceLoader}) or given explicitly (as the Guice module does). An instance, not static state; thread-safe.
 * Every plug-in is found by its name: {@link #backend(String)}, {@link #tokenizer(String, Class)},
 * {@link #sampler(String)}, {@link #renderer(String)}.
 * <p>
 * Backend choice: a name given in code ({@link #backend(String)}), else the system property {@code cadenza.backend},
 * else the environment variable {@code CADENZA_BACKEND}, else the available provider of highest priority.
 */
public final class Cadenza {
    /**
     * The system property that names the default backend ("pure", "djl", "dl4j"); it wins over
     * {@link #BACKEND_ENVIRONMENT}.
     */
    public static final String BACKEND_PROPERTY = "cadenza.backend";
    /** The environment variable that names the default backend when {@link #BACKEND_PROPERTY} is not set. */
    public static final String BACKEND_ENVIRONMENT = "CADENZA_BACKEND";
    private static final System.Logger LOG = System.getLogger("dev.cadenza");

    private final Map<String, BackendProvider> backends;
    private final Map<String, TokenizerProvider<?>> tokenizers;
    private final Map<String, SamplerProvider> samplers;
    private final Map<String, RendererProvider> renderers;
    private final List<String> loadProblems;
    private final Function<String, String> properties;
    private final Function<String, String> environment;
    private final Map<String, Backend> opened = new HashMap<>();

    private Cadenza(Builder b) {
        this.backends = Map.copyOf(b.backends);
        this.tokenizers = Map.copyOf(b.tokenizers);
        this.samplers = Map.copyOf(b.samplers);
        this.renderers = Map.copyOf(b.renderers);
        this.loadProblems = List.copyOf(b.problems);
        this.properties = b.properties;
        this.environment = b.environment;
    }

    /**
     * Everything registered in {@code META-INF/services} visible to the context class loader.
     *
     * @return a new registry; providers that fail to load are left out and listed in {@link #loadProblems()}
     */
    public static Cadenza discover() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return discover(loader != null ? loader : Cadenza.class.getClassLoader());
    }

    /**
     * Everything registered in {@code META-INF/services} visible to the given class loader (for plug-in folders and
     * application servers, where the context class loader is not the one that sees the jars).
     *
     * @param loader the class loader whose service files are read
     * @return a new registry; providers that fail to load are left out and listed in {@link #loadProblems()}
     */
    public static Cadenza discover(ClassLoader loader) {
        Builder b = builder();
        load(BackendProvider.class, loader, b.problems).forEach(b::backend);
        load(TokenizerProvider.class, loader, b.problems).forEach(p -> b.tokenizer((TokenizerProvider<?>) p));
        load(SamplerProvider.class, loader, b.problems).forEach(b::sampler);
        load(RendererProvider.class, loader, b.problems).forEach(b::renderer);
        return b.build();
    }

    /** Loads providers one by one so that a broken jar is reported and does not hide the others. */
    private static <T> List<T> load(Class<T> type, ClassLoader loader, List<String> problems) {
        List<T> found = new ArrayList<>();
        Iterator<T> it = ServiceLoader.load(type, loader).iterator();
        for (int guard = 0; guard < 10_000; guard++) {
            try {
                if (!it.hasNext()) break;
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                String problem = type.getSimpleName() + " failed to load: " + e.getMessage()
                        + (e.getCause() != null ? " (" + e.getCause() + ")" : "");
                problems.add(problem);
                LOG.log(System.Logger.Level.WARNING, problem);
            }
        }
        return found;
    }

    /**
     * An empty registry to fill by hand (tests, dependency injection), or from the class path with
     * {@link Builder#discover(ClassLoader)}.
     *
     * @return a new builder with no providers, reading the real system properties and environment
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Providers given explicitly; later registrations of a name replace earlier ones. */
    public static final class Builder {
        private final Map<String, BackendProvider> backends = new LinkedHashMap<>();
        private final Map<String, TokenizerProvider<?>> tokenizers = new LinkedHashMap<>();
        private final Map<String, SamplerProvider> samplers = new LinkedHashMap<>();
        private final Map<String, RendererProvider> renderers = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private Function<String, String> properties = System::getProperty;
        private Function<String, String> environment = System::getenv;

        /**
         * Registers a backend under its {@link BackendProvider#name()}, replacing any of the same name.
         *
         * @param p the provider; it is not opened until a model asks for that backend
         * @return this builder
         */
        public Builder backend(BackendProvider p) {
            backends.put(p.name(), p);
            return this;
        }

        /**
         * Registers a tokenizer under its {@link TokenizerProvider#name()}, replacing any of the same name.
         *
         * @param p the provider
         * @return this builder
         */
        public Builder tokenizer(TokenizerProvider<?> p) {
            tokenizers.put(p.name(), p);
            return this;
        }

        /**
         * Registers a sampler under its {@link SamplerProvider#name()}, replacing any of the same name.
         *
         * @param p the provider
         * @return this builder
         */
        public Builder sampler(SamplerProvider p) {
            samplers.put(p.name(), p);
            return this;
        }

        /**
         * Registers a renderer under its {@link RendererProvider#name()} (its format), replacing any of the same name.
         *
         * @param p the provider
         * @return this builder
         */
        public Builder renderer(RendererProvider p) {
            renderers.put(p.name(), p);
            return this;
        }

        /**
         * Where the backend property is read (tests replace {@link System#getProperty}).
         *
         * @param lookup a property name to its value, or to null when unset
         * @return this builder
         */
        public Builder properties(Function<String, String> lookup) {
            this.properties = lookup;
            return this;
        }

        /**
         * Where the backend environment variable is read (tests replace {@link System#getenv}).
         *
         * @param lookup a variable name to its value, or to null when unset
         * @return this builder
         */
        public Builder environment(Function<String, String> lookup) {
            this.environment = lookup;
            return this;
        }

        /**
         * Adds the providers found by {@link ServiceLoader} that are not registered yet.
         *
         * @param loader the class loader whose {@code META-INF/services} files are read
         * @return this builder
         */
        public Builder discover(ClassLoader loader) {
            load(BackendProvider.class, loader, problems).forEach(p -> backends.putIfAbsent(p.name(), p));
            load(TokenizerProvider.class, loader, problems).forEach(p -> tokenizers.putIfAbsent(p.name(), (TokenizerProvider<?>) p));
            load(SamplerProvider.class, loader, problems).forEach(p -> samplers.putIfAbsent(p.name(), p));
            load(RendererProvider.class, loader, problems).forEach(p -> renderers.putIfAbsent(p.name(), p));
            return this;
        }

        /**
         * The registry of what was registered; the builder may be reused, later changes do not reach it.
         *
         * @return an immutable registry
         */
        public Cadenza build() {
            return new Cadenza(this);
        }
    }

    /**
     * Providers that failed to load, with the reason.
     *
     * @return one line per provider, type and reason; empty when all loaded (immutable)
     */
    public List<String> loadProblems() {
        return loadProblems;
    }

    /**
     * Every backend provider by name, available or not: {@link BackendProvider#availability()} says which can be
     * opened.
     *
     * @return an immutable map from name to provider
     */
    public Map<String, BackendProvider> backendProviders() {
        return backends;
    }

    /**
     * The default backend: property, then environment, then highest priority available.
     *
     * The backend is opened once and shared: later calls, and {@link #backend(String)} with the same name, return the
     * same
     * instance.
     *
     * @return the opened backend
     * @throws IllegalArgumentException when the property or variable names a backend that is not registered
     * @throws IllegalStateException when the named backend is unavailable, or none is named and none is available
     */
    public synchronized Backend backend() {
        String named = properties.apply(BACKEND_PROPERTY);
        String source = "system property " + BACKEND_PROPERTY;
        if (named == null || named.isBlank()) {
            named = environment.apply(BACKEND_ENVIRONMENT);
            source = "environment variable " + BACKEND_ENVIRONMENT;
        }
        if (named != null && !named.isBlank()) return open(named.trim(), source);
        BackendProvider best = backends.values().stream()
                .filter(p -> safeAvailability(p).available())
                .max(Comparator.comparingInt(BackendProvider::priority).thenComparing(BackendProvider::name, Comparator.reverseOrder()))
                .orElseThrow(() -> new IllegalStateException("no Cadenza backend is available. " + describeBackends()
                        + " Add a backend dependency, e.g. dev.cadenza:cadenza-backend-pure."));
        return open(best.name(), "highest priority");
    }

    /**
     * The backend of that name ("pure", "djl", "dl4j").
     *
     * Opened once and shared, as {@link #backend()}.
     *
     * @param name the provider's name
     * @return the opened backend
     * @throws IllegalArgumentException when no backend of that name is registered
     * @throws IllegalStateException when it is registered but unavailable on this machine (the message says why)
     */
    public synchronized Backend backend(String name) {
        return open(name, "name given in code");
    }

    private Backend open(String name, String source) {
        Backend b = opened.get(name);
        if (b != null) return b;
        BackendProvider p = backends.get(name);
        if (p == null)
            throw new IllegalArgumentException("unknown Cadenza backend '" + name + "' (from " + source + "). " + describeBackends());
        Availability a = safeAvailability(p);
        if (!a.available())
            throw new IllegalStateException("Cadenza backend '" + name + "' (from " + source + ") is not available: " + a.reason()
                    + ". " + describeBackends());
        b = new Backend(p.open());
        opened.put(name, b);
        List<String> others = new ArrayList<>();
        backends.values().stream().filter(o -> !o.name().equals(name)).forEach(o -> others.add(o.name() + " (" + safeAvailability(o).reason() + ")"));
        LOG.log(System.Logger.Level.INFO, "Cadenza backend ''{0}'' chosen by {1}; also found: {2}", name, source,
                others.isEmpty() ? "none" : String.join(", ", others));
        return b;
    }

    private static Availability safeAvailability(BackendProvider p) {
        try {
            return p.availability();
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("availability check failed: " + e);
        }
    }

    /**
     * "Backends found: pure (priority 100, available), djl (priority 50, unavailable: ...)." plus load failures.
     *
     * @return a one-paragraph description for error messages and logs
     */
    public String describeBackends() {
        StringBuilder sb = new StringBuilder("Backends found: ");
        if (backends.isEmpty()) sb.append("none");
        List<BackendProvider> list = new ArrayList<>(backends.values());
        list.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        for (int i = 0; i < list.size(); i++) {
            BackendProvider p = list.get(i);
            Availability a = safeAvailability(p);
            sb.append(i == 0 ? "" : ", ").append(p.name()).append(" (priority ").append(p.priority()).append(", ")
                    .append(a.available() ? "available" : "unavailable: " + a.reason()).append(')');
        }
        sb.append('.');
        if (!loadProblems.isEmpty()) sb.append(" Providers that failed to load: ").append(String.join("; ", loadProblems)).append('.');
        return sb.toString();
    }

    /**
     * The tokenizer provider of that name, whatever its item type (for listings; see {@link #tokenizer(String,
     * Class)}).
     *
     * @param name the provider's name, e.g. "abc-char"
     * @return the provider
     * @throws IllegalArgumentException when none of that name is registered (the message lists those that are)
     */
    public TokenizerProvider<?> tokenizer(String name) {
        return find(tokenizers, name, "tokenizer");
    }

    /**
     * The tokenizer provider of that name, typed by its corpus items, so that {@code fit} returns a
     * {@code Tokenizer<I>} without a cast: {@code cadenza.tokenizer("abc-char", String.class).fit(tunes, Options.none())}.
     * A provider of another item type is an IllegalArgumentException naming both types.
     *
     * @param <I> the corpus item type
     * @param name the provider's name, e.g. "abc-char"
     * @param itemType the class of the corpus items the caller has, e.g. {@code String.class} for ABC tune text
     * @return the provider, typed
     * @throws IllegalArgumentException when none of that name is registered, or it reads another item type
     */
    @SuppressWarnings("unchecked")
    public <I> TokenizerProvider<I> tokenizer(String name, Class<I> itemType) {
        TokenizerProvider<?> p = tokenizer(name);
        if (!p.itemType().equals(itemType))
            throw new IllegalArgumentException("tokenizer '" + name + "' reads items of type " + p.itemType().getName() + ", not "
                    + itemType.getName());
        return (TokenizerProvider<I>) p; // checked above: the provider's declared item type is I
    }

    /**
     * Every tokenizer provider by name.
     *
     * @return an immutable map from name to provider
     */
    public Map<String, TokenizerProvider<?>> tokenizers() {
        return tokenizers;
    }

    /**
     * The sampler of that name with its default options.
     *
     * @param name the provider's name, e.g. "top-p", "temperature"
     * @return a new sampler; samplers may keep state, so each generation should have its own
     * @throws IllegalArgumentException when no sampler of that name is registered
     */
    public Sampler sampler(String name) {
        return sampler(name, Options.none());
    }

    /**
     * The sampler of that name with options in their string form, e.g. {@code sampler("top-p",
     * Options.parse("p=0.9"))}.
     *
     * @param name the provider's name
     * @param options the sampler's settings; unknown or malformed keys are the provider's IllegalArgumentException
     * @return a new sampler
     * @throws IllegalArgumentException when no sampler of that name is registered, or the options are not accepted
     */
    public Sampler sampler(String name, Options options) {
        return find(samplers, name, "sampler").create(options);
    }

    /**
     * Every sampler provider by name.
     *
     * @return an immutable map from name to provider
     */
    public Map<String, SamplerProvider> samplers() {
        return samplers;
    }

    /**
     * The renderer of that name, which is its format: "midi", "wav", "abc", "musicxml", "png"...
     *
     * @param name the format name
     * @return a new renderer
     * @throws IllegalArgumentException when no renderer of that name is registered
     */
    public Renderer renderer(String name) {
        return find(renderers, name, "renderer").create();
    }

    /**
     * Every renderer provider by name (the name is the output format).
     *
     * @return an immutable map from name to provider
     */
    public Map<String, RendererProvider> renderers() {
        return renderers;
    }

    private static <T> T find(Map<String, T> map, String name, String what) {
        T t = map.get(name);
        if (t == null)
            throw new IllegalArgumentException("unknown " + what + " '" + name + "'; found: "
                    + (map.isEmpty() ? "none (add the module that provides it)" : String.join(", ", new java.util.TreeSet<>(map.keySet()))));
        return t;
    }

    /**
     * A trained model opened on the default backend (chosen by the rules above), with its tokenizer restored from the
     * checkpoint. Every problem with the file is a {@link CheckpointException} naming it.
     *
     * @param checkpoint a checkpoint file written by {@link dev.cadenza.checkpoint.Checkpoint#write} or the trainer
     * @return the model, which the caller closes, with its tokenizer
     * @throws IOException when the file cannot be read or is not a valid checkpoint ({@link CheckpointException})
     */
    public LoadedModel load(Path checkpoint) throws IOException {
        return load(checkpoint, backend());
    }

    /**
     * As {@link #load(Path)}, on the given backend.
     *
     * @param file a checkpoint file
     * @param backend the backend to build the model on; its engine need not be the one that trained it
     * @return the model, which the caller closes, with its tokenizer
     * @throws IOException when the file cannot be read or is not a valid checkpoint ({@link CheckpointException})
     */
    public LoadedModel load(Path file, Backend backend) throws IOException {
        return open(Checkpoint.read(file), file, backend);
    }

    /**
     * The pretrained models on the class path (from every {@code META-INF/cadenza/pretrained.json}; the
     * {@code cadenza-models} artifact ships the recipes' models), sorted by name.
     *
     * @return the models' descriptions, sorted by name; empty when no pretrained artifact is on the class path
     * @throws IOException when an index cannot be read or parsed
     */
    public List<PretrainedModel> pretrainedModels() throws IOException {
        return PretrainedIndex.read(loader());
    }

    /**
     * A pretrained model by name (see {@link #pretrainedModels()}), opened on the default backend with its tokenizer.
     *
     * @param name the model's name, as listed by {@link #pretrainedModels()}
     * @return the model, which the caller closes, with its tokenizer
     * @throws IOException when the model's resource is missing or not a valid checkpoint
     * @throws IllegalArgumentException when no pretrained model has that name
     */
    public LoadedModel pretrained(String name) throws IOException {
        return pretrained(name, backend());
    }

    /**
     * As {@link #pretrained(String)}, on the given backend.
     *
     * @param name the model's name, as listed by {@link #pretrainedModels()}
     * @param backend the backend to build the model on
     * @return the model, which the caller closes, with its tokenizer
     * @throws IOException when the model's resource is missing or not a valid checkpoint
     * @throws IllegalArgumentException when no pretrained model has that name
     */
    public LoadedModel pretrained(String name, Backend backend) throws IOException {
        List<PretrainedModel> all = pretrainedModels();
        PretrainedModel model = all.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no pretrained model '" + name + "' on the class path; " + (all.isEmpty()
                        ? "there is none: add the dependency dev.cadenza:cadenza-models"
                        : "found: " + String.join(", ", all.stream().map(PretrainedModel::name).toList()))));
        try (java.io.InputStream in = loader().getResourceAsStream(model.resource())) {
            if (in == null) throw new IOException("pretrained model '" + name + "': resource " + model.resource() + " is missing from the class path");
            return open(Checkpoint.read(in), Path.of(model.resource()), backend);
        }
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : Cadenza.class.getClassLoader();
    }

    private LoadedModel open(Checkpoint c, Path file, Backend backend) throws IOException {
        Tokenizer<?> tokenizer = null;
        if (c.tokenizer() != null) {
            TokenizerProvider<?> provider = tokenizers.get(c.tokenizer().name());
            if (provider == null)
                throw new CheckpointException(file, "manifest.json", "tokenizer", "a tokenizer this class path provides ("
                        + String.join(", ", new java.util.TreeSet<>(tokenizers.keySet())) + "), found '" + c.tokenizer().name()
                        + "' (add the module that provides it, usually cadenza-tokenizers)", null);
            try {
                tokenizer = provider.restore(c.tokenizer().config(), c.tokenizer().vocabulary());
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file, "manifest.json", "tokenizer.config", "a configuration tokenizer '"
                        + c.tokenizer().name() + "' accepts, but it says: " + e.getMessage(), e);
            }
        }
        SequenceModel model = backend.create(c.spec(), c.weights());
        return new LoadedModel(model, tokenizer, c);
    }

    /**
     * A model with the tokenizer it was trained with (null when the checkpoint holds none) and the checkpoint read.
     *
     * @param model the model, built on the chosen backend; closed by {@link #close()}
     * @param tokenizer the tokenizer restored from the checkpoint, or null when it holds none
     * @param checkpoint the checkpoint as read (spec, weights, tokenizer state, metadata)
     */
    public record LoadedModel(SequenceModel model, Tokenizer<?> tokenizer, Checkpoint checkpoint) implements AutoCloseable {
        /**
         * The tokenizer typed by its corpus items, so user code needs no cast; an IllegalStateException when there is
         * none or it reads another type.
         *
         * @param <I> the corpus item type
         * @param itemType the class of the corpus items the caller has
         * @return the tokenizer, typed
         */
        @SuppressWarnings("unchecked")
        public <I> Tokenizer<I> tokenizer(Class<I> itemType) {
            if (tokenizer == null) throw new IllegalStateException("the checkpoint holds no tokenizer");
            if (!tokenizer.itemType().equals(itemType))
                throw new IllegalStateException("the checkpoint's tokenizer '" + tokenizer.name() + "' reads " + tokenizer.itemType().getName()
                        + ", not " + itemType.getName());
            return (Tokenizer<I>) tokenizer; // checked above
        }

        /**
         * Closes the model, releasing its engine's memory.
         */
        @Override
        public void close() {
            model.close();
        }
    }
}
