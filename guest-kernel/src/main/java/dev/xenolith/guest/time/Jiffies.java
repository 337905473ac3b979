package dev.xenolith.guest.time;

/**
 * Jiffies as the 32-bit x86 kernel sees them: an {@code unsigned long} of 32 bits that wraps, held here in
 * an {@code int}. Only differences are meaningful, so ordering always goes through the wrap-safe
 * comparisons of {@code include/linux/jiffies.h} ({@code time_after} and friends), which are right as
 * long as the two values are less than 2^31 jiffies apart.
 */
public final class Jiffies {
    /**
     * The farthest {@code get_next_timer_interrupt} looks ahead (2^30 - 1 jiffies); a result this far
     * away means "no timer" to NO_HZ ({@code NEXT_TIMER_MAX_DELTA}).
     */
    public static final int NEXT_TIMER_MAX_DELTA = (1 << 30) - 1;

    private Jiffies() {
    }

    /**
     * {@code INITIAL_JIFFIES}: the kernel starts 300 seconds before the 32-bit wrap, so that code which
     * compares jiffies without the wrap-safe helpers breaks within five minutes of boot, not after 49 days.
     */
    public static int initialJiffies(int hz) {
        return -300 * hz;
    }

    /** {@code time_after(a, b)}: a is later than b. */
    public static boolean timeAfter(int a, int b) {
        return b - a < 0;
    }

    /** {@code time_before(a, b)}: a is earlier than b. */
    public static boolean timeBefore(int a, int b) {
        return a - b < 0;
    }

    /** {@code time_after_eq(a, b)}: a is b or later. */
    public static boolean timeAfterEq(int a, int b) {
        return a - b >= 0;
    }

    /** {@code time_before_eq(a, b)}: a is b or earlier. */
    public static boolean timeBeforeEq(int a, int b) {
        return b - a >= 0;
    }
}
