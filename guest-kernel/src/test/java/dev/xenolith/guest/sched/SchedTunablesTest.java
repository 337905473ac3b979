package dev.xenolith.guest.sched;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sysctls' defaults, their CPU-count scaling (linux.md §2.1), TICK_NSEC and DEF_TIMESLICE (§1.3). */
class SchedTunablesTest {
    private static final long MS = 1_000_000L;

    /** TICK_NSEC is the PIT's achievable tick: LATCH = (1193182 + HZ/2) / HZ clocks. */
    @ParameterizedTest
    @CsvSource({"100, 10000000, 10", "250, 4000250, 25", "300, 3333116, 30", "1000, 999848, 100"})
    void tickNsecAndRoundRobinSliceFollowHz(int hz, long tickNsec, int defTimeslice) {
        assertThat(SchedTunables.tickNsec(hz)).isEqualTo(tickNsec);
        SchedTunables t = new SchedTunables(1, hz);
        assertThat(t.tickNsec).isEqualTo(tickNsec);
        assertThat(t.defTimeslice).isEqualTo(defTimeslice);
    }

    /** factor = 1 + ilog2(ncpus); latency and min_granularity capped at 200 ms, the wake-up granularity not. */
    @ParameterizedTest
    @CsvSource({"1, 1", "2, 2", "3, 2", "4, 3", "7, 3", "8, 4", "16, 5", "1024, 11"})
    void granularitiesScaleWithTheCpuCount(int cpus, int factor) {
        SchedTunables t = new SchedTunables(cpus, 250);
        assertThat(t.latency).isEqualTo(Math.min(200 * MS, 20 * MS * factor));
        assertThat(t.minGranularity).isEqualTo(Math.min(200 * MS, 4 * MS * factor));
        assertThat(t.wakeupGranularity).isEqualTo(5 * MS * factor);
        assertThat(t.nrLatency).isEqualTo(5);
    }

    @Test
    void twoPointSixTwentyFiveDefaults() {
        SchedTunables t = new SchedTunables(1, 250);
        assertThat(t.latency).isEqualTo(20 * MS);
        assertThat(t.minGranularity).isEqualTo(4 * MS);
        assertThat(t.wakeupGranularity).isEqualTo(5 * MS);
        assertThat(t.migrationCost).isEqualTo(500_000L);
        assertThat(t.nrMigrate).isEqualTo(32);
        assertThat(t.rtPeriod).isEqualTo(1000 * MS);
        assertThat(t.rtRuntime).isEqualTo(950 * MS);
        assertThat(new SchedTunables(1024, 250).latency).isEqualTo(200 * MS);
    }
}
