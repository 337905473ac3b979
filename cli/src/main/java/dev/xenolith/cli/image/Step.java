package dev.xenolith.cli.image;

import java.util.Arrays;

/**
 * One step of a task's program. A program runs its steps in order; {@link Loop} may only end it and
 * nothing may follow {@link Exit}, which the reader checks. Every step keeps its position so that the
 * guest kernel can point at the step that misbehaves.
 */
public sealed interface Step {

    /** Where the step was written. */
    SourcePos pos();

    /** User-mode work; a fixed amount when {@code min} equals {@code max}, else drawn from the seeded RNG. */
    record Compute(Duration min, Duration max, SourcePos pos) implements Step {
        public boolean isFixed() {
            return min.equals(max);
        }
    }

    /** Work inside a system call, preemptible when the kernel is. */
    record Kernel(Duration work, SourcePos pos) implements Step {
    }

    /** A blocking read of {@code count} bytes from a device file. */
    record Read(String device, int count, SourcePos pos) implements Step {
    }

    /** A write of {@code bytes} to a device file. */
    record Write(String device, byte[] bytes, SourcePos pos) implements Step {
        public Write {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        // A record compares arrays by identity; two equal images must give equal programs.
        @Override
        public boolean equals(Object other) {
            return other instanceof Write that && device.equals(that.device)
                    && Arrays.equals(bytes, that.bytes) && pos.equals(that.pos);
        }

        @Override
        public int hashCode() {
            return (device.hashCode() * 31 + Arrays.hashCode(bytes)) * 31 + pos.hashCode();
        }

        @Override
        public String toString() {
            return "Write[device=" + device + ", bytes=" + Arrays.toString(bytes) + ", pos=" + pos + "]";
        }
    }

    /** {@code nanosleep} for a time. */
    record Sleep(long picos, SourcePos pos) implements Step {
    }

    /** Sleep until the next multiple of {@code periodPicos} after the task's start: a periodic task. */
    record WaitPeriod(long periodPicos, SourcePos pos) implements Step {
    }

    /** {@code sched_yield}. */
    record Yield(SourcePos pos) implements Step {
    }

    /** {@code sched_setscheduler}: priority is 1..99 for fifo and rr, 0 for the others. */
    record SetScheduler(Policy policy, int priority, SourcePos pos) implements Step {
    }

    /** {@code nice}: sets (not adds to) the task's nice value. */
    record Nice(int nice, SourcePos pos) implements Step {
    }

    /** Back to the first step, {@code count} more times or {@link #FOREVER}. */
    record Loop(long count, SourcePos pos) implements Step {
        public static final long FOREVER = -1;

        public boolean isForever() {
            return count == FOREVER;
        }
    }

    /** The task ends. */
    record Exit(SourcePos pos) implements Step {
    }
}
