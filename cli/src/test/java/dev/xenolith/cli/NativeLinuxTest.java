package dev.xenolith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario image with {@code hypervisor: none} booted on the guest kernel, and what its statistics say. */
final class NativeLinuxTest {
    private static final String MACHINE = "name: t\nmachine: {cpus: 2, com1: {baud: 115200}, i8042: true}\n"
            + "hypervisor: none\n";

    private final Cli cli = new Cli();

    @TempDir
    Path dir;

    private Path image(String text) {
        return Cli.image(dir, text);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyStepRuns_andTheStatisticsDescribeTheKernelAsOneDomain() throws Exception {
        Path file = image(MACHINE + "domains:\n- name: native\n  kernel: {hz: 1000, nohz: false, highres: false}\n"
                + "  tasks:\n"
                + "  - name: all\n    cpus: [1]\n    program:\n"
                + "    - compute: {min: 10us, max: 30us}\n    - kernel: 20000cycles\n"
                + "    - read: {device: ttyS0, count: 2}\n"
                + "    - write: {device: ttyS0, bytes: \"got it\\n\"}\n    - sleep: 1ms\n    - wait-period: 5ms\n"
                + "    - yield\n    - setscheduler: {policy: rr, priority: 5}\n    - nice: 3\n    - exit\n"
                + "  - name: late\n    start: 1s\n    program: [compute: 1ms]\n"
                + "input: [{at: 170ms, device: com1, bytes: \"ab\"}]\n"
                + "run: {until: 220ms}\n");
        Path stats = dir.resolve("stats.json");
        assertThat(cli.run("boot", file.toString(), "--stats-json", stats.toString())).as(cli.takeErr()).isZero();
        assertThat(cli.takeOut()).contains("Brought up 2 CPUs").endsWith("got it\n");

        Map<String, Object> json = Cli.json(stats);
        List<Map<String, Object>> cpus = Cli.list(json, "cpus");
        Map<String, Object> domain = Cli.nativeDomain(json);
        assertThat(domain).containsEntry("name", "native").containsEntry("id", 0.0);
        // The vcpus are the CPUs, busy while not halted.
        assertThat(Cli.list(domain, "vcpus")).containsExactly(
                Map.of("id", 0.0, "cpu_ns", cpus.get(0).get("busy_ns")),
                Map.of("id", 1.0, "cpu_ns", cpus.get(1).get("busy_ns")));
        // "late" starts after the end of the run: never forked, so not listed.
        List<Map<String, Object>> tasks = Cli.list(domain, "tasks");
        assertThat(tasks).hasSize(1);
        Map<String, Object> all = tasks.get(0);
        assertThat(all).containsEntry("name", "all").containsEntry("pid", 1.0).containsEntry("policy", "rr")
                .containsEntry("nice", 3.0).containsEntry("cpu_ns", domain.get("cpu_ns"));
        assertThat((double) all.get("voluntary_switches")).isGreaterThanOrEqualTo(3);
        assertThat((Map<String, Object>) all.get("wakeup_latency_ns")).containsOnlyKeys("count", "p50", "p99", "max");
        for (Map<String, Object> cpu : cpus) {
            assertThat((Map<String, Object>) cpu.get("interrupts")).containsEntry("LOC", cpu.get("timer_interrupts"));
        }
        assertThat(cpus.get(0)).containsEntry("context_switches", 0.0);
        // CPU 1 switches to the task when it first runs and at each wake-up, and away each time it blocks or exits.
        assertThat((double) cpus.get(1).get("context_switches")).isEqualTo(2 * (double) all.get("voluntary_switches"));
        // The task runs on CPU 1; CPU 0 takes IRQ4 (8259 interrupts go to the bootstrap CPU) and wakes it with
        // a reschedule IPI.
        assertThat((Map<String, Object>) cpus.get(0).get("interrupts")).containsKey("IRQ0x24_interrupt");
        assertThat((Map<String, Object>) cpus.get(1).get("interrupts")).containsKey("RES");
    }

    @Test
    void aProgramThatReachesItsEnd_exits() throws Exception {
        Path file = image(MACHINE + "domains:\n- name: linux\n  tasks:\n  - name: once\n    program: [compute: 2ms]\n"
                + "run: {until: 200ms}\n");
        assertThat(cli.run("boot", file.toString(), "--quiet", "--stats")).as(cli.takeErr()).isZero();
        assertThat(cli.takeOut()).containsPattern("\n  once +1 normal +0 +2\\.0\\d\\d ");
    }

    @Test
    void theSeed_drawsVariableWork() throws Exception {
        Path file = image(MACHINE + "domains:\n- name: linux\n  tasks:\n"
                + "  - name: jitter\n    program: [compute: {min: 100us, max: 3ms}, sleep: 1ms, loop]\n"
                + "run: {until: 250ms, seed: 1}\n");
        assertThat(cli.run("boot", file.toString(), "--quiet", "--stats")).isZero();
        String seed1 = cli.takeOut();
        assertThat(cli.run("boot", file.toString(), "--quiet", "--stats", "--seed", "2")).isZero();
        assertThat(cli.takeOut()).isNotEqualTo(seed1);
        assertThat(cli.run("boot", file.toString(), "--quiet", "--stats", "--set", "run.seed=2")).isZero();
        assertThat(cli.takeOut()).isNotEqualTo(seed1);
    }

    @Test
    void withoutAnApicTimer_theImageIsRejected() throws Exception {
        Path file = image(MACHINE.replace("i8042: true", "i8042: true, apic-timer: false")
                + "domains: [{name: linux}]\nrun: {until: 1s}\n");
        assertThat(cli.run("boot", file.toString())).isEqualTo(2);
        assertThat(cli.takeErr()).isEqualTo(file + ":2:10: error: machine.apic-timer: the native kernel's tick runs from"
                + " every CPU's local APIC timer once calibrated (a PIT-only tick with broadcast to the other CPUs is not"
                + " modelled), so expected 'apic-timer: true'\n");
        assertThat(cli.takeOut()).isEmpty();
    }

    @Test
    void readingADeviceTheMachineLacks_isRejectedByCheck() throws Exception {
        Path file = image(MACHINE.replace("i8042: true", "i8042: false") + "domains:\n- name: linux\n  tasks:\n"
                + "  - name: reader\n    program: [read: serio_raw, loop]\n"
                + "run: {until: 1s}\n");
        assertThat(cli.run("check", file.toString())).isEqualTo(2);
        assertThat(cli.takeErr()).startsWith(file + ":8:21: error: ").contains("serio_raw needs the machine's i8042");
    }
}
