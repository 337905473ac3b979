package dev.xenolith.guest.time;

import static dev.xenolith.guest.time.Jiffies.timeAfterEq;
import static dev.xenolith.guest.time.Jiffies.timeBefore;
import static dev.xenolith.guest.time.Jiffies.timeBeforeEq;

/**
 * One CPU's cascading timer wheel, Linux 2.6.25's {@code struct tvec_base} in {@code kernel/timer.c}, for
 * 32-bit x86 (jiffies are 32 bits and wrap; see {@link Jiffies}).
 *
 * <p><b>Structure.</b> Five levels of list slots: tv1 has 256 slots of one jiffy each; tv2..tv5 have 64
 * slots each, a slot spanning 2^8, 2^14, 2^20 and 2^26 jiffies. {@code timer_jiffies} is the next jiffy
 * to process. A timer goes into the level that can hold its distance {@code expires - timer_jiffies}
 * (see {@link #internalAddTimer}), at the slot picked by the bits of its <em>absolute</em> expiry for that
 * level, at the tail (FIFO). Processing a jiffy whose tv1 index is 0 first cascades the tv2 slot that
 * is now current, re-filing its timers one level down; when that slot index is itself 0 it goes on to
 * tv3, and so on up to tv5.
 *
 * <p><b>Invariants.</b> A timer in tv1 expires within 256 jiffies of {@code timer_jiffies} (or is overdue
 * and sits in the current slot); a timer on an outer level is cascaded, at the latest, at the jiffy its
 * slot becomes current, which is never after its expiry. Hence every timer runs at the first processed
 * jiffy {@code >= expires}: cascading costs re-filing work, never precision. Within one jiffy, timers run
 * in the order they entered their tv1 slot: arming order for those filed there directly, cascade time for
 * those that came down from an outer level (so a timer armed early for a far expiry runs after one armed
 * later, close to the same expiry).
 *
 * <p><b>32-bit notes.</b> A distance of 2^31 or more is negative as a signed number and so treated as
 * overdue, exactly as the kernel does (the {@code time_after} horizon). The kernel clamps distances over
 * 0xffffffff to that value before filing into tv5; with 32-bit jiffies no distance can exceed it, so the
 * clamp never applies and tv5 covers the whole remaining half of the jiffies circle.
 *
 * <p><b>Simplifications.</b> There is no lock (a machine is single-threaded; kernel paths are atomic) and
 * no CPU-hotplug migration of timers. {@code del_timer_sync} cannot wait for a callback running on
 * another CPU, because no two paths run at once: the only case left is a timer deleting itself from its
 * own callback, which would spin forever in the kernel and is reported as an error here.
 */
public final class TimerWheel {
    static final int TVN_BITS = 6;
    static final int TVR_BITS = 8;
    static final int TVN_SIZE = 1 << TVN_BITS;
    static final int TVR_SIZE = 1 << TVR_BITS;
    static final int TVN_MASK = TVN_SIZE - 1;
    static final int TVR_MASK = TVR_SIZE - 1;
    /** Levels tv1..tv5 (index 0..4). */
    static final int LEVELS = 5;
    /** For {@link #getNextTimerInterrupt(int, long)}: no hrtimer is pending ({@code KTIME_MAX}). */
    public static final long HRTIMER_NONE = Long.MAX_VALUE;

    /** {@code tv[0]} is tv1, {@code tv[1..4]} are tv2..tv5. */
    final ListHead[][] tv = {
        ListHead.emptyHeads(TVR_SIZE), ListHead.emptyHeads(TVN_SIZE), ListHead.emptyHeads(TVN_SIZE),
        ListHead.emptyHeads(TVN_SIZE), ListHead.emptyHeads(TVN_SIZE),
    };
    /** The jiffy's expired timers while they run ({@code work_list}), kept so that running allocates nothing. */
    private final ListHead workList = ListHead.emptyHead();
    private int timerJiffies;
    private TimerList runningTimer;
    private boolean running;

