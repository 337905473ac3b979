package dev.xenolith.machine.trace;

import dev.xenolith.machine.Machine;
import dev.xenolith.machine.cpu.Cpu;

/**
 * The traced functions of one layer on one machine: entering a function charges its cost (resolved
 * once from the machine's cost model) and, with tracing on, records entry and exit. With tracing off
 * the only extra work is one branch.
 *
 * <p>Kernel code reads like the kernel it models:
 * <pre>{@code
 *   xen.enter(cpu, DO_SOFTIRQ);
 *   ...
 *   xen.exit(cpu, DO_SOFTIRQ);
 * }</pre>
 */
public final class Functions<F extends Enum<F> & TracedFunction> {
    private final long[] cycles;
    private Layer layer;

    public Functions(Machine machine, Class<F> type, Layer layer) {
        this.cycles = machine.costs().table(type);
        this.layer = layer;
    }

    public Layer layer() {
        return layer;
    }

    /**
     * Traces what follows under {@code layer}: a guest kernel under a hypervisor runs on several vcpus, and
     * its code is recorded under the vcpu that runs it ({@code d1v0}, {@code d1v1}).
     */
    public void setLayer(Layer layer) {
        this.layer = layer;
    }

    /** Enters {@code function}: records the entry at the current local time, then charges its cost. */
    public void enter(Cpu cpu, F function) {
        if (cpu.tracing()) {
            cpu.traceEntry(layer, function);
        }
        cpu.charge(cycles[function.ordinal()]);
    }

    /** Leaves {@code function}, which must be the innermost function entered on this CPU. */
    public void exit(Cpu cpu, F function) {
        if (cpu.tracing()) {
            cpu.traceExit(layer, function);
        }
    }

    /** A function that calls no other traced function. */
    public void call(Cpu cpu, F function) {
        enter(cpu, function);
        exit(cpu, function);
    }

    /** Records a tracepoint; build {@code event} only after checking {@link Cpu#tracing()}. */
    public void event(Cpu cpu, TraceEvent event) {
        cpu.traceEvent(layer, event);
    }

    public long cycles(F function) {
        return cycles[function.ordinal()];
    }
}
