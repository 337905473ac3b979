package dev.xenolith.guest.wait;

import dev.xenolith.guest.sched.Sched;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.machine.cpu.Cpu;
import java.util.function.BooleanSupplier;

/**
 * {@code wait_event_interruptible(wq, condition)} under the continuation rule: each call is one pass of the
 * kernel's loop, from the top: {@code prepare_to_wait} (state INTERRUPTIBLE before the test, so a wake-up
 * between the test and {@code schedule()} leaves the task running and nothing is lost), the condition, the
 * signal check, {@code schedule()}. A task that slept calls this again when it is switched back in.
 */
public final class WaitEvent {
    /** {@code -ERESTARTSYS}, which user space sees as EINTR or a restarted call. */
    public static final int ERESTARTSYS = -512;

    private WaitEvent() {
    }

    /** The macro's entry: a condition that already holds costs no wait at all. */
    public static WaitResult interruptible(Cpu cpu, Sched sched, WaitQueueHead wq, WaitQueueEntry wait,
            BooleanSupplier condition) {
        if (condition.getAsBoolean()) {
            return WaitResult.CONDITION_TRUE;
        }
        return loop(cpu, sched, wq, wait, condition);
    }

    /** {@code __wait_event_interruptible}'s loop, where a task that slept re-enters. */
    public static WaitResult loop(Cpu cpu, Sched sched, WaitQueueHead wq, WaitQueueEntry wait,
            BooleanSupplier condition) {
        while (true) {
            wq.prepareToWait(cpu, wait, Task.TASK_INTERRUPTIBLE);
            if (condition.getAsBoolean()) {
                wq.finishWait(cpu, wait);
                return WaitResult.CONDITION_TRUE;
            }
            if (wait.task().signalPending()) {
                wq.finishWait(cpu, wait);
                return WaitResult.INTERRUPTED;
            }
            if (sched.schedule(cpu)) {
                return WaitResult.SLEPT;
            }
        }
    }
}
