package dev.xenolith.guest;

import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Policy;
import java.util.List;
import java.util.Objects;

/**
 * A task the kernel creates: its {@code comm}, policy and priority (rt priority 1..99 for FIFO and RR, 0
 * otherwise), nice value, the guest CPUs it may run on (empty for all), when it is forked, and its program.
 */
public record TaskConfig(String name, Policy policy, int rtPriority, int nice, List<Integer> cpus, long startPicos,
        List<Op> program) {

    public TaskConfig {
        Objects.requireNonNull(name);
        Objects.requireNonNull(policy);
        cpus = List.copyOf(cpus);
        program = List.copyOf(program);
        if (program.isEmpty()) {
            throw new IllegalArgumentException("task " + name + " has an empty program");
        }
        if (policy.isRealtime() != (rtPriority > 0) || rtPriority > 99) {
            throw new IllegalArgumentException("task " + name + ": rt priority " + rtPriority + " with policy " + policy);
        }
        if (nice < -20 || nice > 19) {
            throw new IllegalArgumentException("task " + name + ": nice " + nice);
        }
    }

    /** A SCHED_NORMAL task at nice 0 on any CPU, forked at boot. */
    public static TaskConfig normal(String name, List<Op> program) {
        return new TaskConfig(name, Policy.NORMAL, 0, 0, List.of(), 0, program);
    }
}
