package dev.xenolith.bench.guest;

import dev.xenolith.bench.HotPathBenchmark;
import dev.xenolith.guest.task.Policy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@code try_to_wake_up} end to end through the guest's real scheduler on one CPU, absolute (there is no
 * {@code java.util} counterpart to a wake-up): a task A sleeps, a CPU-bound CFS task B runs for a tick, and
 * A is woken and picked.
 *
 * <p>One operation: A {@code set_current_state(TASK_INTERRUPTIBLE)} + {@code schedule()} (dequeue, pick B,
 * switch); {@code sched_clock} moves on one tick and {@code scheduler_tick} charges B; then
 * {@code try_to_wake_up(A)} ({@code activate_task}, {@code place_entity} for a CFS wakee,
 * {@code check_preempt_curr} → {@code resched_task(B)}) and the {@code schedule()} that puts B back and
 * picks A. {@code wakee}: {@code normal} is a CFS task, which preempts B through the wake-up granularity
 * (A runs no simulated time, so {@code place_entity} soon puts it a whole latency behind B);
 * {@code fifo} is SCHED_FIFO 50, the walkthrough's reader, which preempts through
 * {@code check_preempt_wakeup}'s RT branch. Setup checks that, once warm, every operation ends with A
 * running.
 */
public class WakeUpBench extends HotPathBenchmark {
    private static final int WAKEE = 1;

    @Param({"normal", "fifo"})
    public String wakee;

    private GuestSched sched;
    private Runnable sleepWakeOp;

    @Setup
    public void setUp() {
        Policy policy = "fifo".equals(wakee) ? Policy.FIFO : Policy.NORMAL;
        sched = new GuestSched(new Policy[] {Policy.NORMAL, policy}, new int[] {0, 50});
        sleepWakeOp = this::sleepWakeBody;
        // equal vruntimes at fork: one schedule() puts the hog back behind the wakee
        for (int i = 0; i < 2 && sched.current() != WAKEE; i++) {
            sched.run(sched::schedule);
        }
        // A CFS wakee preempts only once the hog is a wake-up granularity (5 ms) ahead of it, and from then on
        // always, as place_entity puts it a latency behind; the FIFO wakee preempts from the start.
        for (int i = 0; i < 100; i++) {
            sched.run(sleepWakeOp);
        }
        for (int i = 0; i < 100; i++) {
            sched.run(sleepWakeOp);
            if (sched.current() != WAKEE) {
                throw new IllegalStateException("the woken task was not picked at operation " + i);
            }
        }
    }

    @Benchmark
    public int sleepWakePick() {
        sched.run(sleepWakeOp);
        return sched.current();
    }

    void sleepWakeBody() {
        sched.sleepCurrent();
        sched.advance(sched.tickNsec());
        sched.tick();
        sched.wake(WAKEE);
        if (sched.needResched()) {
            sched.schedule();
        }
    }
}
