package dev.xenolith.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md section 1: dependencies point down only, the hypervisor reaches a guest only through its
 * own PV ABI package, and output reaches the user only through the CLI. The Maven graph is the first
 * wall; this test checks the package level, where Maven cannot see.
 */
final class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.xenolith");

    @Test
    void layersDependDownwardOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("dev.xenolith.cli..")
                .layer("guest").definedBy("dev.xenolith.guest..")
                .layer("hypervisor").definedBy("dev.xenolith.hypervisor..")
                .layer("devices").definedBy("dev.xenolith.devices..")
                .layer("machine").definedBy("dev.xenolith.machine..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("guest").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("hypervisor").mayOnlyBeAccessedByLayers("guest", "cli")
                .whereLayer("devices").mayOnlyBeAccessedByLayers("hypervisor", "guest", "cli")
                .whereLayer("machine").mayOnlyBeAccessedByLayers("devices", "hypervisor", "guest", "cli")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void guestUsesOnlyTheHypervisorsAbiPackage() {
        noClasses().that().resideInAPackage("dev.xenolith.guest..")
                .should().dependOnClassesThat(resideInAPackage("dev.xenolith.hypervisor..")
                        .and(resideOutsideOfPackage("dev.xenolith.hypervisor.abi..")))
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void modelCodeNeverPrintsToTheConsole() {
        noClasses().that().resideOutsideOfPackage("dev.xenolith.cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void hotPathPackagesUseNeitherStreamsNorLogging() {
        noClasses().that().resideInAnyPackage("dev.xenolith.machine.event..", "dev.xenolith.machine.cpu..")
                .should().dependOnClassesThat().resideInAnyPackage("java.util.stream..", "org.slf4j..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }
}
