package dev.xenolith.cli.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run with two CPUs and a domain with a vcpu and two tasks, every figure distinct. */
final class SampleStats {
    private SampleStats() {
    }

    static RunStats run() {
        Map<String, Long> interrupts = new LinkedHashMap<>();
        interrupts.put("irq0", 5L);
        interrupts.put("apic_timer", 50L);
        RunStats.CpuStats cpu0 = new RunStats.CpuStats(0, 1_234_567, 48_765_433, interrupts, 50, 7);
        RunStats.CpuStats cpu1 = new RunStats.CpuStats(1, 0, 50_000_000, Map.of(), 0, 0);
        RunStats.TaskStats reader = new RunStats.TaskStats("reader", 2, "fifo", 0, 345_678, 12, 1,
                new RunStats.Latency(12, 1_500, 9_999, 12_345));
        RunStats.TaskStats hog = new RunStats.TaskStats("hog \"x\"", 3, "normal", -5, 888_999, 0, 40,
                new RunStats.Latency(0, 0, 0, 0));
        RunStats.DomainStats web = new RunStats.DomainStats("web", 1, 1_234_567,
                List.of(new RunStats.VcpuStats(0, 1_234_567)), List.of(reader, hog));
        return new RunStats(50_000_000, List.of(cpu0, cpu1), List.of(web));
    }
}
