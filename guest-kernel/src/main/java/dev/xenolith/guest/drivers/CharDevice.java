package dev.xenolith.guest.drivers;

import dev.xenolith.guest.sched.Sched;
import dev.xenolith.guest.wait.WaitEvent;
import dev.xenolith.guest.wait.WaitQueueEntry;
import dev.xenolith.guest.wait.WaitQueueHead;
import dev.xenolith.guest.wait.WaitResult;
import dev.xenolith.machine.cpu.Cpu;
import java.util.function.BooleanSupplier;

/**
 * A character device file as the {@code read} and {@code write} system calls reach it
 * ({@code file_operations}). A blocking read follows the continuation rule: when it sleeps it returns
 * {@link #SLEPT} and is called again, with {@code resumed} set, when its task is switched back in.
 */
public interface CharDevice {
    /** The read slept: another task runs now and the caller's path is over. */
    int SLEPT = Integer.MIN_VALUE;
    /** {@code -EAGAIN}. */
    int EAGAIN = -11;
    /** {@code -EINVAL}. */
    int EINVAL = -22;

    /** The name of its device file ({@code serio_raw}, {@code ttyS0}). */
    String name();

    /**
     * Reads up to {@code count} bytes for {@code wait}'s task: how many, a negative errno, or {@link #SLEPT}.
     * {@code resumed} is true when the task re-enters the read it slept in.
     */
    int read(Cpu cpu, WaitQueueEntry wait, int count, boolean resumed);

    /** Writes {@code bytes}: how many were taken, or a negative errno. */
    int write(Cpu cpu, byte[] bytes);

    /**
     * A read's {@code wait_event_interruptible} for data: 0 once {@code ready} holds, {@link #SLEPT}, or
     * {@code -ERESTARTSYS} when a signal ended the wait. A resumed read re-enters the wait loop at its top.
     */
    static int awaitData(Cpu cpu, Sched sched, WaitQueueHead queue, WaitQueueEntry wait, BooleanSupplier ready,
            boolean resumed) {
        WaitResult result = resumed ? WaitEvent.loop(cpu, sched, queue, wait, ready)
                : WaitEvent.interruptible(cpu, sched, queue, wait, ready);
        return switch (result) {
            case CONDITION_TRUE -> 0;
            case SLEPT -> SLEPT;
            case INTERRUPTED -> WaitEvent.ERESTARTSYS;
        };
    }
}
