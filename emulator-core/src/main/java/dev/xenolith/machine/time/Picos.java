package dev.xenolith.machine.time;

/**
 * Simulated time is a {@code long} count of picoseconds since power-on. A long holds about 106 days,
 * far beyond any run; arithmetic on it is exact, so two runs of the same image agree to the picosecond.
 * Conversion to human units happens only at the edges (images, traces, reports), through this class.
 */
public final class Picos {
    public static final long PER_NANOSECOND = 1_000L;
    public static final long PER_MICROSECOND = 1_000_000L;
    public static final long PER_MILLISECOND = 1_000_000_000L;
    public static final long PER_SECOND = 1_000_000_000_000L;

    private Picos() {
    }

    public static long ofNanos(long nanos) {
        return Math.multiplyExact(nanos, PER_NANOSECOND);
    }

    public static long ofMicros(long micros) {
        return Math.multiplyExact(micros, PER_MICROSECOND);
    }

    public static long ofMillis(long millis) {
        return Math.multiplyExact(millis, PER_MILLISECOND);
    }

    public static long ofSeconds(long seconds) {
        return Math.multiplyExact(seconds, PER_SECOND);
    }

    /** Whole nanoseconds in {@code picos}, rounded down. */
    public static long toNanos(long picos) {
        return picos / PER_NANOSECOND;
    }

    /** Seconds with six decimals ({@code 12.345678}), the timestamp style of ftrace. */
    public static String toSecondsString(long picos) {
        long micros = picos / PER_MICROSECOND;
        String fraction = Long.toString(micros % 1_000_000L);
        // by hand, not String.format: trace renderers call this for every line they write
        StringBuilder out = new StringBuilder(20).append(micros / 1_000_000L).append('.');
        for (int pad = fraction.length(); pad < 6; pad++) {
            out.append('0');
        }
        return out.append(fraction).toString();
    }
}
