package dev.cadenza.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.cadenza.Cadenza;
import dev.cadenza.spi.BackendProvider;
import dev.cadenza.spi.Engine;
import dev.cadenza.spi.EngineModel;
import dev.cadenza.spi.EngineState;
import dev.cadenza.spi.EngineTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module boundaries of Cadenza (model contract v2), checked over the main classes of every module. */
class ArchitectureTest {
    /** The api module: the user API in {@code dev.cadenza} itself, the model, the engine SPI and the rest. */
    private static final String[] API = {"dev.cadenza", "dev.cadenza.music..", "dev.cadenza.model..", "dev.cadenza.token..",
            "dev.cadenza.generate..", "dev.cadenza.render..", "dev.cadenza.spi..", "dev.cadenza.checkpoint..", "dev.cadenza.train..",
            "dev.cadenza.io..", "dev.cadenza.optim.."};
    /** The engine modules, each implementing the SPI. */
    private static final String[] BACKENDS = {"dev.cadenza.pure..", "dev.cadenza.djl..", "dev.cadenza.dl4j.."};
    /** Each framework with the one module allowed to name it. */
    private static final Map<String, String[]> FRAMEWORKS = Map.of(
            "dev.cadenza.djl..", new String[] {"ai.djl.."},
            "dev.cadenza.dl4j..", new String[] {"org.nd4j..", "org.deeplearning4j..", "org.bytedeco.."},
            "dev.cadenza.spark..", new String[] {"org.apache.spark.."});
    /** The modules that work with every engine. */
    private static final String[] ENGINE_NEUTRAL = {"dev.cadenza.tokenizers..", "dev.cadenza.samplers..", "dev.cadenza.renderers..",
            "dev.cadenza.formats..", "dev.cadenza.corpus..", "dev.cadenza.guice..", "dev.cadenza.examples..", "dev.cadenza.testkit..",
            "dev.cadenza.spark..", "dev.cadenza.bench.."};
    /**
     * Known exception to {@link #engineNeutralModulesNameNoEngine()}: KernelBenchmark measures backend-pure's SIMD
     * kernels themselves, below any engine-neutral API (benchmarks/README.md).
     */
    private static final String KERNEL_BENCHMARK = "dev\\.cadenza\\.bench\\.KernelBenchmark(\\$.*)?";
    private static JavaClasses classes;

