package dev.xenolith.guest.task;

import java.util.Arrays;

/**
 * One step of a task's user program, which the kernel's small interpreter runs: user-mode work, or a
 * system call. The steps are what a scenario image's {@code program} lists; {@link Loop} may only end a
 * program and nothing follows {@link Exit}.
 */
public sealed interface Op {

    /** User-mode work: {@code min} when it equals {@code max}, else drawn uniformly from the seeded RNG. */
    record Compute(Work min, Work max) implements Op {
        public static Compute of(Work work) {
            return new Compute(work, work);
        }
    }

    /** Work inside a system call, preemptible when the kernel is ({@code CONFIG_PREEMPT}). */
    record Kernel(Work work) implements Op {
    }

    /** {@code read(2)} of up to {@code count} bytes from a device file ({@code serio_raw}, {@code ttyS0}). */
    record Read(String device, int count) implements Op {
    }

    /** {@code write(2)} of {@code bytes} to a device file ({@code ttyS0}). */
    record Write(String device, byte[] bytes) implements Op {
        public Write {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Write that && device.equals(that.device) && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return device.hashCode() * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Write[device=" + device + ", bytes=" + Arrays.toString(bytes) + "]";
        }
    }

    /** {@code nanosleep} for a relative time. */
    record Sleep(long picos) implements Op {
    }

    /** {@code clock_nanosleep(TIMER_ABSTIME)} to the next multiple of the period after the task's start. */
    record WaitPeriod(long periodPicos) implements Op {
    }

    /** {@code sched_yield}. */
    record Yield() implements Op {
    }

    /** {@code sched_setscheduler}: priority 1..99 for FIFO and RR, 0 otherwise. */
    record SetScheduler(Policy policy, int priority) implements Op {
    }

    /** {@code setpriority}: sets the nice value. */
    record Nice(int nice) implements Op {
    }

    /** Back to the first step, {@code count} more times, or forever when {@code count} is {@link #FOREVER}. */
    record Loop(long count) implements Op {
        public static final long FOREVER = -1;
    }

    /** {@code exit(2)}. */
    record Exit() implements Op {
    }
}
