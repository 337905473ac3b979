package dev.xenolith.guest.time;

import dev.xenolith.guest.lib.RbNode;

/**
 * A high-resolution timer, Linux 2.6.25's {@code struct hrtimer}: an absolute expiry in nanoseconds of
 * the CPU's monotonic clock, a function, the red-black node that orders it in an {@link HrtimerQueue},
 * the queue (clock base) it belongs to, and its state bits.
 *
 * <p>Long-lived like every timer here: created once by its owner ({@code hrtimer_init}) and started
 * again and again; starting, cancelling and expiring never allocate.
 *
 * <p>State ({@code timer->state}): {@code ENQUEUED} while it waits in its queue's tree,
 * {@code CALLBACK} while its function runs. Both can be set at once, when the function starts its own
 * timer again. The 2.6.25 {@code PENDING} state (the high-resolution softirq list) is not modelled; see
 * {@link HrtimerQueue}.
 */
public final class Hrtimer {
    /** The timer's function ({@code timer->function}), run when the timer expires. */
    @FunctionalInterface
    public interface Function {
        /**
         * @param now the time (ns) the expiry runs at: the moment the interrupt or tick read the clock
         * @return whether to re-enqueue the timer at the expiry it now has
         */
        HrtimerRestart function(Hrtimer timer, long now);
    }

    static final int HRTIMER_STATE_INACTIVE = 0;
    static final int HRTIMER_STATE_ENQUEUED = 0x01;
    static final int HRTIMER_STATE_CALLBACK = 0x02;

    final RbNode<Hrtimer> node = new RbNode<>(this);
    private final Function function;
    long expires;
    HrtimerQueue base;
    int state;

    /** {@code hrtimer_init}: an inactive timer of the CPU whose clock base is {@code base}. */
    public Hrtimer(HrtimerQueue base, Function function) {
        if (base == null || function == null) {
            throw new IllegalArgumentException("an hrtimer needs a base and a function");
        }
        this.base = base;
        this.function = function;
    }

    /** The absolute expiry (ns): last started, forwarded or set. */
    public long expires() {
        return expires;
    }

    /**
     * Sets the expiry of a timer that is not queued, as the tick code does to a timer it uses only to
     * hold a time, or before forwarding it ({@code timer->expires = ...}).
     *
     * @throws IllegalStateException while queued: its place in the tree would no longer match
     */
    public void setExpires(long expires) {
        requireNotQueued("set the expiry of");
        this.expires = expires;
    }

    /** The queue the timer is on, or was last on; {@code hrtimer_start} moves it to the caller's CPU. */
    public HrtimerQueue base() {
        return base;
    }

    Function function() {
        return function;
    }

    void requireNotQueued(String action) {
        if ((state & HRTIMER_STATE_ENQUEUED) != 0) {
            throw new IllegalStateException("cannot " + action + " a queued " + this);
        }
    }

    @Override
    public String toString() {
        return "hrtimer(expires=" + expires + "ns, state=" + state + ")";
    }
}
