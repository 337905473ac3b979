package dev.xenolith.guest.wait;

import dev.xenolith.guest.sched.Task;

/**
 * {@code wait_queue_t} as {@code DEFINE_WAIT} makes it: the waiting task, the exclusive flag, and
 * {@code autoremove_wake_function} as the wake callback. The kernel builds one on the stack of every wait;
 * here each task owns one, since a task waits on at most one queue at a time, so waiting allocates nothing.
 */
public final class WaitQueueEntry {
    final Task task;
    boolean exclusive;
    WaitQueueEntry next;
    WaitQueueEntry prev;
    WaitQueueHead queue;

    public WaitQueueEntry(Task task) {
        this.task = task;
    }

    public Task task() {
        return task;
    }

    /** Whether the entry is on a queue ({@code !list_empty_careful(&wait->task_list)}). */
    public boolean isQueued() {
        return queue != null;
    }
}
