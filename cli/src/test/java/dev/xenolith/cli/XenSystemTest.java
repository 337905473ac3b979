package dev.xenolith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.xenolith.cli.image.Catalog;
import dev.xenolith.hypervisor.sched.Scheduler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario image with a hypervisor: Xen with a guest kernel in each domain, and what its statistics say. */
final class XenSystemTest {
    private static final String HYPERVISOR = "name: t\nmachine: {cpus: 2, com1: {baud: 115200}, i8042: true}\n";
    private static final String HOG = "program: [compute: 100ms, loop]";

    private final Cli cli = new Cli();

    @TempDir
    Path dir;

    private Path image(String text) {
        return Cli.image(dir, text);
    }

    @Test
    @SuppressWarnings("unchecked")
    void statistics_giveEachDomainItsXenIdItsVcpusCpuTimeAndItsGuestsTasks() throws Exception {
        Path file = image(HYPERVISOR + "hypervisor: {scheduler: credit}\ndomains:\n"
                + "- name: web\n  vcpus: 2\n  tasks:\n  - {name: server, " + HOG + "}\n"
                + "  - {name: poller, program: [sleep: 5ms, compute: 1ms, loop]}\n"
                + "- name: db\n  sched: {weight: 512}\n  tasks:\n  - {name: query, " + HOG + "}\n"
                + "run: {until: 300ms}\n");
        Path stats = dir.resolve("stats.json");
        assertThat(cli.run("boot", file.toString(), "--quiet", "--trace", "events", "--stats-json",
                stats.toString())).as(cli.takeErr()).isZero();
        List<String> events = cli.takeOut().lines().toList();

        Map<String, Object> json = Cli.json(stats);
        List<Map<String, Object>> domains = Cli.list(json, "domains");
        assertThat(domains).extracting(domain -> domain.get("name")).containsExactly("web", "db");
        assertThat(domains).extracting(domain -> domain.get("id")).containsExactly(1.0, 2.0);
        assertThat(Cli.list(domains.get(0), "vcpus")).extracting(vcpu -> vcpu.get("id")).containsExactly(0.0, 1.0);
        assertThat(Cli.list(domains.get(1), "vcpus")).extracting(vcpu -> vcpu.get("id")).containsExactly(0.0);
        assertThat(Cli.list(domains.get(0), "tasks")).extracting(task -> task.get("name"))
                .containsExactly("server", "poller");
        assertThat(Cli.list(domains.get(1), "tasks")).extracting(task -> task.get("name")).containsExactly("query");
        double allVcpus = 0;
        for (Map<String, Object> domain : domains) {
            double vcpus = 0;
            for (Map<String, Object> vcpu : Cli.list(domain, "vcpus")) {
                vcpus += (double) vcpu.get("cpu_ns");
            }
            assertThat(domain.get("cpu_ns")).as("%s: the sum of its vcpus", domain.get("name")).isEqualTo(vcpus);
            allVcpus += vcpus;
        }
        // Three CPU-bound vcpus keep both CPUs busy from when the domains start (Xen's boot takes ~30 ms).
        assertThat(allVcpus).isBetween(2 * 0.85 * 3e8, 2 * 3e8);

        for (Map<String, Object> cpu : Cli.list(json, "cpus")) {
            String tag = String.format("[%03d]", ((Double) cpu.get("id")).intValue());
            long switches = events.stream().filter(line -> line.contains(tag) && line.contains("xen_sched_switch:"))
                    .count();
            assertThat(cpu.get("context_switches")).as("cpu %s: Xen's vcpu switches", cpu.get("id"))
                    .isEqualTo((double) switches);
            assertThat(switches).isPositive();
            assertThat((Map<String, Object>) cpu.get("interrupts"))
                    .containsEntry("apic_timer_interrupt", cpu.get("timer_interrupts"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void pin_keepsTheDomainsVcpuOnItsCpu() throws Exception {
        Path file = image(HYPERVISOR + "hypervisor: {scheduler: credit}\n"
                + "domains:\n- name: solo\n  pin: [1]\n  tasks:\n  - {name: spin, " + HOG + "}\nrun: {until: 300ms}\n");
        Path stats = dir.resolve("stats.json");
        assertThat(cli.run("boot", file.toString(), "--quiet", "--stats-json", stats.toString())).isZero();
        List<Map<String, Object>> cpus = Cli.list(Cli.json(stats), "cpus");
        // CPU 0 only boots Xen; the vcpu, whose home would be CPU 0, runs on CPU 1 from its start.
        assertThat((double) cpus.get(0).get("busy_ns")).isLessThan(0.15 * 3e8);
        assertThat((double) cpus.get(1).get("busy_ns")).isGreaterThan(0.85 * 3e8);
        assertThat(cpus.get(0).get("context_switches")).isEqualTo(0.0);
    }

    /** The image's kebab-case names reach the plug-ins as Xen's: BVT charges beta twice the virtual time. */
    @Test
    void domainSchedulerParameters_reachThePlugInUnderXensNames() throws Exception {
        Path file = image(HYPERVISOR.replace("cpus: 2", "cpus: 1") + "hypervisor: {scheduler: bvt}\ndomains:\n"
                + "- {name: alpha, tasks: [{name: spin, " + HOG + "}]}\n"
                + "- {name: beta, sched: {mcu-advance: 20}, tasks: [{name: spin, " + HOG + "}]}\n"
                + "run: {until: 1s}\n");
        Path stats = dir.resolve("stats.json");
        assertThat(cli.run("boot", file.toString(), "--quiet", "--stats-json", stats.toString())).isZero();
        List<Map<String, Object>> domains = Cli.list(Cli.json(stats), "domains");
        double alpha = (double) domains.get(0).get("cpu_ns");
        double beta = (double) domains.get(1).get("cpu_ns");
        assertThat(alpha / beta).isCloseTo(2.0, within(0.06));
    }

    /** rrobin's slice, scheduler-wide: two CPU-bound domains switch every rr-slice. */
    @Test
    void globalSchedulerParameters_reachThePlugInUnderXensNames() throws Exception {
        Path file = image(HYPERVISOR.replace("cpus: 2", "cpus: 1")
                + "hypervisor: {scheduler: rrobin, params: {rr-slice: 50ms}}\ndomains:\n"
                + "- {name: a, tasks: [{name: spin, " + HOG + "}]}\n- {name: b, tasks: [{name: spin, " + HOG + "}]}\n"
                + "run: {until: 1s}\n");
        Path stats = dir.resolve("stats.json");
        assertThat(cli.run("boot", file.toString(), "--quiet", "--stats-json", stats.toString())).isZero();
        // rrobin's default slice is 10 ms: about 100 switches in the second instead of 20.
        assertThat((double) Cli.list(Cli.json(stats), "cpus").get(0).get("context_switches")).isBetween(18.0, 22.0);
    }

    @Test
    void everyParameterTheCatalogAccepts_isOneThePlugInKnows() {
        XenolithCatalog catalog = new XenolithCatalog();
        for (String name : catalog.schedulers()) {
            Scheduler plugin = XenSystem.plugin(name);
            assertThat(plugin.optName()).isEqualTo(name);
            for (Catalog.Param param : catalog.globalParams(name)) {
                assertThat(plugin.globalParamNames()).as(name + " " + param.name())
                        .contains(XenolithCatalog.xenName(param.name()));
            }
            for (Catalog.Param param : catalog.domainParams(name)) {
                assertThat(plugin.domainParamNames()).as(name + " " + param.name())
                        .contains(XenolithCatalog.xenName(param.name()));
            }
        }
    }

    @Test
    void aGuestTaskReadingADevice_isAnImageError() throws Exception {
        Path file = image(HYPERVISOR + "hypervisor: {scheduler: credit}\ndomains:\n"
                + "- name: web\n  tasks:\n  - name: reader\n    program: [read: serio_raw, loop]\nrun: {until: 1s}\n");
        assertThat(cli.run("boot", file.toString())).isEqualTo(2);
        assertThat(cli.takeErr()).isEqualTo(file + ":8:21: error: domains.web.tasks.reader.program.0.read: serio_raw"
                + " cannot be used under the hypervisor: Xen owns the machine's i8042 and a domain has no devices (its"
                + " kernel prints through Xen's console_io); tasks may use device files only with"
                + " 'hypervisor: none'\n");
        assertThat(cli.takeOut()).isEmpty();
        assertThat(cli.run("check", file.toString())).isEqualTo(2);
    }

    @Test
    void creditParametersTheSchedulerWouldRefuse_areImageErrorsWithTheirPlace() throws Exception {
        String[][] cases = {
            {"tslice: 1500us", ":3:50: error: hypervisor.params.tslice: expected a multiple of 1ms, as the scheduler"
                + " takes it, found '1500us'"},
            {"ratelimit: 50us", ":3:53: error: hypervisor.params.ratelimit: expected 0us (off) or a time from 100us to"
                + " 500ms, found '50us'"},
            {"ratelimit: 40ms", ":3:41: error: hypervisor.params: ratelimit (40ms) must not exceed tslice (30ms,"
                + " the default)"},
            {"tslice: 2ms, ratelimit: 2500us", ":3:41: error: hypervisor.params: ratelimit (2500us) must not exceed"
                + " tslice (2ms)"},
        };
        for (String[] bad : cases) {
            Path file = image(HYPERVISOR + "hypervisor: {scheduler: credit, params: {" + bad[0] + "}}\ndomains:\n"
                    + "- name: web\n  tasks:\n  - {name: spin, " + HOG + "}\nrun: {until: 1s}\n");
            assertThat(cli.run("check", file.toString())).as(bad[0]).isEqualTo(2);
            assertThat(cli.takeErr()).isEqualTo(file + bad[1] + "\n");
        }
        Path off = image(HYPERVISOR + "hypervisor: {scheduler: credit, params: {tslice: 2ms, ratelimit: 0us}}\n"
                + "domains:\n- name: web\n  tasks:\n  - {name: spin, " + HOG + "}\nrun: {until: 1s}\n");
        assertThat(cli.run("boot", off.toString(), "--quiet", "--until", "50ms")).isZero();
    }

    @Test
    void aRunThatEndsBeforeXenBuiltTheDomains_listsNone() throws Exception {
        Path file = image(HYPERVISOR + "hypervisor: {scheduler: credit}\ndomains:\n"
                + "- name: web\n  tasks:\n  - {name: spin, " + HOG + "}\nrun: {until: 1s}\n");
        Path stats = dir.resolve("stats.json");
        assertThat(cli.run("boot", file.toString(), "--quiet", "--until", "1ms", "--stats-json", stats.toString()))
                .isZero();
        assertThat(Cli.list(Cli.json(stats), "domains")).isEmpty();
    }
}
