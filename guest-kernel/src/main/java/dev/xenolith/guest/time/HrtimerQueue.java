package dev.xenolith.guest.time;

import dev.xenolith.guest.lib.CachedRbTree;
import dev.xenolith.guest.lib.RbNode;

/**
 * One CPU's queue of high-resolution timers: a clock base of Linux 2.6.25's {@code kernel/hrtimer.c}
 * ({@code struct hrtimer_clock_base}, CLOCK_MONOTONIC), a red-black tree of {@link Hrtimer}s ordered by
 * absolute expiry (ns) with the earliest cached ({@code first}).
 *
 * <p><b>Invariants.</b> A timer is in the tree exactly when its state has {@code ENQUEUED}; equal
 * expiries expire in the order they were enqueued (ties go right, as {@code enqueue_hrtimer} does);
 * {@link #first()} is the leftmost timer.
 *
 * <p><b>What is left to the caller.</b> This is the data structure and its rules, not the clock-event
 * layer. High-resolution mode's reprogramming ({@code hrtimer_reprogram} when a started timer becomes the
 * first, {@code hrtimer_force_reprogram} when the first is removed, the retry loop of
 * {@code hrtimer_interrupt}) is done by the tick code around these calls: it compares {@link #first()}
 * before and after, and programs the device with what {@link #expireUpTo} returns.
 *
 * <p><b>Simplifications.</b> One clock base per CPU (no CLOCK_REALTIME, so no offset). The 2.6.25
 * callback modes are not modelled: every function runs from {@link #expireUpTo}, in the context of its
 * caller (the hardirq {@code hrtimer_interrupt}, or the tick's {@code hrtimer_run_queues} in
 * low-resolution mode); there is no {@code cb_pending} list, no HRTIMER_SOFTIRQ and no run-at-start of an
 * already expired timer. {@code hrtimer_forward} divides exactly in 64 bits, where 32-bit x86's
 * {@code ktime_divns} shifts intervals over 2^32 ns (4.3 s) first. Waiting in {@code hrtimer_cancel} for
 * a function running on another CPU cannot happen (kernel paths do not overlap); cancelling a timer from
 * its own function, where the kernel would spin for ever, is reported as an error, as is a function that
 * asks for a restart without moving the expiry past now (the kernel would run it for ever).
 */
public final class HrtimerQueue {
    /** {@code KTIME_MAX}: "never" as an expiry, and "nothing pending" as a delay. */
    public static final long KTIME_MAX = Long.MAX_VALUE;
    /** Where {@code hrtimer_forward} parks an expiry that overflowed: {@code ktime_set(KTIME_SEC_MAX, 0)}. */
    static final long KTIME_SEC_MAX_NS = KTIME_MAX / 1_000_000_000L * 1_000_000_000L;

    private final CachedRbTree<Hrtimer> active = new CachedRbTree<>();
    private long resolution;
    private boolean expiring;

    /**
     * An empty queue.
     *
     * @param resolution ns: {@code KTIME_LOW_RES} (the tick, TICK_NSEC) until the CPU switches to
     *                   high-resolution mode, then 1
     */
    public HrtimerQueue(long resolution) {
        setResolution(resolution);
    }

    /** {@code base->resolution} (ns): the least interval {@code hrtimer_forward} steps by. */
    public long resolution() {
        return resolution;
    }

    /** Changes the resolution, as {@code hrtimer_switch_to_hres} does (to 1 ns). */
    public void setResolution(long resolution) {
        if (resolution < 1) {
            throw new IllegalArgumentException("resolution must be at least 1 ns: " + resolution);
        }
        this.resolution = resolution;
    }

    /** {@code base->first}: the timer that expires next, or null. */
    public Hrtimer first() {
        RbNode<Hrtimer> first = active.rbFirst();
        return first == null ? null : first.owner();
    }

