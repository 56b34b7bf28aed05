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
    public static final String BACKEND_PROPERTY = "cadenza.backend";
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

    /** Everything registered in {@code META-INF/services} visible to the context class loader. */
    public static Cadenza discover() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return discover(loader != null ? loader : Cadenza.class.getClassLoader());
    }

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

        public Builder backend(BackendProvider p) {
            backends.put(p.name(), p);
            return this;
        }

        public Builder tokenizer(TokenizerProvider<?> p) {
            tokenizers.put(p.name(), p);
            return this;
        }

        public Builder sampler(SamplerProvider p) {
            samplers.put(p.name(), p);
            return this;
        }

        public Builder renderer(RendererProvider p) {
            renderers.put(p.name(), p);
            return this;
        }

        /** Where the backend property is read (tests replace {@link System#getProperty}). */
        public Builder properties(Function<String, String> lookup) {
            this.properties = lookup;
            return this;
        }

        /** Where the backend environment variable is read (tests replace {@link System#getenv}). */
        public Builder environment(Function<String, String> lookup) {
            this.environment = lookup;
            return this;
        }

        /** Adds the providers found by {@link ServiceLoader} that are not registered yet. */
        public Builder discover(ClassLoader loader) {
            load(BackendProvider.class, loader, problems).forEach(p -> backends.putIfAbsent(p.name(), p));
            load(TokenizerProvider.class, loader, problems).forEach(p -> tokenizers.putIfAbsent(p.name(), (TokenizerProvider<?>) p));
            load(SamplerProvider.class, loader, problems).forEach(p -> samplers.putIfAbsent(p.name(), p));
            load(RendererProvider.class, loader, problems).forEach(p -> renderers.putIfAbsent(p.name(), p));
            return this;
        }

        public Cadenza build() {
            return new Cadenza(this);
        }
    }

    /** Providers that failed to load, with the reason. */
    public List<String> loadProblems() {
        return loadProblems;
    }

    public Map<String, BackendProvider> backendProviders() {
        return backends;
    }

    /** The default backend: property, then environment, then highest priority available. */
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

    /** The backend of that name ("pure", "djl", "dl4j"). */
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

    /** "Backends found: pure (priority 100, available), djl (priority 50, unavailable: ...)." plus load failures. */
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

    /** The tokenizer provider of that name, whatever its item type (for listings; see {@link #tokenizer(String, Class)}). */
    public TokenizerProvider<?> tokenizer(String name) {
        return find(tokenizers, name, "tokenizer");
    }

    /**
     * The tokenizer provider of that name, typed by its corpus items, so that {@code fit} returns a
     * {@code Tokenizer<I>} without a cast: {@code cadenza.tokenizer("abc-char", String.class).fit(tunes, Options.none())}.
     * A provider of another item type is an IllegalArgumentException naming both types.
     */
    @SuppressWarnings("unchecked")
    public <I> TokenizerProvider<I> tokenizer(String name, Class<I> itemType) {
        TokenizerProvider<?> p = tokenizer(name);
        if (!p.itemType().equals(itemType))
            throw new IllegalArgumentException("tokenizer '" + name + "' reads items of type " + p.itemType().getName() + ", not "
                    + itemType.getName());
        return (TokenizerProvider<I>) p; // checked above: the provider's declared item type is I
    }

    public Map<String, TokenizerProvider<?>> tokenizers() {
        return tokenizers;
    }

    /** The sampler of that name with its default options. */
    public Sampler sampler(String name) {
        return sampler(name, Options.none());
    }

    /** The sampler of that name with options in their string form, e.g. {@code sampler("top-p", Options.parse("p=0.9"))}. */
    public Sampler sampler(String name, Options options) {
        return find(samplers, name, "sampler").create(options);
    }

    public Map<String, SamplerProvider> samplers() {
        return samplers;
    }

    /** The renderer of that name, which is its format: "midi", "wav", "abc", "musicxml", "png"... */
    public Renderer renderer(String name) {
        return find(renderers, name, "renderer").create();
    }

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
     */
    public LoadedModel load(Path checkpoint) throws IOException {
        return load(checkpoint, backend());
    }

    /** As {@link #load(Path)}, on the given backend. */
    public LoadedModel load(Path file, Backend backend) throws IOException {
        return open(Checkpoint.read(file), file, backend);
    }

    /**
     * The pretrained models on the class path (from every {@code META-INF/cadenza/pretrained.json}; the
     * {@code cadenza-models} artifact ships the recipes' models), sorted by name.
     */
    public List<PretrainedModel> pretrainedModels() throws IOException {
        return PretrainedIndex.read(loader());
    }

    /** A pretrained model by name (see {@link #pretrainedModels()}), opened on the default backend with its tokenizer. */
    public LoadedModel pretrained(String name) throws IOException {
        return pretrained(name, backend());
    }

    /** As {@link #pretrained(String)}, on the given backend. */
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

    /** A model with the tokenizer it was trained with (null when the checkpoint holds none) and the checkpoint read. */
    public record LoadedModel(SequenceModel model, Tokenizer<?> tokenizer, Checkpoint checkpoint) implements AutoCloseable {
        /**
         * The tokenizer typed by its corpus items, so user code needs no cast; an IllegalStateException when there is
         * none or it reads another type.
         */
        @SuppressWarnings("unchecked")
        public <I> Tokenizer<I> tokenizer(Class<I> itemType) {
            if (tokenizer == null) throw new IllegalStateException("the checkpoint holds no tokenizer");
            if (!tokenizer.itemType().equals(itemType))
                throw new IllegalStateException("the checkpoint's tokenizer '" + tokenizer.name() + "' reads " + tokenizer.itemType().getName()
                        + ", not " + itemType.getName());
            return (Tokenizer<I>) tokenizer; // checked above
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
