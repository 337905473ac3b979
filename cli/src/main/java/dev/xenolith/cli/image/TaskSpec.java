package dev.xenolith.cli.image;

import java.util.List;

/**
 * A guest task: its name (shown as {@code comm}), policy with real-time priority (1..99 for fifo and rr,
 * 0 otherwise) and nice value, its affinity ({@code cpus}, guest CPU numbers; empty for all), the
 * simulated time at which it is created and its program, never empty.
 */
public record TaskSpec(String name, Policy policy, int priority, int nice, List<Integer> cpus, long startPicos,
        List<Step> program, SourcePos pos) {

    public TaskSpec {
        cpus = List.copyOf(cpus);
        program = List.copyOf(program);
    }
}