    /** The expiry of {@link #first()}, or {@link #KTIME_MAX} when the queue is empty. */
    public long firstExpiry() {
        RbNode<Hrtimer> first = active.rbFirst();
        return first == null ? KTIME_MAX : first.owner().expires;
    }

    /** {@code hrtimer_active}: queued, or its function running. */
    public static boolean hrtimerActive(Hrtimer timer) {
        return timer.state != Hrtimer.HRTIMER_STATE_INACTIVE;
    }

    /** {@code hrtimer_is_queued}: waiting in its queue. */
    public static boolean hrtimerIsQueued(Hrtimer timer) {
        return (timer.state & Hrtimer.HRTIMER_STATE_ENQUEUED) != 0;
    }

    /** {@code hrtimer_callback_running}: its function is running now. */
    public static boolean hrtimerCallbackRunning(Hrtimer timer) {
        return (timer.state & Hrtimer.HRTIMER_STATE_CALLBACK) != 0;
    }

    /**
     * {@code hrtimer_start} in {@code HRTIMER_MODE_ABS}: (re)starts the timer to expire at {@code tim}
     * (ns) on this queue (this CPU). A queued timer is taken out first; a timer whose function is running
     * on another queue stays on that queue. The timer goes behind timers of equal expiry.
     *
     * @return whether the timer was queued
     */
    public boolean hrtimerStart(Hrtimer timer, long tim) {
        HrtimerQueue base = timer.base;
        boolean wasQueued = base.removeHrtimer(timer);
        if (base != this && !hrtimerCallbackRunning(timer)) {
            base = this;
            timer.base = this;
        }
        timer.expires = tim;
        base.enqueueHrtimer(timer);
        return wasQueued;
    }

    /**
     * {@code hrtimer_start} in {@code HRTIMER_MODE_REL}: starts the timer {@code delta} ns after
     * {@code now}; a sum that overflows (a huge sleep) becomes {@link #KTIME_MAX} rather than the past.
     *
     * @return whether the timer was queued
     */
    public boolean hrtimerStartRelative(Hrtimer timer, long delta, long now) {
        long tim = now + delta;
        return hrtimerStart(timer, tim < 0 ? KTIME_MAX : tim);
    }

    /**
     * {@code hrtimer_try_to_cancel}.
     *
     * @return -1 if its function is running (nothing done), else 1 if it was queued, 0 if not
     */
    public static int hrtimerTryToCancel(Hrtimer timer) {
        if (hrtimerCallbackRunning(timer)) {
            return -1;
        }
        return timer.base.removeHrtimer(timer) ? 1 : 0;
    }

    /**
     * {@code hrtimer_cancel}: stops the timer, its function being known not to run.
     *
     * @return whether it was queued
     * @throws IllegalStateException if called from the timer's own function, where the kernel would wait
     *                               for itself for ever
     */
    public static boolean hrtimerCancel(Hrtimer timer) {
        int result = hrtimerTryToCancel(timer);
        if (result < 0) {
            throw new IllegalStateException("hrtimer_cancel of " + timer + " from its own function");
        }
        return result == 1;
    }

    /**
     * {@code hrtimer_forward}: moves a timer that is not queued forward by whole {@code interval}s (at
     * least the resolution) until it expires after {@code now}; nothing if it already does. A periodic
     * function calls it and returns {@link HrtimerRestart#HRTIMER_RESTART}.
     *
     * @return the number of intervals added (the overruns), 0 if the timer was not due
     * @throws IllegalStateException if the timer is queued
     */
    public static long hrtimerForward(Hrtimer timer, long now, long interval) {
        timer.requireNotQueued("forward");
        long delta = now - timer.expires;
        if (delta < 0) {
            return 0;
        }
        interval = Math.max(interval, timer.base.resolution);
        long overruns = 1;
        if (delta >= interval) {
            overruns = delta / interval;
            timer.expires += interval * overruns;
            if (timer.expires > now) {
                return overruns;
            }
            overruns++; // delta was an exact multiple: one more interval to get past now
        }
        timer.expires += interval;
        if (timer.expires < 0) {
            timer.expires = KTIME_SEC_MAX_NS;
        }
        return overruns;
    }

