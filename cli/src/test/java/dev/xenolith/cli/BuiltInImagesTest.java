package dev.xenolith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The images in the jar boot, show what their comments promise, and do the same thing every time. */
final class BuiltInImagesTest {
    /** Long enough for every image to boot and run its tasks for a while; the long runs are left to users. */
    private static final String SHORT = "300ms";

    private final Cli cli = new Cli();

    @TempDir
    Path dir;

    static Stream<String> names() {
        return BuiltIns.NAMES.stream();
    }

    static Stream<String> scenarioImages() {
        return names().filter(name -> !name.equals(BareMetal.NAME));
    }

    @ParameterizedTest
    @MethodSource("names")
    void bootsToItsEnd(String name) {
        Path stats = dir.resolve("stats.json");
        assertThat(cli.run("boot", name, "--quiet", "--until", SHORT, "--stats-json", stats.toString()))
                .as(cli.takeErr()).isZero();
        assertThat(Cli.json(stats)).containsEntry("simulated_ns", 3.0e8);
    }

    @Test
    @SuppressWarnings("unchecked")
    void linuxSerioWakeup_runsToItsEndAndTheReaderWakesForEveryByte() {
        Path file = dir.resolve("stats.json");
        assertThat(cli.run("boot", "linux-serio-wakeup", "--stats-json", file.toString())).isZero();
        assertThat(cli.takeOut()).startsWith("Linux version 2.6.25-xenolith").contains("bound to serio_raw");
        assertThat(cli.takeErr()).isEmpty();

        Map<String, Object> stats = Cli.json(file);
        assertThat(stats).containsEntry("simulated_ns", 6.0e8);
        // Bytes at 200 ms and every 37 ms after: 11 before 600 ms, each one wake-up of A and one preemption of B.
        Map<String, Object> cpu = Cli.list(stats, "cpus").get(0);
        assertThat((Map<String, Object>) cpu.get("interrupts")).containsKeys("LOC", "IRQ0x21_interrupt")
                .containsEntry("LOC", cpu.get("timer_interrupts"));
        List<Map<String, Object>> tasks = Cli.list(Cli.nativeDomain(stats), "tasks");
        assertThat(tasks).extracting(task -> task.get("name")).containsExactly("A", "B");
        assertThat(((Map<String, Object>) tasks.get(0).get("wakeup_latency_ns")).get("count")).isEqualTo(11.0);
        assertThat(tasks.get(1).get("involuntary_switches")).isEqualTo(11.0);
    }

    @Test
    void linuxSerioWakeup_pathShowsTheWakeUpAndThePreemption() {
        assertThat(cli.run("boot", "linux-serio-wakeup", "--quiet", "--path", "serio_raw_interrupt..finish_wait"))
                .isZero();
        String path = cli.takeOut();
        assertThat(path).startsWith("# tracer: function_graph").contains("serio_raw_interrupt() {")
                .contains("try_to_wake_up() {").contains("context_switch() {").contains("finish_wait();");
        assertThat(path.contains("preempt_schedule_irq() {") || path.contains("work_resched() {")).as(path).isTrue();
        assertThat(path.indexOf("try_to_wake_up")).isLessThan(path.indexOf("context_switch"));
        assertThat(cli.takeErr()).isEmpty();
    }

    @Test
    void linuxSerioWakeup_aByteDuringTheSystemCallPreemptsThroughResumeKernel() {
        assertThat(cli.run("boot", "linux-serio-wakeup", "--quiet", "--set", "input.0.from=205ms", "--path",
                "serio_raw_interrupt..finish_wait")).isZero();
        assertThat(cli.takeOut()).contains("resume_kernel() {").contains("preempt_schedule_irq() {")
                .doesNotContain("work_resched");
    }

    @ParameterizedTest
    @MethodSource("scenarioImages")
    void sameSeedTwice_givesByteIdenticalConsoleTracesAndStatistics(String name) throws Exception {
        String first = boot(name, "first.json");
        String second = boot(name, "second.json");
        assertThat(second).isEqualTo(first).contains("Linux version").contains("sched_switch:")
                .contains("schedule() {");
        assertThat(Files.readString(dir.resolve("second.json"))).isEqualTo(Files.readString(dir.resolve("first.json")));
    }

    private String boot(String name, String statsFile) {
        assertThat(cli.run("boot", name, "--until", SHORT, "--seed", "7", "--trace", "graph,events",
                "--stats-json", dir.resolve(statsFile).toString())).isZero();
        return cli.takeOut();
    }

