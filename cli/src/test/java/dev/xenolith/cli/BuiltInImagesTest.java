package dev.xenolith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
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

    static Stream<String> nativeImages() {
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
    @MethodSource("nativeImages")
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
