package dev.xenolith.bench.guest;

import dev.xenolith.bench.HotPathBenchmark;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The guest's CFS through the real scheduler ({@code schedule()}, {@code scheduler_tick},
 * {@code try_to_wake_up} on one CPU) against {@link TreeMapCfs}, the same algorithm with a
 * {@code java.util.TreeMap} timeline, in one run, with 8, 1 K and 64 K runnable nice-0 tasks.
 *
 * <p>Every operation moves {@code sched_clock} on by a random 50..450 us (so runtimes, and with them the
 * tasks' places on the timeline, vary) and runs {@code scheduler_tick} when a tick (HZ=1000) has passed,
 * preempting if the tick asks to. Then:
 * <ul>
 *   <li>{@code preempt}: {@code schedule()} as after TIF_NEED_RESCHED: {@code put_prev_task} puts the
 *   current task back on the full timeline, {@code pick_next_task} takes the leftmost.</li>
 *   <li>{@code sleepWake}: the current task sleeps ({@code deactivate_task}, then the pick), and the task
 *   that has slept longest of four sleepers wakes ({@code activate_task} with {@code place_entity},
 *   {@code check_preempt_wakeup}), preempting the new current task if it is far enough behind. The
 *   enqueue / dequeue / pick mix; the target (1.5x the baseline) is for this one.</li>
 * </ul>
 * The run queue never drifts: as many runnable tasks and sleepers after every operation as before. Both
 * implementations run inside {@code Cpu.runPath}, so the harness costs them the same.
 *
 * <p>The heap is 3 GiB, as for the figures in docs/performance.md: when every task carried a 30 KB wake-up
 * histogram, 64 K tasks took 2 GB; now about 0.5 KB of histogram each, they leave the collector idle.
 */
@Fork(value = 3, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class CfsBench extends HotPathBenchmark {
    static final int SLEEPERS = 4;
    static final long MIN_STEP_NS = 50_000;
    static final long MAX_STEP_NS = 450_000;

    @Param({"cfs", "java.util"})
    public String impl;

    @Param({"8", "1024", "65536"})
    public int tasks;

    private SchedDriver sched;
    private final long[] steps = new long[INPUTS];
    private final int[] sleepers = new int[SLEEPERS];
    private int oldestSleeper;
    private int cursor;
    private long clock;
    private long nextTick;
    private long tickNsec;
    private Runnable preemptOp;
    private Runnable sleepWakeOp;

    @Setup
    public void setUp() {
        sched = create(impl, tasks + SLEEPERS);
        tickNsec = sched.tickNsec();
        nextTick = tickNsec;
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < INPUTS; i++) {
            steps[i] = MIN_STEP_NS + random.nextLong(MAX_STEP_NS - MIN_STEP_NS + 1);
        }
        // created once, so that running an operation as a path allocates nothing
        preemptOp = this::preemptBody;
        sleepWakeOp = this::sleepWakeBody;
        sched.run(this::fallAsleep);
        // a few passes over every task, so that vruntimes are spread as the workload spreads them
        for (int i = 0; i < 2 * (tasks + SLEEPERS); i++) {
            sched.run(preemptOp);
            sched.run(sleepWakeOp);
        }
    }

    static SchedDriver create(String impl, int count) {
        switch (impl) {
            case "cfs":
                return GuestSched.cfs(count);
            case "java.util":
                return new TreeMapCfs(count, GuestSched.TICK_NSEC);
            default:
                throw new IllegalArgumentException("impl " + impl);
        }
    }

    /** The first {@link #SLEEPERS} tasks to run go to sleep, and stay the sleepers' ring. */
    private void fallAsleep() {
        for (int i = 0; i < SLEEPERS; i++) {
            sleepers[i] = sched.current();
            sched.sleepCurrent();
        }
    }

    @Benchmark
    public int preempt() {
        sched.run(preemptOp);
        return sched.current();
    }

    @Benchmark
    public int sleepWake() {
        sched.run(sleepWakeOp);
        return sched.current();
    }

    void preemptBody() {
        advance();
        sched.schedule();
    }

    void sleepWakeBody() {
        advance();
        int sleeper = sched.current();
        sched.sleepCurrent();
        int wakee = sleepers[oldestSleeper];
        sleepers[oldestSleeper] = sleeper;
        oldestSleeper = (oldestSleeper + 1) % SLEEPERS;
        sched.wake(wakee);
        if (sched.needResched()) {
            sched.schedule();
        }
    }

    /** {@code sched_clock} moves on; a tick that falls due runs, and preempts if it asks to. */
    private void advance() {
        long step = steps[cursor++ & MASK];
        sched.advance(step);
        clock += step;
        if (clock >= nextTick) {
            nextTick += tickNsec;
            sched.tick();
            if (sched.needResched()) {
                sched.schedule();
            }
        }
    }
}