    @BeforeAll
    static void importAll() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.cadenza");
    }

    @Test
    void everyModuleIsImported() {
        for (String pkg : new String[] {"dev.cadenza", "dev.cadenza.model", "dev.cadenza.spi", "dev.cadenza.optim", "dev.cadenza.corpus",
                "dev.cadenza.pure", "dev.cadenza.djl", "dev.cadenza.dl4j", "dev.cadenza.formats.midi", "dev.cadenza.tokenizers.abc",
                "dev.cadenza.samplers", "dev.cadenza.renderers", "dev.cadenza.testkit", "dev.cadenza.guice", "dev.cadenza.examples",
                "dev.cadenza.bench", "dev.cadenza.spark"})
            assertTrue(classes.containPackage(pkg), "package " + pkg + " missing from the import");
    }

    @Test
    void apiNamesNoOtherModule() {
        String[] allowed = Stream.concat(Arrays.stream(API), Stream.of("java..", "javax.annotation..", "com.fasterxml.jackson.jr.."))
                .toArray(String[]::new);
        classes().that().resideInAnyPackage(API).should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .because("the api is what every user, engine and plug-in depends on: the JDK plus one small JSON library")
                .check(classes);
    }

    @Test
    void frameworksStayInTheirModules() {
        FRAMEWORKS.forEach((owner, frameworks) -> noClasses().that().resideOutsideOfPackage(owner)
                .should().dependOnClassesThat().resideInAnyPackage(frameworks)
                .because(String.join(", ", frameworks) + " belong to " + owner + " alone: dropping that module's jar must drop the framework")
                .check(classes));
    }

    @Test
    void spiNamesNoEngine() {
        String[] engines = Stream.concat(Arrays.stream(BACKENDS), FRAMEWORKS.values().stream().flatMap(Arrays::stream)).toArray(String[]::new);
        noClasses().that().resideInAPackage("dev.cadenza.spi..").should().dependOnClassesThat().resideInAnyPackage(engines)
                .because("the SPI is the contract every engine implements, so it can name none of them").check(classes);
    }

    @Test
    void enginesDoNotDependOnEachOther() {
        for (String backend : BACKENDS) {
            String[] others = Arrays.stream(BACKENDS).filter(b -> !b.equals(backend)).toArray(String[]::new);
            noClasses().that().resideInAPackage(backend).should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("swapping a backend must mean changing a dependency and nothing else").check(classes);
        }
    }

    @Test
    void enginesNeverCallTheUserApi() {
        noClasses().that().resideInAnyPackage(BACKENDS).should().dependOnClassesThat().resideInAPackage("dev.cadenza")
                .because("the user API (Cadenza, Backend, SequenceModel, TrainingSession, ModelState) wraps the engines and checks "
                        + "every argument once; an engine only implements dev.cadenza.spi").check(classes);
    }

    /** Each engine package implements every SPI interface, and its provider is registered for ServiceLoader. */
    @Test
    void enginesImplementTheSpi() {
        List<Class<?>> spi = List.of(BackendProvider.class, Engine.class, EngineModel.class, EngineState.class, EngineTrainer.class);
        for (String backend : BACKENDS) {
            String pkg = backend.substring(0, backend.length() - 2);
            for (Class<?> type : spi)
                assertTrue(classes.stream().anyMatch(c -> c.getPackageName().equals(pkg) && !c.isInterface() && c.isAssignableTo(type)),
                        pkg + " has no class implementing " + type.getName());
        }
        assertEquals(List.of("djl", "dl4j", "pure"), Cadenza.discover().backendProviders().keySet().stream().sorted().toList(),
                "providers registered in META-INF/services/" + BackendProvider.class.getName());
    }

    @Test
    void engineNeutralModulesNameNoEngine() {
        String[] engines = Stream.concat(Arrays.stream(BACKENDS), FRAMEWORKS.values().stream().flatMap(Arrays::stream))
                .filter(p -> !p.equals("org.apache.spark..")).toArray(String[]::new);
        noClasses().that().resideInAnyPackage(ENGINE_NEUTRAL).and().haveNameNotMatching(KERNEL_BENCHMARK)
                .should().dependOnClassesThat().resideInAnyPackage(engines)
                .because("tokenizers, samplers, renderers, formats, corpora, examples and the rest run on whichever engine is "
                        + "found; they reach one only through the api").check(classes);
    }

    @Test
    void corporaUseTheJdkOnly() {
        classes().that().resideInAPackage("dev.cadenza.corpus..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "dev.cadenza.corpus..")
                .because("the corpus resolver is used by build scripts and tests that load nothing else").check(classes);
    }

    @Test
    void onlyTheGuiceModuleImportsGuice() {
        noClasses().that().resideOutsideOfPackage("dev.cadenza.guice..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..")
                .because("Guice is optional: everything works with ServiceLoader alone").check(classes);
    }

    /**
     * Known exceptions, by design rather than by accident: a plug-in provider interface of the SPI names the type it
     * provides (Tokenizer, Sampler, Renderer), and those types take the SPI's typed {@code Options}; and
     * {@code MusicFiles}, the formats module's facade, opens the readers of its sub-packages, which throw the module's
     * base {@code MusicFormatException} from the same package. Every other package cycle fails.
     */
    @Test
    void noPackageCycles() {
        slices().matching("dev.cadenza.(**)").should().beFreeOfCycles()
                .ignoreDependency(resideInAPackage("dev.cadenza.spi.."),
                        resideInAnyPackage("dev.cadenza.token..", "dev.cadenza.generate..", "dev.cadenza.render.."))
                .ignoreDependency(nameMatching("dev\\.cadenza\\.formats\\.MusicFiles(\\$.*)?"),
                        resideInAnyPackage("dev.cadenza.formats.abc..", "dev.cadenza.formats.midi.."))
                .check(classes);
    }

    @Test
    void libraryCodeDoesNotWriteToStandardStreams() {
        // Known exceptions: SparkCadenza is the spark module's command line (spark-submit's main class), and
        // SameDiffNoise only swaps System.out for a filter that drops SameDiff's own lines while DL4J builds a gradient.
        noClasses().that().resideOutsideOfPackages("dev.cadenza.examples..", "dev.cadenza.bench..")
                .and().haveNameNotMatching("dev\\.cadenza\\.(spark\\.SparkCadenza|dl4j\\.SameDiffNoise)(\\$.*)?")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .because("a library reports through loggers and listeners; only the command line prints").check(classes);
    }

    @Test
    void noStackTracesArePrinted() {
        noClasses().should().callMethodWhere(target(name("printStackTrace")))
                .because("errors are reported through loggers or exceptions with clear messages, never dumped to a stream").check(classes);
    }

}
