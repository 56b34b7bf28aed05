package dev.cadenza.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module boundaries of Cadenza, checked over the main classes of every module. */
class ArchitectureTest {
    private static final String[] BACKENDS = {"dev.cadenza.pure..", "dev.cadenza.djl..", "dev.cadenza.dl4j.."};
    private static final String[] ENGINES = {"ai.djl..", "org.nd4j..", "org.deeplearning4j..", "org.bytedeco.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importAll() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.cadenza");
    }

    @Test
    void everyModuleIsImported() {
        for (String pkg : new String[] {"dev.cadenza.model", "dev.cadenza.pure", "dev.cadenza.guice", "dev.cadenza.formats.midi",
                "dev.cadenza.formats.abc"})
            assertTrue(classes.containPackage(pkg), "package " + pkg + " missing from the import");
    }

    @Test
    void apiDependsOnTheJdkAndItsJsonLibraryOnly() {
        ArchRule rule = classes().that().resideInAnyPackage("dev.cadenza", "dev.cadenza.music..", "dev.cadenza.model..",
                        "dev.cadenza.token..", "dev.cadenza.generate..", "dev.cadenza.render..", "dev.cadenza.spi..",
                        "dev.cadenza.checkpoint..", "dev.cadenza.train..", "dev.cadenza.io..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.annotation..", "dev.cadenza",
                        "dev.cadenza.music..", "dev.cadenza.model..", "dev.cadenza.token..", "dev.cadenza.generate..",
                        "dev.cadenza.render..", "dev.cadenza.spi..", "dev.cadenza.checkpoint..", "dev.cadenza.train..",
                        "dev.cadenza.io..", "com.fasterxml.jackson.jr..")
                .because("the api is what every user and plug-in depends on: the JDK plus one small JSON library");
        rule.check(classes);
    }

    @Test
    void backendsDoNotDependOnEachOther() {
        for (String backend : BACKENDS) {
            String[] others = java.util.Arrays.stream(BACKENDS).filter(b -> !b.equals(backend)).toArray(String[]::new);
            noClasses().that().resideInAPackage(backend).should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("swapping a backend must mean changing a dependency and nothing else").check(classes);
        }
    }

    @Test
    void pluginsDoNotDependOnAnyBackendOrEngine() {
        String[] forbidden = java.util.stream.Stream.concat(java.util.Arrays.stream(BACKENDS), java.util.Arrays.stream(ENGINES))
                .toArray(String[]::new);
        noClasses().that().resideInAnyPackage("dev.cadenza.tokenizers..", "dev.cadenza.samplers..", "dev.cadenza.renderers..",
                        "dev.cadenza.formats..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("tokenizers, samplers and renderers work with every backend").check(classes);
    }

    @Test
    void onlyTheGuiceModuleImportsGuice() {
        noClasses().that().resideOutsideOfPackage("dev.cadenza.guice..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..")
                .because("Guice is optional: everything works with ServiceLoader alone").check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.cadenza.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void libraryCodeDoesNotWriteToStandardStreams() {
        noClasses().that().resideOutsideOfPackages("dev.cadenza.examples..", "dev.cadenza.bench..")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .because("a library reports through loggers and listeners; only the command line prints").check(classes);
    }
}
