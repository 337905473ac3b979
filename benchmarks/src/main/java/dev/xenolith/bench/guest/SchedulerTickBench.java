package dev.xenolith.bench.guest;

import dev.xenolith.bench.HotPathBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The scheduler's part of the tick, driven directly: {@code sched_clock} moves on one tick (HZ=1000) and
 * {@code scheduler_tick} runs ({@code update_rq_clock}, {@code update_cpu_load}, {@code task_tick_fair} with
 * {@code check_preempt_tick}, the RT period, {@code trigger_load_balance}) with eight CPU-bound nice-0 tasks
 * queued; when the slice is used up, the {@code schedule()} the interrupt return would do follows. Absolute:
 * {@code GuestTickBench} has the whole tick through the machine.
 */
public class SchedulerTickBench extends HotPathBenchmark {
    private static final int TASKS = 8;

    private SchedDriver sched;
    private Runnable tickOp;

    @Setup
    public void setUp() {
        sched = GuestSched.cfs(TASKS);
        tickOp = this::tickBody;
        for (int i = 0; i < 100 * TASKS; i++) {
            sched.run(tickOp);
        }
    }

    @Benchmark
    public int schedulerTick() {
        sched.run(tickOp);
        return sched.current();
    }

    void tickBody() {
        sched.advance(sched.tickNsec());
        sched.tick();
        if (sched.needResched()) {
            sched.schedule();
        }
    }
}
