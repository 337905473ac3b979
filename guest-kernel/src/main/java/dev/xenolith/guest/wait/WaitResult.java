package dev.xenolith.guest.wait;

/**
 * How one pass of {@code wait_event_interruptible}'s loop ended: the condition held, a signal ended the wait
 * (the caller returns -ERESTARTSYS), or the task slept and another task now runs, so the caller's path is
 * over and the wait resumes from the top of its loop when the task is switched back in.
 */
public enum WaitResult {
    CONDITION_TRUE, INTERRUPTED, SLEPT
}
