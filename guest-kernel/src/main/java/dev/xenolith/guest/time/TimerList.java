package dev.xenolith.guest.time;

/**
 * A low-resolution kernel timer, Linux's {@code struct timer_list}: an expiry in jiffies, a function, the
 * list link that puts it in one slot of a {@link TimerWheel}, and the wheel (per-CPU base) it belongs to.
 *
 * <p>Timers are long-lived: the owner creates one with its function ({@code setup_timer}) and re-arms it
 * with {@link TimerWheel#modTimer} for ever after; arming never allocates. The kernel's
 * {@code function(data)} pair is one {@link Function} here, which captures what {@code data} would carry.
 *
 * <p>A deferrable timer ({@code init_timer_deferrable}) runs like any other but does not wake an idle CPU:
 * NO_HZ's next-event scan skips it while it sits in the first wheel level (see
 * {@link TimerWheel#getNextTimerInterrupt}).
 */
public final class TimerList extends ListHead {
    /** The timer's function, run from the timer softirq ({@code __run_timers}) once it has expired. */
    @FunctionalInterface
    public interface Function {
        void run(TimerList timer);
    }

    private final Function function;
    private final boolean deferrable;
    int expires;
    TimerWheel base;

    /** {@code setup_timer}: a timer of the CPU whose wheel is {@code base}, not yet pending. */
    public TimerList(TimerWheel base, Function function) {
        this(base, function, false);
    }

    private TimerList(TimerWheel base, Function function, boolean deferrable) {
        if (base == null || function == null) {
            throw new IllegalArgumentException("a timer needs a base and a function");
        }
        this.base = base;
        this.function = function;
        this.deferrable = deferrable;
    }

    /** {@code init_timer_deferrable} + function: a timer that does not keep an idle CPU's tick alive. */
    public static TimerList deferrable(TimerWheel base, Function function) {
        return new TimerList(base, function, true);
    }

    /** The expiry in jiffies (32-bit, wrapping): last armed, or set by {@link #setExpires}. */
    public int expires() {
        return expires;
    }

    /**
     * Sets the expiry for a following {@link TimerWheel#addTimer} ({@code timer->expires = ...}).
     *
     * @throws IllegalStateException while the timer is pending: its slot would no longer match its expiry;
     *                               re-arm a pending timer with {@link TimerWheel#modTimer}
     */
    public void setExpires(int expires) {
        if (next != null) {
            throw new IllegalStateException("expires of a pending timer changes only through mod_timer");
        }
        this.expires = expires;
    }

    /** The wheel the timer is on, or was last on; it moves with {@code mod_timer} to the caller's CPU. */
    public TimerWheel base() {
        return base;
    }

    public boolean isDeferrable() {
        return deferrable;
    }

    Function function() {
        return function;
    }

    @Override
    public String toString() {
        return "timer(expires=" + Integer.toUnsignedString(expires) + (next != null ? ", pending)" : ")");
    }
}
