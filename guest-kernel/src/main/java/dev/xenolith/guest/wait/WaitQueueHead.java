package dev.xenolith.guest.wait;

import static dev.xenolith.guest.LinuxFunction.AUTOREMOVE_WAKE_FUNCTION;
import static dev.xenolith.guest.LinuxFunction.DEFAULT_WAKE_FUNCTION;
import static dev.xenolith.guest.LinuxFunction.FINISH_WAIT;
import static dev.xenolith.guest.LinuxFunction.PREPARE_TO_WAIT;
import static dev.xenolith.guest.LinuxFunction.PREPARE_TO_WAIT_EXCLUSIVE;
import static dev.xenolith.guest.LinuxFunction.__WAKE_UP;
import static dev.xenolith.guest.LinuxFunction.__WAKE_UP_COMMON;

import dev.xenolith.guest.LinuxFunction;
import dev.xenolith.guest.sched.Sched;
import dev.xenolith.guest.sched.Task;
import dev.xenolith.machine.cpu.Cpu;
import dev.xenolith.machine.trace.Functions;

/**
 * {@code wait_queue_head_t} with the operations of {@code kernel/wait.c} and {@code __wake_up} of
 * {@code kernel/sched.c}: non-exclusive waiters join at the head and exclusive ones at the tail, so a
 * wake-up reaches every non-exclusive waiter and then {@code nr_exclusive} exclusive ones that were really
 * woken. The list is intrusive and the walk allocates nothing.
 */
public final class WaitQueueHead {
    private final Functions<LinuxFunction> fn;
    private final Sched sched;
    private WaitQueueEntry first;
    private WaitQueueEntry last;

    public WaitQueueHead(Functions<LinuxFunction> fn, Sched sched) {
        this.fn = fn;
        this.sched = sched;
    }

    /** {@code prepare_to_wait}: on the queue (at the head, if not already on it), then the task's state. */
    public void prepareToWait(Cpu cpu, WaitQueueEntry wait, int state) {
        fn.enter(cpu, PREPARE_TO_WAIT);
        wait.exclusive = false;
        if (!wait.isQueued()) {
            addFirst(wait);
        }
        wait.task.setState(state);
        fn.exit(cpu, PREPARE_TO_WAIT);
    }

    /** {@code prepare_to_wait_exclusive}: as {@link #prepareToWait}, but exclusive and at the tail. */
    public void prepareToWaitExclusive(Cpu cpu, WaitQueueEntry wait, int state) {
        fn.enter(cpu, PREPARE_TO_WAIT_EXCLUSIVE);
        wait.exclusive = true;
        if (!wait.isQueued()) {
            addLast(wait);
        }
        wait.task.setState(state);
        fn.exit(cpu, PREPARE_TO_WAIT_EXCLUSIVE);
    }

    /** {@code finish_wait}: TASK_RUNNING, and off the queue if a wake-up did not already take it off. */
    public void finishWait(Cpu cpu, WaitQueueEntry wait) {
        fn.enter(cpu, FINISH_WAIT);
        wait.task.setState(Task.TASK_RUNNING);
        if (wait.queue == this) {
            remove(wait);
        }
        fn.exit(cpu, FINISH_WAIT);
    }

    /**
     * {@code __wake_up(q, mode, nr_exclusive)} → {@code __wake_up_common}: call each entry's wake function in
     * order; stop after {@code nrExclusive} exclusive entries were woken (0 wakes everyone).
     */
    public void wakeUp(Cpu cpu, int mode, int nrExclusive) {
        fn.enter(cpu, __WAKE_UP);
        fn.enter(cpu, __WAKE_UP_COMMON);
        int remaining = nrExclusive;
        WaitQueueEntry curr = first;
        while (curr != null) {
            WaitQueueEntry next = curr.next;
            boolean exclusive = curr.exclusive;
            if (autoremoveWakeFunction(cpu, curr, mode) && exclusive && --remaining == 0) {
                break;
            }
            curr = next;
        }
        fn.exit(cpu, __WAKE_UP_COMMON);
        fn.exit(cpu, __WAKE_UP);
    }

    /** {@code wake_up_interruptible}: one exclusive waiter, INTERRUPTIBLE sleepers only. */
    public void wakeUpInterruptible(Cpu cpu) {
        wakeUp(cpu, Task.TASK_INTERRUPTIBLE, 1);
    }

    /** {@code waitqueue_active}. */
    public boolean isActive() {
        return first != null;
    }

    /** {@code autoremove_wake_function}: {@code default_wake_function}, and off the queue if it woke the task. */
    private boolean autoremoveWakeFunction(Cpu cpu, WaitQueueEntry wait, int mode) {
        fn.enter(cpu, AUTOREMOVE_WAKE_FUNCTION);
        fn.enter(cpu, DEFAULT_WAKE_FUNCTION);
        boolean woken = sched.tryToWakeUp(cpu, wait.task, mode, false);
        fn.exit(cpu, DEFAULT_WAKE_FUNCTION);
        if (woken) {
            remove(wait);
        }
        fn.exit(cpu, AUTOREMOVE_WAKE_FUNCTION);
        return woken;
    }

    private void addFirst(WaitQueueEntry wait) {
        wait.queue = this;
        wait.prev = null;
        wait.next = first;
        if (first == null) {
            last = wait;
        } else {
            first.prev = wait;
        }
        first = wait;
    }

    private void addLast(WaitQueueEntry wait) {
        wait.queue = this;
        wait.next = null;
        wait.prev = last;
        if (last == null) {
            first = wait;
        } else {
            last.next = wait;
        }
        last = wait;
    }

    private void remove(WaitQueueEntry wait) {
        if (wait.prev == null) {
            first = wait.next;
        } else {
            wait.prev.next = wait.next;
        }
        if (wait.next == null) {
            last = wait.prev;
        } else {
            wait.next.prev = wait.prev;
        }
        wait.next = null;
        wait.prev = null;
        wait.queue = null;
    }
}
