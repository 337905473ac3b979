package dev.xenolith.hypervisor.sched.credit;

import dev.xenolith.machine.trace.TracedFunction;

/**
 * The credit scheduler's traced functions, under the symbols of Xen 4.x's {@code sched_credit.c} (the
 * vcpu-era names, before 4.13 renamed vcpus to units). Costs are estimates for a ~3 GHz core from the work
 * each does: a locked list operation is ~20-40 cycles, a cpumask operation on a small machine ~10, a
 * 64-bit divide ~40. {@code csched_tick} and {@code csched_acct} are the symbols of their ac_timers: the
 * framework traces and charges them when the timer fires. Public so that the image reader can list their
 * cost names.
 */
public enum CreditFunction implements TracedFunction {
    /** Burn, rate-limit test, a sorted insert and a head removal, the idlers update; the common case. */
    CSCHED_SCHEDULE("csched_schedule", 500),
    /** Per-pCPU 10 ms ticker: accounting of the running vcpu and the run-queue sort test. */
    CSCHED_TICK("csched_tick", 150),
    /** The master's 30 ms pass over every active domain and vcpu, with divides: O(domains). */
    CSCHED_ACCT("csched_acct", 2000),
    /** One 64-bit multiply-add and divide. */
    BURN_CREDITS("burn_credits", 60),
    /** A few cpumask operations to choose which CPU to interrupt. */
    RUNQ_TICKLE("__runq_tickle", 150),
    /** A scan of the busy peers' run-queue heads (trylock each). */
    CSCHED_LOAD_BALANCE("csched_load_balance", 400),
    /** A walk down one peer's run queue while priorities are strictly higher. */
    CSCHED_RUNQ_STEAL("csched_runq_steal", 150),
    /** One O(n) pass moving UNDERs ahead of OVERs, at most once per accounting period. */
    CSCHED_RUNQ_SORT("csched_runq_sort", 150),
    /** Boost, burn, active-list bookkeeping and a migration check for the vcpu found running at a tick. */
    CSCHED_VCPU_ACCT("csched_vcpu_acct", 200),
    /** Choosing the best pCPU for a vcpu from affinity and idlers (no SMT topology here). */
    CSCHED_CPU_PICK("_csched_cpu_pick", 100),
    /** Boost test, sorted insert, tickle. */
    CSCHED_VCPU_WAKE("csched_vcpu_wake", 150),
    /** A softirq raise or one list removal. */
    CSCHED_VCPU_SLEEP("csched_vcpu_sleep", 60),
    /** Sets a flag. */
    CSCHED_VCPU_YIELD("csched_vcpu_yield", 20);

    private final String symbol;
    private final long defaultCycles;

    CreditFunction(String symbol, long defaultCycles) {
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
