package dev.xenolith.bench.guest;

import dev.xenolith.bench.HotPathBenchmark;
import dev.xenolith.guest.task.Policy;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The guest's RT class (100 FIFO lists with a bitmap, {@code sched_find_first_bit} to pick) through the real
 * scheduler against {@link PriorityQueueRt}, the same steps with a {@code java.util.PriorityQueue}, in one
 * run: 64 and 1024 SCHED_FIFO tasks with priorities drawn from 1..99.
 *
 * <p>{@code sleepWake}: the running task sleeps ({@code dequeue_task_rt}, then the pick of the highest
 * priority), and the task that has slept longest of four sleepers wakes ({@code enqueue_task_rt},
 * {@code check_preempt_curr_rt}), preempting at once if its priority is higher. As on a real RT system the
 * highest priorities do the running; the picks are of whatever is highest at the time. The clock stands
 * still, so throttling (950 ms of every second) never cuts in and there is no tick.
 */
public class RtPickBench extends HotPathBenchmark {
    static final int SLEEPERS = 4;

    @Param({"bitmap", "java.util"})
    public String impl;

    @Param({"64", "1024"})
    public int tasks;

    private SchedDriver sched;
    private final int[] sleepers = new int[SLEEPERS];
    private int oldestSleeper;
    private Runnable sleepWakeOp;

    @Setup
    public void setUp() {
        sched = create(impl, tasks + SLEEPERS);
        sleepWakeOp = this::sleepWakeBody;
        sched.run(() -> {
            for (int i = 0; i < SLEEPERS; i++) {
                sleepers[i] = sched.current();
                sched.sleepCurrent();
            }
        });
    }

    static SchedDriver create(String impl, int count) {
        int[] priorities = new int[count];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < count; i++) {
            priorities[i] = 1 + random.nextInt(99);
        }
        switch (impl) {
            case "bitmap":
                Policy[] fifo = new Policy[count];
                Arrays.fill(fifo, Policy.FIFO);
                return new GuestSched(fifo, priorities);
            case "java.util":
                return new PriorityQueueRt(priorities, GuestSched.TICK_NSEC);
            default:
                throw new IllegalArgumentException("impl " + impl);
        }
    }

    @Benchmark
    public int sleepWake() {
        sched.run(sleepWakeOp);
        return sched.current();
    }

    void sleepWakeBody() {
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
}