    /** {@code init_timers_cpu}: an empty wheel whose next jiffy to process is {@code jiffies}. */
    public TimerWheel(int jiffies) {
        this.timerJiffies = jiffies;
    }

    /** {@code base->timer_jiffies}: the next jiffy {@link #runTimers} will process. */
    public int timerJiffies() {
        return timerJiffies;
    }

    /** {@code base->running_timer}: the timer whose function is running now, if any. */
    public TimerList runningTimer() {
        return runningTimer;
    }

    /** {@code timer_pending}: is the timer on a wheel, waiting to run? */
    public static boolean timerPending(TimerList timer) {
        return timer.next != null;
    }

    /**
     * {@code mod_timer}: (re)arms the timer to run at {@code expires}, on this wheel (this CPU), pending or
     * not. A pending timer whose expiry does not change is left where it is, so it keeps its place in its
     * slot. A pending timer whose function is running on another wheel stays on that wheel.
     *
     * @return whether the timer was pending
     */
    public boolean modTimer(TimerList timer, int expires) {
        if (timer.expires == expires && timerPending(timer)) {
            return true;
        }
        return rearm(timer, expires);
    }

    /**
     * {@code add_timer}: arms a timer that is not pending at the expiry already set with
     * {@link TimerList#setExpires}.
     *
     * @throws IllegalStateException if the timer is pending (the kernel's BUG_ON)
     */
    public void addTimer(TimerList timer) {
        if (timerPending(timer)) {
            throw new IllegalStateException(timer + " is already pending");
        }
        rearm(timer, timer.expires);
    }

    /** {@code __mod_timer}: detach if pending, move to this CPU's wheel if allowed, file at the new expiry. */
    private boolean rearm(TimerList timer, int expires) {
        boolean wasPending = timerPending(timer);
        if (wasPending) {
            timer.unlink();
        }
        TimerWheel base = timer.base;
        // A timer whose function is running keeps its base: del_timer_sync on that base must see it.
        if (base != this && base.runningTimer != timer) {
            base = this;
            timer.base = this;
        }
        timer.expires = expires;
        base.internalAddTimer(timer);
        return wasPending;
    }

    /**
     * {@code del_timer}: disarms the timer wherever it is pending.
     *
     * @return whether it was pending
     */
    public static boolean delTimer(TimerList timer) {
        if (!timerPending(timer)) {
            return false;
        }
        timer.unlink();
        return true;
    }

    /**
     * {@code try_to_del_timer_sync}: as {@link #delTimer}, unless the timer's function is running.
     *
     * @return -1 if its function is running (nothing done), else 1 if it was pending, 0 if not
     */
    public static int tryToDelTimerSync(TimerList timer) {
        if (timer.base.runningTimer == timer) {
            return -1;
        }
        return delTimer(timer) ? 1 : 0;
    }

    /**
     * {@code del_timer_sync}: disarms the timer, its function being known not to run.
     *
     * @return whether it was pending
     * @throws IllegalStateException if called from the timer's own function, where the kernel would wait
     *                               for itself for ever
     */
    public static boolean delTimerSync(TimerList timer) {
        int result = tryToDelTimerSync(timer);
        if (result < 0) {
            throw new IllegalStateException("del_timer_sync of " + timer + " from its own function");
        }
        return result == 1;
    }

    /**
     * {@code internal_add_timer}: files a detached timer by its distance {@code idx = expires -
     * timer_jiffies}, taken as unsigned: the first level whose span exceeds it; overdue timers (negative
     * idx) into tv1's current slot, so the next jiffy processed runs them; the rest into tv5.
     */
    void internalAddTimer(TimerList timer) {
        int expires = timer.expires;
        int idx = expires - timerJiffies;
        for (int level = 0; level < LEVELS - 1; level++) {
            if (Integer.compareUnsigned(idx, 1 << (TVR_BITS + level * TVN_BITS)) < 0) {
                timer.addTail(slot(level, expires));
                return;
            }
        }
        timer.addTail(idx < 0 ? tv[0][timerJiffies & TVR_MASK] : slot(LEVELS - 1, expires));
    }

