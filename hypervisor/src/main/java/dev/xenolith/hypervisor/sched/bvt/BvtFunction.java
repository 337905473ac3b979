package dev.xenolith.hypervisor.sched.bvt;

import dev.xenolith.machine.trace.TracedFunction;

/**
 * BVT's traced functions, under Xen 2.0.4's symbols. The costs are estimates for a ~3 GHz core. The two
 * warp timer functions are the symbols of their ac_timers: the framework traces and charges them when the
 * timer fires. Public so that the image reader can list their cost names.
 */
public enum BvtFunction implements TracedFunction {
    /** An O(n) scan of the run queue (a handful of entries) plus two 32-bit divides (~25 cycles each). */
    BVT_DO_SCHEDULE("bvt_do_schedule", 400),
    /** One list insertion, calc_avt's divide, two u32 compares and perhaps a mod_ac_timer. */
    BVT_WAKE("bvt_wake", 200),
    /** A flag test and, for a queued domain, one list removal. */
    BVT_SLEEP("bvt_sleep", 60),
    /** Clears the warp flag and arms the unwarp timer. */
    WARP_TIMER_FN("warp_timer_fn", 80),
    /** Sets the warp flag back and raises the schedule softirq. */
    UNWARP_TIMER_FN("unwarp_timer_fn", 60);

    private final String symbol;
    private final long defaultCycles;

    BvtFunction(String symbol, long defaultCycles) {
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
