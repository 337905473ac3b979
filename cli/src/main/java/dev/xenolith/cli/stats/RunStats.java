package dev.xenolith.cli.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did, as {@code --stats} prints it and {@code --stats-json} writes it: the simulated time,
 * each physical CPU, and each domain with its vcpus and tasks. Times are nanoseconds of simulated time.
 * Lists keep the machine's and the image's order (CPUs by id, domains and tasks as the image lists them),
 * so two runs of one image give equal statistics.
 */
public record RunStats(long simulatedNs, List<CpuStats> cpus, List<DomainStats> domains) {
    public RunStats {
        cpus = List.copyOf(cpus);
        domains = List.copyOf(domains);
    }

    /**
     * One physical CPU: {@code busyNs + idleNs} is the run; {@code interrupts} counts the vectors taken
     * by the software's name for them (an IDT gate's, or Linux's {@code LOC} and {@code RES}), in vector
     * order; {@code timerInterrupts} those of the software's timer vector; {@code contextSwitches} the
     * software's switches on this CPU.
     */
    public record CpuStats(int id, long busyNs, long idleNs, Map<String, Long> interrupts, long timerInterrupts,
            long contextSwitches) {
        public CpuStats {
            interrupts = Collections.unmodifiableMap(new LinkedHashMap<>(interrupts));
        }
    }

    /** A domain (under {@code hypervisor: none}, the native kernel), with the CPU time its vcpus had. */
    public record DomainStats(String name, int id, long cpuNs, List<VcpuStats> vcpus, List<TaskStats> tasks) {
        public DomainStats {
            vcpus = List.copyOf(vcpus);
            tasks = List.copyOf(tasks);
        }
    }

    public record VcpuStats(int id, long cpuNs) {
    }

    /**
     * A guest task: its scheduling policy and nice value as the run ended, its CPU time, the switches
     * it asked for (blocking, yielding) and those forced on it (preemption), and how long it waited
     * from being woken to running.
     */
    public record TaskStats(String name, int pid, String policy, int nice, long cpuNs, long voluntarySwitches,
            long involuntarySwitches, Latency wakeupLatency) {
    }

    /** A latency distribution in nanoseconds: how many samples, the median, the 99th percentile, the largest. */
    public record Latency(long count, long p50, long p99, long max) {
    }
}