    /** The slot of {@code level} (0 = tv1) for absolute jiffy {@code j}. */
    private ListHead slot(int level, int j) {
        return level == 0 ? tv[0][j & TVR_MASK] : tv[level][(j >>> shift(level)) & TVN_MASK];
    }

    /** How far the jiffies bits that index {@code level} are from bit 0: 0, 8, 14, 20, 26. */
    private static int shift(int level) {
        return level == 0 ? 0 : TVR_BITS + (level - 1) * TVN_BITS;
    }

    /** The current slot of outer {@code level} (1 = tv2): the kernel's {@code INDEX(level - 1)}. */
    private int index(int level) {
        return (timerJiffies >>> shift(level)) & TVN_MASK;
    }

    /**
     * {@code cascade}: re-files every timer of slot {@code index} of {@code level} by its distance from
     * {@code timer_jiffies}; they all land on lower levels, so the slot ends empty.
     *
     * @return index, so that the caller goes on to the next level only when it is 0
     */
    private int cascade(int level, int index) {
        ListHead head = tv[level][index];
        while (!head.isEmptyHead()) {
            TimerList timer = (TimerList) head.next;
            timer.unlink();
            internalAddTimer(timer);
        }
        return index;
    }

    /**
     * {@code __run_timers}: processes every jiffy from {@code timer_jiffies} up to and including
     * {@code jiffies}, one at a time, however far that is (after a NO_HZ sleep it can be thousands):
     * cascade if tv1's index is 0, advance {@code timer_jiffies}, then run the slot's timers in list
     * order. Each is detached (no longer pending) before its function runs, so the function may re-arm
     * it, and may arm or delete any other timer, including ones due in this same jiffy.
     *
     * @throws IllegalStateException if called from a timer function (softirqs do not nest)
     */
    public void runTimers(int jiffies) {
        if (running) {
            throw new IllegalStateException("__run_timers re-entered from a timer function");
        }
        running = true;
        while (timeAfterEq(jiffies, timerJiffies)) {
            int index = timerJiffies & TVR_MASK;
            if (index == 0 && cascade(1, index(1)) == 0 && cascade(2, index(2)) == 0
                    && cascade(3, index(3)) == 0) {
                cascade(4, index(4));
            }
            timerJiffies++;
            workList.takeAll(tv[0][index]);
            while (!workList.isEmptyHead()) {
                TimerList timer = (TimerList) workList.next;
                runningTimer = timer;
                timer.unlink();
                timer.function().run(timer);
            }
        }
        runningTimer = null;
        running = false;
    }

    /**
     * {@code get_next_timer_interrupt} without hrtimers (high-resolution mode, where
     * {@code hrtimer_get_next_event} has nothing to say): see {@link #getNextTimerInterrupt(int, long)}.
     */
    public int getNextTimerInterrupt(int now) {
        return getNextTimerInterrupt(now, HRTIMER_NONE);
    }

    /**
     * {@code get_next_timer_interrupt}: the jiffy at which NO_HZ must wake this CPU for its next timer.
     * The wheel's answer ({@link #nextTimerInterrupt}) is raised to {@code now} if overdue; then, as
     * {@code cmp_next_hrtimer_event} does in low-resolution mode, an earlier hrtimer wins.
     *
     * @param now                 the current jiffies
     * @param hrtimerDeltaJiffies time to the earliest hrtimer ({@code hrtimer_get_next_event}) already
     *                            converted with {@code timespec_to_jiffies}: 0 if one is due now,
     *                            {@link #HRTIMER_NONE} if there is none
     */
    public int getNextTimerInterrupt(int now, long hrtimerDeltaJiffies) {
        int expires = nextTimerInterrupt();
        if (timeBeforeEq(expires, now)) {
            return now;
        }
        if (hrtimerDeltaJiffies == HRTIMER_NONE) {
            return expires;
        }
        if (hrtimerDeltaJiffies <= 0) {
            return now + 1; // due hrtimer: the next tick runs it
        }
        int hrtimerJiffy = now + (int) Math.min(hrtimerDeltaJiffies, Jiffies.NEXT_TIMER_MAX_DELTA);
        return timeBefore(hrtimerJiffy, expires) ? hrtimerJiffy : expires;
    }

