package dev.xenolith.cli.stats;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@link RunStats} as the text tables that {@code --stats} prints after a run: one line per CPU, then,
 * when the software has domains, one block per domain with a line per task. Times are milliseconds (CPU
 * time) and microseconds (latencies) with three decimals; numbers never depend on the host's locale.
 */
public final class StatsTable {
    private static final long NS_PER_US = 1_000L;

    private StatsTable() {
    }

    public static void print(RunStats stats, PrintWriter out) {
        out.printf("%nsimulated time %s s%n%n", decimal(stats.simulatedNs() / NS_PER_US, 6));
        out.print(String.format(Locale.ROOT, "%-4s %12s %12s %7s %8s %9s  %s%n",
                "cpu", "busy ms", "idle ms", "busy", "timer", "switches", "interrupts"));
        for (RunStats.CpuStats cpu : stats.cpus()) {
            out.print(String.format(Locale.ROOT, "%-4d %12s %12s %6.2f%% %8d %9d  %s%n", cpu.id(),
                    millis(cpu.busyNs()), millis(cpu.idleNs()), percent(cpu.busyNs(), stats.simulatedNs()),
                    cpu.timerInterrupts(), cpu.contextSwitches(), interrupts(cpu.interrupts())));
        }
        for (RunStats.DomainStats domain : stats.domains()) {
            domain(domain, out);
        }
        out.flush();
    }

    private static void domain(RunStats.DomainStats domain, PrintWriter out) {
        StringJoiner vcpus = new StringJoiner(", ");
        for (RunStats.VcpuStats vcpu : domain.vcpus()) {
            vcpus.add("v" + vcpu.id() + " " + millis(vcpu.cpuNs()) + " ms");
        }
        out.print(String.format(Locale.ROOT, "%n%-16s %4s %12s  %s%n", "domain", "id", "cpu ms", "vcpus"));
        out.print(String.format(Locale.ROOT, "%-16s %4d %12s  %s%n", domain.name(), domain.id(),
                millis(domain.cpuNs()), vcpus));
        if (domain.tasks().isEmpty()) {
            return;
        }
        out.print(String.format(Locale.ROOT, "  %-16s %6s %-6s %4s %12s %8s %8s %8s %10s %10s %10s%n", "task",
                "pid", "policy", "nice", "cpu ms", "vol sw", "invol sw", "wakeups", "p50 us", "p99 us", "max us"));
        for (RunStats.TaskStats task : domain.tasks()) {
            RunStats.Latency latency = task.wakeupLatency();
            out.print(String.format(Locale.ROOT, "  %-16s %6d %-6s %4d %12s %8d %8d %8d %10s %10s %10s%n",
                    task.name(), task.pid(), task.policy(), task.nice(), millis(task.cpuNs()),
                    task.voluntarySwitches(), task.involuntarySwitches(), latency.count(), micros(latency.p50()),
                    micros(latency.p99()), micros(latency.max())));
        }
    }

    private static String interrupts(Map<String, Long> counts) {
        StringJoiner text = new StringJoiner(" ");
        text.setEmptyValue("-");
        counts.forEach((name, count) -> text.add(name + "=" + count));
        return text.toString();
    }

    private static String millis(long nanos) {
        return decimal(nanos / NS_PER_US, 3);
    }

    private static String micros(long nanos) {
        return decimal(nanos, 3);
    }

    /** {@code units} shifted right by {@code decimals} decimal places, exactly (no floating point on the way). */
    private static String decimal(long units, int decimals) {
        long per = 1;
        for (int i = 0; i < decimals; i++) {
            per *= 10;
        }
        return String.format(Locale.ROOT, "%d.%0" + decimals + "d", units / per, units % per);
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
