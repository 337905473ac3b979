package dev.xenolith.hypervisor.sched.rrobin;

import dev.xenolith.machine.trace.TracedFunction;

/**
 * The round-robin scheduler's traced functions, under Xen 2.0.4's symbols. The costs are estimates for a
 * ~3 GHz core: each function takes the run-queue lock (an uncontended locked operation, ~20-40 cycles) and
 * does O(1) list work. Public so that the image reader can list their cost names.
 */
public enum RrFunction implements TracedFunction {
    /** Lock, unlink prev, append it at the tail, read the head: two list updates and a few loads. */
    RR_DO_SCHEDULE("rr_do_schedule", 120),
    /** Lock, one list insertion, one test of the CPU's current domain, perhaps a softirq bit. */
    RR_WAKE("rr_wake", 100),
    /** A flag test and, for a queued domain, one list removal under the lock. */
    RR_SLEEP("rr_sleep", 60);

    private final String symbol;
    private final long defaultCycles;

    RrFunction(String symbol, long defaultCycles) {
        this.symbol = symbol;
        this.defaultCycles = defaultCycles;
    }

    @Override
    public String costName() {
        return symbol;
    }

    @Override
    public long defaultCycles() {
        return defaultCycles;
    }
}
