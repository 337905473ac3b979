package dev.xenolith.cli.image;

import dev.xenolith.machine.time.ClockDomain;

/**
 * An amount of work: either a time in picoseconds ({@code 200us}) or a number of cycles of the CPU that
 * runs it ({@code 20000cycles}). The two are kept apart because cycles take longer on a slower CPU and
 * the image does not know which CPU a task will run on.
 */
public record Duration(long amount, boolean inCycles) {
    public Duration {
        if (amount < 0) {
            throw new IllegalArgumentException("negative duration " + amount);
        }
    }

    public static Duration ofPicos(long picos) {
        return new Duration(picos, false);
    }

    public static Duration ofCycles(long cycles) {
        return new Duration(cycles, true);
    }

    /** The time this work takes on a CPU clocked by {@code cpu}: cycles round up, as the CPU model does. */
    public long picosOn(ClockDomain cpu) {
        return inCycles ? cpu.timeOf(amount) : amount;
    }

    @Override
    public String toString() {
        return amount + (inCycles ? "cycles" : "ps");
    }
}
