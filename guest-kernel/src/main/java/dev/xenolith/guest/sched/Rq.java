package dev.xenolith.guest.sched;

/**
 * {@code struct rq}, one per CPU (2.6.25): the counts and summed weight of every queued task, the
 * decaying load history the balancer compares, the clock in ns and the tick timestamp it is clamped to,
 * the class queues, who runs and who idles, and the balancing and RT-throttling bookkeeping.
 */
final class Rq {
    static final int CPU_LOAD_IDX_MAX = 5;

    final int cpu;
    int nrRunning;
    final LoadWeight load = new LoadWeight();
    final long[] cpuLoad = new long[CPU_LOAD_IDX_MAX];
    long nrSwitches;
    final CfsRq cfs = new CfsRq();
    final RtRq rt = new RtRq();
    Task curr;
    Task idle;
    long clock;
    long prevClockRaw;
    long tickTimestamp;
    boolean idleAtTick;
    boolean inNohzRecently;
    int nextBalance;
    int lastBalance;
    int balanceInterval = 1;
    int nrBalanceFailed;
    long rtPeriodExpire;
    boolean rtThrottled;

    Rq(int cpu) {
        this.cpu = cpu;
    }
}
