package dev.xenolith.guest.task;

import dev.xenolith.machine.time.ClockDomain;

/**
 * An amount of work a step asks for: a time in picoseconds or a count of cycles of the CPU that runs it
 * (cycles take longer on a slower CPU, and a program does not know where it will run).
 */
public record Work(long amount, boolean inCycles) {
    public Work {
        if (amount < 0) {
            throw new IllegalArgumentException("negative work " + amount);
        }
    }

    public static Work picos(long picos) {
        return new Work(picos, false);
    }

    public static Work cycles(long cycles) {
        return new Work(cycles, true);
    }

    /** The cycles this work is on a CPU clocked by {@code clock}: a time rounds down to whole cycles, at least one. */
    public long cyclesOn(ClockDomain clock) {
        return Math.max(1, inCycles ? amount : clock.cyclesIn(amount));
    }
}