    @Test
    void fullStack_bootsXenAndBothGuestsWhichGoTickless() {
        assertThat(cli.run("boot", "full-stack", "--until", SHORT)).isZero();
        String console = cli.takeOut();
        assertThat(console).startsWith("(XEN) Xen version 2.0.4")
                .contains("(XEN) Using scheduler: SMP Credit Scheduler (credit)\n")
                .contains("(XEN) Domain 1 (batch) created: 2 vcpus\n")
                .contains("(XEN) Domain 2 (desktop) created: 2 vcpus\n");
        for (String domain : List.of("(d1) ", "(d2) ")) {
            assertThat(console).contains(domain + "Linux version 2.6.25-xenolith")
                    .contains(domain + "Switched to NOHz mode on CPU #0\n")
                    .contains(domain + "Switched to NOHz mode on CPU #1\n");
        }
        assertThat(cli.takeErr()).isEmpty();
    }

    @Test
    void fullStack_pathShowsAVcpusTimerEndingASlice() {
        assertThat(cli.run("boot", "full-stack", "--quiet", "--path-after", "500ms", "--path",
                "apic_timer_interrupt..__enter_scheduler")).isZero();
        assertInOrder(cli.takeOut(), "apic_timer_interrupt() {", "raise_softirq(AC_TIMER_SOFTIRQ);", "do_softirq() {",
                "dom_timer_fn() {", "send_guest_virq: vcpu=d2v1 virq=VIRQ_TIMER", "csched_vcpu_wake() {",
                "raise_softirq(SCHEDULE_SOFTIRQ);", "__enter_scheduler() {", "csched_schedule() {",
                "xen_sched_switch: prev=d2v0 prev_state=runnable ==> next=d2v1", "} /* __enter_scheduler */");
    }

    /** The classic path of DESIGN.md section 3.2, as the image's comment describes it. */
    @Test
    void xenTimerSoftirq_pathGoesFromTheApicTimerThroughTheSoftirqsToTheScheduler() {
        assertThat(cli.run("boot", "xen-timer-softirq", "--quiet", "--path", "apic_timer_interrupt..__enter_scheduler"))
                .isZero();
        String path = cli.takeOut();
        assertInOrder(path, "apic_timer_interrupt() {", "smp_apic_timer_interrupt() {",
                "raise_softirq(AC_TIMER_SOFTIRQ);", "ret_from_intr() {", "test_all_events() {", "do_softirq() {",
                "ac_timer_softirq_action() {", "s_timer_fn() {", "raise_softirq(SCHEDULE_SOFTIRQ);",
                "__enter_scheduler() {", "bvt_do_schedule();", "context_switch() {", "xen_sched_switch:",
                "} /* __enter_scheduler */");
        // One activation of Xen's: the guests run only after it.
        assertThat(path).doesNotContain("| d1v0").doesNotContain("| d2v0");
    }

    @Test
    void xenPitTimer_pathStartsAtIrq0sTimerInterruptInstead() {
        assertThat(cli.run("boot", "xen-pit-timer", "--quiet", "--path-after", "40ms", "--path",
                "common_interrupt..__enter_scheduler")).isZero();
        String path = cli.takeOut();
        assertInOrder(path, "common_interrupt() {", "do_IRQ() {", " timer_interrupt() {",
                "raise_softirq(AC_TIMER_SOFTIRQ);", "ret_from_intr() {", "test_all_events() {", "do_softirq() {",
                "s_timer_fn() {", "raise_softirq(SCHEDULE_SOFTIRQ);", "__enter_scheduler() {", "bvt_do_schedule();",
                "xen_sched_switch:", "} /* __enter_scheduler */");
        assertThat(path).doesNotContain("apic_timer_interrupt");
    }

    /** The first PIT tick after boot, latched while Xen booted, finds the idle loop: no slice ends there. */
    @Test
    void xenPitTimer_firstTickSchedulesTheFirstDomainFromTheIdleLoop() {
        assertThat(cli.run("boot", "xen-pit-timer", "--quiet", "--path", "common_interrupt..__enter_scheduler"))
                .isZero();
        String path = cli.takeOut();
        assertInOrder(path, " timer_interrupt() {", "restore_all_xen();", "iret: vector=0x30", "do_softirq() {",
                "__enter_scheduler() {", "prev=idle0");
        assertThat(path).doesNotContain("s_timer_fn");
    }

    /** Without the APIC timer every ac_timer waits for the PIT: 100 ticks a second and 10 ms slices. */
    @Test
    @SuppressWarnings("unchecked")
    void xenPitTimer_ticksAt100HzAndSlicesLastATick() {
        Path apic = dir.resolve("apic.json");
        Path pit = dir.resolve("pit.json");
        assertThat(cli.run("boot", "xen-timer-softirq", "--quiet", "--stats-json", apic.toString())).isZero();
        assertThat(cli.run("boot", "xen-pit-timer", "--quiet", "--stats-json", pit.toString())).isZero();
        Map<String, Object> apicCpu = Cli.list(Cli.json(apic), "cpus").get(0);
        Map<String, Object> pitCpu = Cli.list(Cli.json(pit), "cpus").get(0);
        // Interrupts are taken from the end of Xen's boot (~25 ms): 46 or 47 of the PIT's ticks in 500 ms.
        assertThat((Map<String, Object>) pitCpu.get("interrupts")).containsEntry("IRQ0_interrupt",
                pitCpu.get("timer_interrupts")).doesNotContainKey("apic_timer_interrupt");
        assertThat((double) pitCpu.get("timer_interrupts")).isBetween(45.0, 48.0);
        assertThat((double) pitCpu.get("context_switches"))
                .isLessThan(0.75 * (double) apicCpu.get("context_switches"));
        for (Path file : List.of(apic, pit)) {
            List<Map<String, Object>> domains = Cli.list(Cli.json(file), "domains");
            assertThat((double) domains.get(0).get("cpu_ns") / (double) domains.get(1).get("cpu_ns"))
                    .as("%s: BVT shares 1:1", file.getFileName()).isCloseTo(1.0, within(0.04));
        }
    }

