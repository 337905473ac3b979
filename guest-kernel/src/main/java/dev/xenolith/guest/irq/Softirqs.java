package dev.xenolith.guest.irq;

import static dev.xenolith.guest.LinuxFunction.DO_SOFTIRQ;
import static dev.xenolith.guest.LinuxFunction.__DO_SOFTIRQ;

import dev.xenolith.guest.LinuxFunction;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.trace.Functions;
import dev.xenolith.machine.trace.TraceEvent;

/**
 * {@code kernel/softirq.c}: per-CPU pending bits, {@code open_softirq}, {@code raise_softirq} and
 * {@code __do_softirq}, which runs the pending actions in number order with interrupts on, restarting while
 * more were raised, at most ten passes. What is still pending then would go to {@code ksoftirqd}, which is
 * not modelled: it waits for the next {@code irq_exit}.
 */
public final class Softirqs {
    private static final int MAX_SOFTIRQ_RESTART = 10;

    private final Functions<LinuxFunction> fn;
    private final LocalCpu local;
    private final SoftirqAction[] actions = new SoftirqAction[Softirq.values().length];
    private final int[] pending;
    private final int[] depth;

    public Softirqs(Functions<LinuxFunction> fn, LocalCpu local, int cpus) {
        this.fn = fn;
        this.local = local;
        this.pending = new int[cpus];
        this.depth = new int[cpus];
    }

    public void open(Softirq softirq, SoftirqAction action) {
        actions[softirq.number()] = action;
    }

    /** {@code raise_softirq} on the running CPU (with interrupts off, as its callers are). */
    public void raise(Cpu cpu, Softirq softirq) {
        if (cpu.tracing()) {
            fn.event(cpu, new Raise(softirq));
        }
        pending[local.smpProcessorId(cpu)] |= 1 << softirq.number();
    }

    public boolean pending(int cpu) {
        return pending[cpu] != 0;
    }

    /** {@code in_softirq()}: a softirq is running on this CPU. */
    public boolean inSoftirq(int cpu) {
        return depth[cpu] != 0;
    }

    /** {@code do_softirq}: run what is pending, unless already inside a softirq on this CPU. */
    public void doSoftirq(Cpu cpu) {
        int id = local.smpProcessorId(cpu);
        if (depth[id] != 0 || pending[id] == 0) {
            return;
        }
        fn.enter(cpu, DO_SOFTIRQ);
        fn.enter(cpu, __DO_SOFTIRQ);
        depth[id]++;
        int restarts = MAX_SOFTIRQ_RESTART;
        do {
            int bits = pending[id];
            pending[id] = 0;
            local.localIrqEnable(cpu);
            while (bits != 0) {
                int nr = Integer.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (cpu.tracing()) {
                    fn.event(cpu, new Entry(Softirq.of(nr)));
                }
                actions[nr].run(cpu);
            }
            local.localIrqDisable(cpu);
        } while (pending[id] != 0 && --restarts > 0);
        depth[id]--;
        fn.exit(cpu, __DO_SOFTIRQ);
        fn.exit(cpu, DO_SOFTIRQ);
    }

    /** {@code softirq_raise}: reads as a call in the graph. */
    record Raise(Softirq softirq) implements TraceEvent {
        @Override
        public String name() {
            return "softirq_raise";
        }

        @Override
        public void appendFields(StringBuilder out) {
            out.append("vec=").append(softirq.number()).append(" [action=").append(softirq).append(']');
        }

        @Override
        public void appendGraph(StringBuilder out) {
            out.append("raise_softirq(").append(softirq).append(");");
        }
    }

    /** {@code softirq_entry}. */
    record Entry(Softirq softirq) implements TraceEvent {
        @Override
        public String name() {
            return "softirq_entry";
        }

        @Override
        public void appendFields(StringBuilder out) {
            out.append("vec=").append(softirq.number()).append(" [action=").append(softirq).append(']');
        }
    }
}
