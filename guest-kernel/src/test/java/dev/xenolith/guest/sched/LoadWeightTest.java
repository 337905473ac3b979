package dev.xenolith.guest.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code calc_delta_mine} against the exact {@code delta * weight / lw}: with a task's inverse from
 * {@code prio_to_wmult} the fixed-point result is exact within its rounding; with a run queue's inverse,
 * computed lazily as 2.6.25 does ({@code (WMULT_CONST - w/2) / (w + 1)}), it is the exact value scaled by
 * w / (w + 1), also within rounding. Rounding is SRR's (relative 1e-5 at most, with the 16-bit pre-shift
 * above WMULT_CONST) plus the inverse's own (truncated, and offset by w/2: under 2 units of it, relative) plus
 * 1 ns. Deltas are 32-bit, as {@code unsigned long} is on i386.
 */
class LoadWeightTest {
    private static final double SRR_ROUNDING = 1e-5;

    @Test
    void withATaskInverseTheResultIsExactWithinRounding() {
        SplittableRandom random = new SplittableRandom(25);
        for (int i = 0; i < 10_000; i++) {
            int index = random.nextInt(PrioTables.PRIO_TO_WEIGHT.length);
            LoadWeight lw = new LoadWeight();
            lw.set(PrioTables.PRIO_TO_WEIGHT[index], PrioTables.PRIO_TO_WMULT[index]);
            long delta = random.nextLong(1, 1L << 32);
            long weight = random.nextBoolean() ? PrioTables.NICE_0_LOAD : PrioTables.PRIO_TO_WEIGHT[random.nextInt(40)];

            long result = LoadWeight.calcDeltaMine(delta, weight, lw);

            assertWithinRounding(result, exact(delta, weight, lw.weight), lw);
        }
    }

    @Test
    void aQueueWeightGetsTheInverseOfWeightPlusOne() {
        SplittableRandom random = new SplittableRandom(2008);
        for (int i = 0; i < 10_000; i++) {
            LoadWeight lw = new LoadWeight();
            int tasks = random.nextInt(1, 64);
            for (int t = 0; t < tasks; t++) {
                lw.add(PrioTables.PRIO_TO_WEIGHT[random.nextInt(40)]);
            }
            long delta = random.nextLong(1, 1L << 32);
            long weight = PrioTables.PRIO_TO_WEIGHT[random.nextInt(40)];

            long result = LoadWeight.calcDeltaMine(delta, weight, lw);

            assertThat(lw.invWeight).isEqualTo((LoadWeight.WMULT_CONST - lw.weight / 2) / (lw.weight + 1));
            assertWithinRounding(result, exact(delta, weight, lw.weight + 1), lw);
        }
    }

    /** The 20 ms period shared by two nice-0 tasks: 9.995 ms each, not 10, because of the w + 1. */
    @Test
    void twoNiceZeroTasksGetASliceJustUnderHalfThePeriod() {
        LoadWeight queue = new LoadWeight();
        queue.add(1024);
        queue.add(1024);
        assertThat(LoadWeight.calcDeltaMine(20_000_000, 1024, queue)).isEqualTo(9_995_112);
    }

    @Test
    void addingOrRemovingWeightForgetsTheInverse() {
        LoadWeight lw = new LoadWeight();
        lw.set(1024, 4_194_304);
        assertThat(LoadWeight.calcDeltaFair(3_000_000, lw)).isEqualTo(3_000_000);
        lw.add(335);
        assertThat(lw.invWeight).isZero();
        LoadWeight.calcDeltaFair(1, lw);
        assertThat(lw.invWeight).isEqualTo((LoadWeight.WMULT_CONST - 1359 / 2) / 1360);
        lw.sub(335);
        assertThat(lw.invWeight).isZero();
    }

    /** Results are {@code unsigned long}s clamped to a 32-bit LONG_MAX. */
    @Test
    void largeResultsAreClampedToLongMax() {
        LoadWeight idle = new LoadWeight();
        idle.set(PrioTables.WEIGHT_IDLEPRIO, PrioTables.WMULT_IDLEPRIO);
        assertThat(LoadWeight.calcDeltaFair(4_000_000, idle)).isEqualTo(2_048_000_000L);
        assertThat(LoadWeight.calcDeltaFair(40_000_000, idle)).isEqualTo(Integer.MAX_VALUE);
        assertThat(LoadWeight.calcDeltaMine(0xFFFF_FFFFL, 88761, idle)).isEqualTo(Integer.MAX_VALUE);
    }

    private static void assertWithinRounding(long result, double exact, LoadWeight lw) {
        double expected = Math.min(exact, Integer.MAX_VALUE);
        double relative = SRR_ROUNDING + 2.0 / lw.invWeight;
        assertThat((double) result).as("%.1f with %d / %d", exact, lw.weight, lw.invWeight)
                .isBetween(expected * (1 - relative) - 1, expected * (1 + relative) + 1);
    }

    private static double exact(long delta, long weight, long lw) {
        return BigInteger.valueOf(delta).multiply(BigInteger.valueOf(weight)).doubleValue() / lw;
    }
}