    /**
     * {@code __next_timer_interrupt}: the expiry of the next timer, found by scanning the slots in the
     * order they will be processed, never by looking at every timer. Without a timer the answer is
     * {@code timer_jiffies + NEXT_TIMER_MAX_DELTA}, and no answer is later than that.
     *
     * <p>tv1 is scanned from the current slot; the first non-deferrable timer met is the answer, unless
     * its slot lies past the next tv1 wrap (or the wrap is now): timers cascading down at that wrap may be
     * earlier, so the current cascade slot of tv2 is looked at too, and so on outwards. On an outer level
     * the minimum of the first non-empty slot is taken, and again the next level's cascade slot is
     * consulted when that slot lies past the level's wrap.
     *
     * <p>Approximations of 2.6.25, kept:
     * <ul>
     *   <li>In tv1 the first non-deferrable timer of a slot stands for the whole slot, as if a tv1 slot held
     *   one expiry. Overdue timers break that: one filed into the current slot behind a timer due at the
     *   next jiffy is reported as that next jiffy instead of now. Both mean "the next tick".</li>
     *   <li>A deferrable timer is skipped in tv1 only; on tv2..tv5 it counts like any other (so it can
     *   end an idle CPU's sleep early, until it has cascaded into tv1).</li>
     *   <li>A timer farther than {@code NEXT_TIMER_MAX_DELTA} is reported as that horizon.</li>
     * </ul>
     * Apart from these the outer-level scan, though it looks at one slot per level after the first hit,
     * gives the exact earliest expiry: a later slot of a level can only hold later timers, and an outer
     * level's cascade slot is consulted whenever it could hold an earlier one. An overdue timer comes back
     * with its past expiry; {@link #getNextTimerInterrupt} raises it to now.
     */
    int nextTimerInterrupt() {
        int jiffies = timerJiffies;
        int expires = jiffies + Jiffies.NEXT_TIMER_MAX_DELTA;
        boolean found = false;
        int index = jiffies & TVR_MASK;
        int slot = index;
        do {
            TimerList timer = firstNonDeferrable(tv[0][slot]);
            if (timer != null) {
                found = true;
                expires = timer.expires;
                if (index != 0 && slot >= index) {
                    return expires;
                }
                break;
            }
            slot = (slot + 1) & TVR_MASK;
        } while (slot != index);

        // From here on, "jiffies" counts in units of the level being scanned: its next cascade slot.
        if (index != 0) {
            jiffies += TVR_SIZE - index;
        }
        jiffies >>>= TVR_BITS;
        for (int level = 1; level < LEVELS; level++) {
            index = jiffies & TVN_MASK;
            slot = index;
            do {
                for (ListHead n = tv[level][slot].next; n != tv[level][slot]; n = n.next) {
                    found = true;
                    int candidate = ((TimerList) n).expires;
                    if (timeBefore(candidate, expires)) {
                        expires = candidate;
                    }
                }
                if (found) {
                    if (index != 0 && slot >= index) {
                        return expires;
                    }
                    break;
                }
                slot = (slot + 1) & TVN_MASK;
            } while (slot != index);
            if (index != 0) {
                jiffies += TVN_SIZE - index;
            }
            jiffies >>>= TVN_BITS;
        }
        return expires;
    }

    private static TimerList firstNonDeferrable(ListHead head) {
        for (ListHead n = head.next; n != head; n = n.next) {
            TimerList timer = (TimerList) n;
            if (!timer.isDeferrable()) {
                return timer;
            }
        }
        return null;
    }
}
