package dev.xenolith.hypervisor.sched.credit;

import dev.xenolith.hypervisor.timer.AcTimer;

/** {@code struct csched_pcpu}: one physical CPU's run queue, sort epoch and ticker. */
final class CschedPcpu {
    /** Ordered by priority, FIFO within one; holds the idle vcpu whenever it is not running. */
    final ListHead<CschedVcpu> runq = new ListHead<>(null);
    final AcTimer ticker;
    int runqSortLast;
    /** Runnable non-idle vcpus of this CPU, queued or running. */
    int nrRunnable;
    /** {@code last_tickle_cpu}: where the round-robin choice among idlers resumes. */
    int lastTickleCpu;

    CschedPcpu(AcTimer ticker, int runqSort) {
        this.ticker = ticker;
        this.runqSortLast = runqSort;
    }
}
