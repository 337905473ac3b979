package dev.xenolith.guest.sched;

import dev.xenolith.devices.board.PcBoard;
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
    /** The PIT's input clock ({@code CLOCK_TICK_RATE}) and the APIC timer's divider ({@code APIC_DIVISOR}). */
    private static final long CLOCK_TICK_RATE = 1_193_182L;
    private static final long APIC_DIVISOR = 16;

    /**
     * An ideal machine for analytic figures: every cost zero (the serial console waits for the UART with
     * {@code udelay(1)}, so its output still takes time). Ticks cost nothing, so every ns of CPU time is a
     * task's, and a switch at a tick happens at the tick's instant.
     */
    static final CostModel IDEAL = CostModel.zero();

    private SchedKit() {
    }

    /**
     * How long a periodic tick really lasts, in ps: the lapic clockevent's periodic count is what
     * {@code calibrate_APIC_clock} saw the APIC timer (bus clock / APIC_DIVISOR) count during one PIT tick of
     * LATCH = (1193182 + HZ/2) / HZ clocks, truncated. With the standard 100 MHz bus: at HZ=250, 25001.6
     * counts, so 25001 x 160 ns = 4000160 ns; at HZ=1000, 6249 x 160 ns = 999840 ns. The run queue's clock
     * moves by TICK_NSEC a tick all the same (4000250 and 999848 ns), as {@code scheduler_tick} never lets it
     * move less.
     */
    static long tickPicos(int hz) {
        long latch = (CLOCK_TICK_RATE + hz / 2) / hz;
        long busHz = PcBoard.Options.standard().apicBusHz();
        long count = latch * busHz / (CLOCK_TICK_RATE * APIC_DIVISOR);
        return count * APIC_DIVISOR * Picos.PER_SECOND / busHz;
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
