package dev.xenolith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.cli.image.DomainSpec;
import dev.xenolith.cli.image.Scenario;
import dev.xenolith.cli.stats.RunStats;
import dev.xenolith.machine.Machine;
import dev.xenolith.machine.time.Picos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scaled {@code full-stack}: the image's domains copied per two physical CPUs, and that it boots. */
final class BenchImagesTest {

    @Test
    void fullStack_on64Cpus_has32CopiesOfTheImagesDomainsWithUniqueNamesAndTheImageOtherwise() throws Exception {
        Scenario image = ImageLoader.scenario(BuiltIns.DEFAULT, List.of(), null);
        Scenario scaled = BenchImages.fullStack(64);

        assertThat(scaled.machine().cpus()).isEqualTo(64);
        assertThat(scaled.domains()).hasSize(64);
        List<String> names = new ArrayList<>();
        for (int copy = 0; copy < 32; copy++) {
            names.add("batch" + copy);
            names.add("desktop" + copy);
        }
        assertThat(scaled.domains()).extracting(DomainSpec::name).containsExactlyElementsOf(names);
        for (int i = 0; i < scaled.domains().size(); i++) {
            DomainSpec copy = scaled.domains().get(i);
            DomainSpec original = image.domains().get(i % 2);
            assertThat(copy).usingRecursiveComparison().ignoringFields("name").isEqualTo(original);
        }
        assertThat(scaled.hypervisor()).isEqualTo(image.hypervisor());
        assertThat(scaled.machine()).usingRecursiveComparison().ignoringFields("cpus").isEqualTo(image.machine());
        assertThat(scaled.costs()).isEqualTo(image.costs());
        assertThat(scaled.input()).isEqualTo(image.input());
    }

    @Test
    void fullStack_onOneCpu_keepsOneCopy() throws Exception {
        Scenario scaled = BenchImages.fullStack(1);

        assertThat(scaled.machine().cpus()).isEqualTo(1);
        assertThat(scaled.domains()).extracting(DomainSpec::name).containsExactly("batch0", "desktop0");
    }

    /**
     * Xen's boot on 64 CPUs is paced by its console (each AP and each domain it builds prints a line at
     * 115200 baud), so the last of the 64 domains is built about half a simulated second in; by 600 ms every
     * domain has had its vcpus run.
     */
    @Test
    void fullStack_on64Cpus_bootsEveryDomain() throws Exception {
        Scenario scaled = BenchImages.fullStack(64);
        XenSystem xen = new XenSystem();
        Machine machine = BenchImages.boot(BootImage.of(scaled, xen), null);

        machine.runUntil(600 * Picos.PER_MILLISECOND);

        assertThat(machine.cpuCount()).isEqualTo(64);
        List<RunStats.DomainStats> domains = xen.domains(List.of());
        assertThat(domains).extracting(RunStats.DomainStats::name)
                .containsExactlyElementsOf(scaled.domains().stream().map(DomainSpec::name).toList());
        assertThat(domains).allSatisfy(domain -> {
            assertThat(domain.vcpus()).hasSize(2);
            assertThat(domain.cpuNs()).isPositive();
        });
    }
}
