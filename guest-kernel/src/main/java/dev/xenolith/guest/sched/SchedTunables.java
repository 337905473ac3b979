package dev.xenolith.guest.sched;

/**
 * The scheduler's sysctls with 2.6.25's defaults, in ns, after {@code sched_init_granularity} has scaled
 * them by {@code 1 + ilog2(ncpus)} (latency and minimum granularity capped at 200 ms; the wake-up
 * granularity uncapped); {@code sched_nr_latency} is not recomputed, as in the kernel.
 */
final class SchedTunables {
    private static final long MS = 1_000_000L;
    private static final long SCALE_CAP = 200 * MS;

    final long latency;
    final long minGranularity;
    final long wakeupGranularity;
    final int nrLatency = 5;
    final long migrationCost = 500_000L;
    final int nrMigrate = 32;
    final long rtPeriod = 1_000_000_000L;
    final long rtRuntime = 950_000_000L;
    final long tickNsec;
    final int defTimeslice;

    SchedTunables(int cpus, int hz) {
        int factor = 1 + (31 - Integer.numberOfLeadingZeros(cpus));
        this.latency = Math.min(SCALE_CAP, 20 * MS * factor);
        this.minGranularity = Math.min(SCALE_CAP, 4 * MS * factor);
        this.wakeupGranularity = 5 * MS * factor;
        this.tickNsec = tickNsec(hz);
        this.defTimeslice = Task.defTimeslice(hz);
    }

    /**
     * x86's {@code TICK_NSEC}: the length of a tick the PIT can really produce ({@code LATCH} =
     * (1193182 + HZ/2) / HZ clocks), so 999848 ns at HZ=1000 rather than a round 1 ms.
     */
    static long tickNsec(int hz) {
        long clockTickRate = 1_193_182L;
        long latch = (clockTickRate + hz / 2) / hz;
        long acthz = shDiv(clockTickRate, latch, 8); // the real tick rate in 8-bit fixed point
        return shDiv(1_000_000_000L, acthz, 8);
    }

    /** {@code SH_DIV}: NOM / DEN in LSH-bit fixed point, rounded. */
    private static long shDiv(long nom, long den, int lsh) {
        return ((nom / den) << lsh) + (((nom % den) << lsh) + den / 2) / den;
    }
}
