package dev.xenolith.hypervisor.timer;

import dev.xenolith.machine.cost.CostModel;
import dev.xenolith.machine.trace.TracedFunction;

/**
 * Xen 2.0's {@code struct ac_timer}: an accurate timer with an absolute expiry in system time (ns), owned
 * by one physical CPU whose heap holds it and which runs its function in softirq context
 * ({@code ac_timer_softirq_action}). Timers are long-lived: their owner re-adds them rather than making
 * new ones.
 */
public final class AcTimer {
    /** The timer's function, run in softirq context on the owning CPU at system time {@code now} (ns). */
    @FunctionalInterface
    public interface Function {
        void expire(int cpu, long now);
    }

    private final TracedFunction symbol;
    private final Function function;
    int cpu;
    long expires;
    /** Position in the owner's 1-based heap; 0 while inactive, as Xen's {@code heap_offset}. */
    int heapOffset;
    /** The function's cost, resolved from the machine's cost model the first time it runs. */
    private long cycles = -1;

    /**
     * @param symbol   how the function appears in traces ({@code s_timer_fn}, {@code csched_tick})
     * @param cpu      the physical CPU that owns the timer
     */
    public AcTimer(TracedFunction symbol, int cpu, Function function) {
        this.symbol = symbol;
        this.cpu = cpu;
        this.function = function;
    }

    public TracedFunction symbol() {
        return symbol;
    }

    public Function function() {
        return function;
    }

    /** Cycles the function costs on entry; resolved once, since a timer belongs to one machine. */
    public long cycles(CostModel costs) {
        if (cycles < 0) {
            cycles = costs.cycles(symbol);
        }
        return cycles;
    }

    public int cpu() {
        return cpu;
    }

    /** Moves an inactive timer to another CPU's heap ({@code migrate_timer} in later Xen). */
    public void setCpu(int cpu) {
        if (heapOffset != 0) {
            throw new IllegalStateException(symbol.symbol() + " is active; remove it before moving it");
        }
        this.cpu = cpu;
    }

    /** Absolute system time (ns) of the expiry; meaningful while active. */
    public long expires() {
        return expires;
    }

    /** {@code active_ac_timer}. */
    public boolean isActive() {
        return heapOffset != 0;
    }

    @Override
    public String toString() {
        return symbol.symbol() + (isActive() ? "@" + expires + "ns" : "(inactive)") + " on cpu" + cpu;
    }
}
