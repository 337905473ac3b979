package dev.xenolith.machine.time;

import java.math.BigInteger;

/**
 * A clock of exact frequency (a CPU core, the APIC bus, the PIT's 1.193182 MHz crystal, a UART's baud
 * clock) and the exact conversion between its cycles and simulated picoseconds.
 *
 * <p>The period 10^12 / hertz ps is kept as the reduced fraction {@code num / den}, so no rounding error
 * accumulates however long the machine runs. The two conversions round in opposite directions on
 * purpose:
 * <ul>
 *   <li>{@link #timeOf(long)} rounds <em>up</em>: work of n cycles never ends before its exact end;</li>
 *   <li>{@link #cyclesIn(long)} rounds <em>down</em>: only whole cycles count as elapsed.</li>
 * </ul>
 * Because a cycle lasts at least one picosecond, {@code cyclesIn(timeOf(n)) == n} for every n, which is
 * what lets an interrupted work span keep exactly the cycles it had left.
 *
 * <p>Intermediate products must fit in a long; that holds for every whole-kilohertz frequency up to
 * 10 GHz and for the classic PC crystals. Other frequencies are rejected when the clock is built.
 */
public final class ClockDomain {
    private final String name;
    private final long hertz;
    private final long num;
    private final long den;

    private ClockDomain(String name, long hertz, long num, long den) {
        this.name = name;
        this.hertz = hertz;
        this.num = num;
        this.den = den;
    }

    /** A clock of {@code hertz}; throws IllegalArgumentException if its period cannot be kept exactly. */
    public static ClockDomain of(String name, long hertz) {
        if (hertz <= 0 || hertz > Picos.PER_SECOND) {
            throw new IllegalArgumentException(
                    name + ": frequency " + hertz + " Hz is outside 1 Hz .. 1 THz");
        }
        long gcd = BigInteger.valueOf(Picos.PER_SECOND).gcd(BigInteger.valueOf(hertz)).longValueExact();
        long num = Picos.PER_SECOND / gcd;
        long den = hertz / gcd;
        if (Math.multiplyHigh(num, den) != 0 || num * den < 0) {
            throw new IllegalArgumentException(name + ": frequency " + hertz
                    + " Hz has no exact picosecond period in 64 bits; use a whole number of kHz");
        }
        return new ClockDomain(name, hertz, num, den);
    }

    /** Picoseconds that {@code cycles} whole cycles take, rounded up. */
    public long timeOf(long cycles) {
        if (den == 1) {
            return Math.multiplyExact(cycles, num);
        }
        long whole = Math.multiplyExact(cycles / den, num);
        long rest = cycles % den * num;
        return whole + (rest + den - 1) / den;
    }

    /** Whole cycles that fit in {@code picos}, rounded down. */
    public long cyclesIn(long picos) {
        return picos / num * den + picos % num * den / num;
    }

    public String name() {
        return name;
    }

    public long hertz() {
        return hertz;
    }

    /** The period in picoseconds, rounded to the nearest one: for display only. */
    public long periodPicosRounded() {
        return (num + den / 2) / den;
    }

    @Override
    public String toString() {
        return name + "@" + hertz + "Hz";
    }
}