    /**
     * Credit gives three CPU-bound domains 256 : 512 : 256 of one CPU, 1:2:1. The third's cap of 25 % equals
     * that share, so it changes (almost) nothing; a cap of 10 holds it to 10 % and the others share the rest
     * 1:2. Shares are of the time the domains ran (the ~30 ms of Xen's boot ran none of them).
     */
    @Test
    void creditShares_givesTheDomainsTheCpuByWeightWithinTheCap() {
        assertThat(shares("credit-shares")).containsExactly(new double[] {0.25, 0.50, 0.25}, within(0.0075));
        assertThat(shares("credit-shares", "--set", "domains.capped.sched.cap=10"))
                .containsExactly(new double[] {0.30, 0.60, 0.10}, within(0.009));
    }

    private double[] shares(String... boot) {
        Path file = dir.resolve("shares.json");
        List<String> args = new ArrayList<>(List.of("boot"));
        args.addAll(List.of(boot));
        args.addAll(List.of("--quiet", "--stats-json", file.toString()));
        assertThat(cli.run(args.toArray(String[]::new))).isZero();
        List<Map<String, Object>> domains = Cli.list(Cli.json(file), "domains");
        double total = 0;
        for (Map<String, Object> domain : domains) {
            total += (double) domain.get("cpu_ns");
        }
        double[] shares = new double[domains.size()];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = (double) domains.get(i).get("cpu_ns") / total;
        }
        return shares;
    }

    private static void assertInOrder(String text, String... parts) {
        int from = 0;
        for (String part : parts) {
            int at = text.indexOf(part, from);
            assertThat(at).as("'%s' after offset %d in%n%s", part, from, text).isNotNegative();
            from = at + part.length();
        }
    }

    /** {@code prio_to_weight}: nice 0, 5 and 10 weigh 1024, 335 and 110. */
    @Test
    void cfsNice_sharesTheCpuByWeight() {
        Path file = dir.resolve("stats.json");
        assertThat(cli.run("boot", "cfs-nice", "--quiet", "--until", "2s", "--stats-json", file.toString())).isZero();
        List<Map<String, Object>> tasks = Cli.list(Cli.nativeDomain(Cli.json(file)), "tasks");
        double[] weights = {1024, 335, 110};
        double total = 0;
        for (Map<String, Object> task : tasks) {
            total += (double) task.get("cpu_ns");
        }
        assertThat(tasks).extracting(task -> task.get("nice")).containsExactly(0.0, 5.0, 10.0);
        for (int i = 0; i < weights.length; i++) {
            double expected = weights[i] / (weights[0] + weights[1] + weights[2]);
            double share = (double) tasks.get(i).get("cpu_ns") / total;
            assertThat(share / expected).as("%s's share", tasks.get(i).get("name")).isCloseTo(1.0, within(0.03));
        }
    }

    @Test
    void rtRr_givesTheRoundRobinTasksCpu0AndTheOthersCpu1() {
        Path file = dir.resolve("stats.json");
        assertThat(cli.run("boot", "rt-rr", "--quiet", "--stats-json", file.toString())).isZero();
        Map<String, Object> stats = Cli.json(file);
        List<Map<String, Object>> tasks = Cli.list(Cli.nativeDomain(stats), "tasks");
        assertThat(tasks).extracting(task -> task.get("name")).containsExactly("rr1", "rr2", "fifo", "cfs1", "cfs2");
        assertThat(tasks).extracting(task -> task.get("policy"))
                .containsExactly("rr", "rr", "fifo", "normal", "normal");
        // After their inherited first slices of HZ ticks, the RR tasks alternate every 100 ms.
        assertThat((double) tasks.get(0).get("involuntary_switches")).isGreaterThanOrEqualTo(5);
        assertThat((double) tasks.get(1).get("involuntary_switches")).isGreaterThanOrEqualTo(5);
        // fifo sleeps 10 ms, which without high-resolution timers ends at a tick (every 4 ms), then computes 2 ms.
        assertThat((double) tasks.get(2).get("voluntary_switches")).isBetween(3000 / 18.0, 3000 / 12.0);
    }
}
