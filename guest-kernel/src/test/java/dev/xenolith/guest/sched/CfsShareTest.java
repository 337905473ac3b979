package dev.xenolith.guest.sched;

import static dev.xenolith.guest.sched.SchedKit.IDEAL;
import static dev.xenolith.guest.sched.SchedKit.MS;
import static dev.xenolith.guest.sched.SchedKit.boot;
import static dev.xenolith.guest.sched.SchedKit.hog;
import static dev.xenolith.guest.sched.SchedKit.task;
import static dev.xenolith.guest.sched.SchedKit.tickPicos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.xenolith.guest.NativeMachine;
import dev.xenolith.guest.task.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CFS on one CPU with CPU-bound tasks on an ideal machine (linux.md §9.1, §9.2): over 10 simulated seconds
 * each task's CPU time follows its weight within 2 %, and with equal weights the tick-driven slices have
 * the lengths 2.6.25 gives them without HRTICK: a task is preempted at the first tick after it has run
 * more than {@code sched_slice}. A tick moves the run queue's clock by TICK_NSEC (4000250 ns at HZ=250) and
 * lasts {@link SchedKit#tickPicos} (4000160 ns), so a slice of n ticks is n of those.
 */
class CfsShareTest {
    private static final long RUN = 10_000 * MS;
    private static final double TOLERANCE = 0.02;
    private static final long TICK = tickPicos(250);

    @Test
    void niceZeroAgainstNiceFiveSharesAs1024To335() {
        NativeMachine m = boot(1, 250, IDEAL, null, task("a", Policy.NORMAL, 0, 0, hog()),
                task("b", Policy.NORMAL, 0, 5, hog()));
        m.runUntil(RUN);

        assertRatio(m, "a", "b", 1024.0 / 335);
        assertThat(share(m, "a")).isCloseTo(0.7535, within(0.005));
    }

    @Test
    void niceZeroAgainstNiceTenSharesAs1024To110() {
        NativeMachine m = boot(1, 250, IDEAL, null, task("a", Policy.NORMAL, 0, 0, hog()),
                task("b", Policy.NORMAL, 0, 10, hog()));
        m.runUntil(RUN);

        assertRatio(m, "a", "b", 1024.0 / 110);
        assertThat(share(m, "a")).isCloseTo(0.9030, within(0.005));
    }

    /**
     * Two hogs at HZ=250: a 10 ms slice each (9.995 ms, see below), over after two ticks (8.0005 ms) and
     * ended at the third (12.00075 ms), so they switch every three ticks, 12.00048 ms.
     */
    @Test
    void twoNiceZeroHogsShareEvenlyAndSwitchEveryThreeTicks() {
        SwitchLog log = new SwitchLog();
        NativeMachine m = boot(1, 250, IDEAL, log, task("a", Policy.NORMAL, 0, 0, hog()),
                task("b", Policy.NORMAL, 0, 0, hog()));
        m.runUntil(RUN);

        assertRatio(m, "a", "b", 1.0);
        assertThat(steadyRunLengths(log, "a")).containsOnly(3 * TICK);
        assertThat(steadyRunLengths(log, "b")).containsOnly(3 * TICK);
        // the switch from the idle task, a's first slice, then a switch every three ticks
        long firstSliceEnd = log.runs("a", RUN).get(0).end();
        assertThat(m.linux.contextSwitches(0)).isEqualTo(2 + (RUN - firstSliceEnd) / (3 * TICK));
    }

    /** Three hogs: 20/3 ms slices, ended at the second tick, two ticks each; a third of the CPU each. */
    @Test
    void threeNiceZeroHogsGetAThirdEachInEightMillisecondSlices() {
        SwitchLog log = new SwitchLog();
        NativeMachine m = boot(1, 250, IDEAL, log, task("a", Policy.NORMAL, 0, 0, hog()),
                task("b", Policy.NORMAL, 0, 0, hog()), task("c", Policy.NORMAL, 0, 0, hog()));
        m.runUntil(RUN);

        long total = runtime(m, "a") + runtime(m, "b") + runtime(m, "c");
        for (String comm : List.of("a", "b", "c")) {
            assertThat((double) runtime(m, comm) / total).as(comm).isCloseTo(1.0 / 3, within(TOLERANCE / 3));
            assertThat(steadyRunLengths(log, comm)).as(comm).containsOnly(2 * TICK);
        }
    }

    /**
     * At HZ=1000 a tick adds TICK_NSEC = 999848 ns to the run queue's clock. 2.6.25's lazily computed inverse
     * of the queue weight is 2^32 / (2048 + 1), so the slice is 9.995 ms rather than 10, and ten ticks
     * (9.998 ms) are already more: the hogs switch every ten ticks, which last 999840 ns each. (With 2.6.24's
     * inverse, 2^32 / 2048, the slice is exactly 10 ms and the switch comes at the eleventh tick, the "~11 ms"
     * of linux.md §9.2.)
     */
    @Test
    void atHz1000TwoHogsSwitchEveryTenTicks() {
        SwitchLog log = new SwitchLog();
        NativeMachine m = boot(1, 1000, IDEAL, log, task("a", Policy.NORMAL, 0, 0, hog()),
                task("b", Policy.NORMAL, 0, 0, hog()));
        m.runUntil(2000 * MS);

        assertThat(steadyRunLengths(log, "a")).containsOnly(10 * tickPicos(1000));
        assertThat(steadyRunLengths(log, "b")).containsOnly(10 * tickPicos(1000));
    }

    /**
     * SCHED_IDLE has weight 2 against 1024: once picked it runs one tick (its 39 µs slice is over at once),
     * which costs it 512 ticks of virtual time (4000250 ns x 1024 / 2 = 2048.128 ms), so the nice-0 task then
     * runs whole 5-tick slices (20.00125 ms of its 19.96 ms) until it has caught up: 102.4 of them, so 102 or
     * 103, before the idle task is picked again. Over the whole cycles of the run the CPU times are 512:1
     * within 2 %.
     */
    @Test
    void schedIdleGetsOneTickPerFiveHundredTwelve() {
        SwitchLog log = new SwitchLog();
        NativeMachine m = boot(1, 250, IDEAL, log, task("a", Policy.NORMAL, 0, 0, hog()),
                task("idle", Policy.IDLE, 0, 0, hog()));
        m.runUntil(RUN);

        List<SwitchLog.Run> idleRuns = log.runs("idle", RUN);
        assertThat(idleRuns).hasSizeBetween(4, 6);
        assertThat(idleRuns).allSatisfy(run -> assertThat(run.length()).isEqualTo(TICK));
        for (int i = 1; i < idleRuns.size(); i++) {
            assertThat(idleRuns.get(i).start() - idleRuns.get(i - 1).start()).as("cycle %d", i)
                    .isIn((1 + 5 * 102) * TICK, (1 + 5 * 103) * TICK);
        }
        long from = idleRuns.get(0).start();
        long to = idleRuns.get(idleRuns.size() - 1).start();
        long idleTime = (idleRuns.size() - 1) * TICK;
        long aTime = to - from - idleTime;
        assertThat((double) aTime / idleTime).isCloseTo(512.0, within(512 * TOLERANCE));
        assertThat(share(m, "idle")).isCloseTo(2.0 / 1026, within(0.001));
    }

    /** SCHED_BATCH only changes wake-up preemption: CPU-bound batch tasks share by their nice weights. */
    @Test
    void schedBatchSharesByNiceWeightLikeNormal() {
        NativeMachine m = boot(1, 250, IDEAL, null, task("normal", Policy.NORMAL, 0, 0, hog()),
                task("batch", Policy.BATCH, 0, 0, hog()), task("batch5", Policy.BATCH, 0, 5, hog()));
        m.runUntil(RUN);

        assertRatio(m, "batch", "normal", 1.0);
        assertRatio(m, "normal", "batch5", 1024.0 / 335);
    }

    private static void assertRatio(NativeMachine m, String a, String b, double expected) {
        double ratio = (double) runtime(m, a) / runtime(m, b);
        assertThat(ratio).as(a + ":" + b).isCloseTo(expected, within(expected * TOLERANCE));
    }

    private static double share(NativeMachine m, String comm) {
        long total = m.linux.tasks().stream().mapToLong(Task::runtimeNs).sum();
        return (double) runtime(m, comm) / total;
    }

    private static long runtime(NativeMachine m, String comm) {
        return SchedKit.task(m, comm).runtimeNs();
    }

    /** The lengths of a task's runs after the first second, the last (cut by the end) left out. */
    private static List<Long> steadyRunLengths(SwitchLog log, String comm) {
        List<SwitchLog.Run> runs = log.runs(comm, Long.MAX_VALUE);
        return runs.subList(0, runs.size() - 1).stream().filter(run -> run.start() >= 1000 * MS)
                .map(SwitchLog.Run::length).toList();
    }
}
