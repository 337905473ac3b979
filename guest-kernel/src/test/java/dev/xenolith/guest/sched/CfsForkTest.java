package dev.xenolith.guest.sched;

import static dev.xenolith.guest.NativeMachine.BOOTED;
import static dev.xenolith.guest.sched.SchedKit.IDEAL;
import static dev.xenolith.guest.sched.SchedKit.MS;
import static dev.xenolith.guest.sched.SchedKit.NS_PER_MS;
import static dev.xenolith.guest.sched.SchedKit.boot;
import static dev.xenolith.guest.sched.SchedKit.hog;
import static dev.xenolith.guest.sched.SchedKit.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xenolith.guest.NativeMachine;
import dev.xenolith.guest.TaskConfig;
import dev.xenolith.guest.task.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fork placement ({@code wake_up_new_task} → {@code task_new_fair}, linux.md §1.7, §2.10, §9.6): a CFS child
 * of a queued parent starts one virtual slice after the queue's minimum (START_DEBIT), swaps vruntimes with a
 * parent that is behind it on the same CPU (child_runs_first), and the parent is rescheduled. A task started
 * later is forked from a kernel timer, so its parent is whatever runs then.
 */
class CfsForkTest {
    private static final long FORK_AT = 100 * MS;
    /** Start times count from power-on; the boot's fork of the other tasks is over by {@link NativeMachine#BOOTED}. */
    private static final long AFTER = BOOTED + FORK_AT + 40 * MS;

    /**
     * The child of a running CFS hog takes the parent's place and runs at once: the parent's first run (from
     * boot) ends where the child's begins, on the tick whose timer softirq forked it.
     */
    @Test
    void aChildOfACfsTaskRunsFirst() {
        SwitchLog log = new SwitchLog();
        NativeMachine m = boot(1, 250, IDEAL, log, task("parent", Policy.NORMAL, 0, 0, hog()),
                new TaskConfig("child", Policy.NORMAL, 0, 0, List.of(), BOOTED + FORK_AT, hog()));
        m.runUntil(AFTER);

        List<SwitchLog.Run> child = log.runs("child", AFTER);
        List<SwitchLog.Run> parent = log.runs("parent", AFTER);
        assertThat(child).isNotEmpty();
        assertThat(parent.get(0).end()).isEqualTo(child.get(0).start());
    }

    /**
     * A CFS child forked while a FIFO task runs: the parent (the FIFO task) is queued, so 2.6.25 still goes
     * through {@code task_new_fair}, and the child starts a virtual slice (20 ms over two tasks: 10 ms) after
     * the CFS task that waits with the queue's minimum vruntime; there is no CFS current to swap with.
     */
    @Test
    void aCfsChildOfARealTimeTaskStartsAVirtualSliceBehind() {
        NativeMachine m = boot(1, 250, IDEAL, null, task("fifo", Policy.FIFO, 50, 0, hog()),
                task("waiting", Policy.NORMAL, 0, 0, hog()),
                new TaskConfig("child", Policy.NORMAL, 0, 0, List.of(), BOOTED + FORK_AT, hog()));
        m.runUntil(AFTER);

        Task waiting = SchedKit.task(m, "waiting");
        Task child = SchedKit.task(m, "child");
        assertThat(waiting.runtimeNs()).isZero();
        assertThat(child.se.vruntime - waiting.se.vruntime).isEqualTo(10 * NS_PER_MS);
    }
}
