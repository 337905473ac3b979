package dev.xenolith.guest.sched;

import dev.xenolith.guest.KernelConfig;
import dev.xenolith.guest.NativeMachine;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.task.Op;
import dev.xenolith.guest.task.Policy;
import dev.xenolith.guest.task.Work;
import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.time.Picos;
import dev.xenolith.machine.trace.TraceSink;
import java.util.List;

/** Machines and task programs the scheduler behaviour tests share. */
final class SchedKit {
    static final long MS = Picos.PER_MILLISECOND;
    static final long NS_PER_MS = 1_000_000L;
    static final long NS_PER_US = 1_000L;

    /**
     * An ideal machine for analytic figures: every cost zero except port I/O, because the serial console
     * polls the UART's LSR until the transmitter is free and only the port reads' own cost moves the clock
     * on while it waits. Ticks cost nothing, so every ns of CPU time is a task's.
     */
    static final CostModel IDEAL = CostModel.zero().with("port_io", 3000);

    private SchedKit() {
    }

    /** Boots {@code cpus} CPUs at {@code hz} with periodic ticks and full preemption. */
    static NativeMachine boot(int cpus, int hz, CostModel costs, TraceSink trace, TaskConfig... tasks) {
        return new NativeMachine(cpus, new KernelConfig(hz, false, false, true, 1, List.of(tasks)), costs, trace);
    }

    /** A CPU hog: user-mode work for ever. */
    static List<Op> hog() {
        return List.of(Op.Compute.of(Work.picos(1000 * MS)), new Op.Loop(Op.Loop.FOREVER));
    }

    /** Sleeps for {@code sleepPicos}, computes for {@code computePicos}, and again, for ever. */
    static List<Op> sleeper(long sleepPicos, long computePicos) {
        return List.of(new Op.Sleep(sleepPicos), Op.Compute.of(Work.picos(computePicos)), new Op.Loop(Op.Loop.FOREVER));
    }

    /** Reads one byte of serio_raw, computes for {@code computePicos}, and again, for ever. */
    static List<Op> reader(long computePicos) {
        return List.of(new Op.Read("serio_raw", 1), Op.Compute.of(Work.picos(computePicos)),
                new Op.Loop(Op.Loop.FOREVER));
    }

    static TaskConfig task(String name, Policy policy, int rtPriority, int nice, List<Op> program) {
        return new TaskConfig(name, policy, rtPriority, nice, List.of(), 0, program);
    }

    static TaskConfig pinned(String name, Policy policy, int rtPriority, int cpu, long startPicos, List<Op> program) {
        return new TaskConfig(name, policy, rtPriority, 0, List.of(cpu), startPicos, program);
    }

    static Task task(NativeMachine m, String comm) {
        return m.linux.tasks().stream().filter(t -> t.comm().equals(comm)).findFirst().orElseThrow();
    }
}