    /**
     * Runs every timer that has expired at {@code now}, earliest first, as the expiry loop of
     * {@code hrtimer_interrupt} (high resolution) or {@code hrtimer_run_queues} (low resolution) does
     * ({@code __run_hrtimer}): the timer leaves the queue with its state at CALLBACK, its function runs,
     * and a restart request re-enqueues it at the expiry the function set. Timers the functions start
     * with an expiry at or before {@code now} run in this same call.
     *
     * @return the expiry of the timer now first ({@code expires_next}), or {@link #KTIME_MAX}
     * @throws IllegalStateException if a function asks for a restart after starting its own timer (the
     *                               kernel's BUG_ON) or without moving the expiry past {@code now}, or if
     *                               called from a timer function
     */
    public long expireUpTo(long now) {
        if (expiring) {
            throw new IllegalStateException("hrtimer expiry re-entered from a timer function");
        }
        expiring = true;
        RbNode<Hrtimer> first;
        while ((first = active.rbFirst()) != null && first.owner().expires <= now) {
            runHrtimer(first.owner(), now);
        }
        expiring = false;
        return firstExpiry();
    }

    private void runHrtimer(Hrtimer timer, long now) {
        dequeueHrtimer(timer, Hrtimer.HRTIMER_STATE_CALLBACK);
        if (timer.function().function(timer, now) == HrtimerRestart.HRTIMER_RESTART) {
            if (timer.state != Hrtimer.HRTIMER_STATE_CALLBACK) {
                throw new IllegalStateException(timer + " asked for a restart after starting itself");
            }
            if (timer.expires <= now) {
                throw new IllegalStateException(timer + " asked for a restart at or before now: "
                        + "it would expire again for ever (forget hrtimer_forward?)");
            }
            enqueueHrtimer(timer);
        }
        timer.state &= ~Hrtimer.HRTIMER_STATE_CALLBACK;
    }

    /**
     * {@code hrtimer_get_next_event} (used by NO_HZ in low-resolution mode): how long until the first
     * timer expires, 0 if it already has, {@link #KTIME_MAX} if there is none.
     */
    public long hrtimerGetNextEvent(long now) {
        long expires = firstExpiry();
        return expires == KTIME_MAX ? KTIME_MAX : Math.max(0, expires - now);
    }

    /** {@code enqueue_hrtimer}: into the tree by expiry, behind equal ones; first is kept by the tree. */
    private void enqueueHrtimer(Hrtimer timer) {
        RbNode<Hrtimer> parent = null;
        boolean left = false;
        for (RbNode<Hrtimer> link = active.root(); link != null; link = left ? link.left() : link.right()) {
            parent = link;
            left = timer.expires < link.owner().expires;
        }
        active.rbLinkNode(timer.node, parent, left);
        active.rbInsertColor(timer.node);
        timer.state |= Hrtimer.HRTIMER_STATE_ENQUEUED;
    }

    /**
     * {@code remove_hrtimer}: takes a queued timer out, leaving it inactive (in 2.6.25 even a CALLBACK bit
     * is dropped, when a function starts its own timer twice); whether it was queued.
     */
    private boolean removeHrtimer(Hrtimer timer) {
        if (!hrtimerIsQueued(timer)) {
            return false;
        }
        dequeueHrtimer(timer, Hrtimer.HRTIMER_STATE_INACTIVE);
        return true;
    }

    /** {@code __remove_hrtimer}: out of the tree (first moves on if it was first), state set to newState. */
    private void dequeueHrtimer(Hrtimer timer, int newState) {
        active.rbErase(timer.node);
        timer.state = newState;
    }
}
