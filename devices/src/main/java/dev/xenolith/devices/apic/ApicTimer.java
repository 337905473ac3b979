package dev.xenolith.devices.apic;

import dev.xenolith.machine.event.Event;
import dev.xenolith.machine.event.EventPriority;
import dev.xenolith.machine.event.EventQueue;
import dev.xenolith.machine.time.ClockDomain;

/**
 * The local APIC timer (SDM vol. 3 §10.5.4): a 32-bit down-counter fed by the APIC bus clock through
 * the divider of TDCR, in one-shot, periodic or TSC-deadline mode. It owns TMICT, TMCCT, TDCR and
 * IA32_TSC_DEADLINE; the LVT timer entry stays with {@link LocalApic}, which tells the timer its mode
 * and is told when the count reaches zero.
 *
 * <p>The count is never stepped. While counting, it is a function of the bus clock: at bus-clock edge
 * {@code anchorCycle} it held {@code anchorCount}, and it loses one per {@code divisor} edges from
 * there. A single event marks the next time it reaches zero. Invariants: {@code counting} implies a
 * non-zero TMICT, a count of at least 1 at every instant before its next zero, and the expiry event
 * scheduled (unless in TSC-deadline mode, where the event stands for the armed deadline instead).
 *
 * <p>Choices where the references differ (devices.md B.6), each pinned by a test:
 * <ul>
 *   <li>Input clock: the bus clock the board gives (the image's {@code apic-bus-frequency}).</li>
 *   <li>Counting starts at the last bus-clock edge at or before the TMICT write, so the first count
 *   may last less than a full divided period, as a prescaler running off a free clock does.</li>
 *   <li>TMCCT is floor-based: a count is gone only once its whole period has elapsed.</li>
 *   <li>Periodic mode reloads TMICT at the edge where the count would reach 0, so the period is TMICT
 *   counts (not QEMU's TMICT + 1) and TMCCT reads TMICT..1, never 0, while it runs.</li>
 *   <li>TMICT = 0 stops the timer and removes its event (not gem5's bug #1771).</li>
 *   <li>A TDCR write while counting keeps the current count and restarts the divider at the current
 *   edge; the SDM leaves this open.</li>
 *   <li>A switch between one-shot and periodic keeps TMICT and the current count (kvm-unit-tests'
 *   {@code test_apic_change_mode}); a switch into or out of TSC-deadline mode disarms the timer (SDM)
 *   and, as in KVM, clears TMICT too, so a stale count cannot resume.</li>
 *   <li>Mode 11b (reserved) counts as one-shot.</li>
 * </ul>
 *
 * <p>A CPU running a kernel path is ahead of the machine's time. Every access is stamped with the
 * CPU's local time, so an expiry the CPU has already passed is delivered at the access ({@link
 * #catchUp}) rather than later: what software reads agrees with its own clock.
 */
final class ApicTimer {
    static final int ONE_SHOT = 0b00;
    static final int PERIODIC = 0b01;
    static final int TSC_DEADLINE = 0b10;

    /** TDCR bits [3], [1] and [0] hold the divide value; bit 2 is reserved. */
    static final int DIVIDE_WRITABLE = 0b1011;
    private static final long COUNT_MASK = 0xFFFF_FFFFL;

    private final LocalApic apic;
    private final EventQueue events;
    private final ClockDomain busClock;
    private final ClockDomain tscClock;
    /** Deadlines past this TSC value lie beyond the last picosecond a run can reach: never due. */
    private final long lastReachableTsc;
    private final Event expiry;

    private int mode;
    private long initialCount;
    private int divideConfig;
    private int divisor;
    private boolean counting;
    private long anchorCycle;
    private long anchorCount;
    /** Divided ticks after the anchor at which the count next reaches 0. */
    private long nextZeroTick;
    private long deadline;

    ApicTimer(LocalApic apic, String name, EventQueue events, ClockDomain busClock, ClockDomain tscClock) {
        this.apic = apic;
        this.events = events;
        this.busClock = busClock;
        this.tscClock = tscClock;
        this.lastReachableTsc = tscClock.cyclesIn(Long.MAX_VALUE);
        this.expiry = new Event(name, EventPriority.DEVICE, this::expire);
        reset();
    }

    /** Power-on and INIT state: one-shot, TMICT = TMCCT = 0, TDCR = 0 (divide by 2), disarmed. */
    void reset() {
        events.deschedule(expiry);
        mode = ONE_SHOT;
        initialCount = 0;
        divideConfig = 0;
        divisor = divisorOf(0);
        counting = false;
        deadline = 0;
    }

    /** The divisor TDCR selects: {@code 2^((d + 1) mod 8)} with {@code d = TDCR[3] : TDCR[1:0]}. */
    static int divisorOf(int config) {
        int d = ((config & 0b1000) >>> 1) | (config & 0b11);
        return 1 << ((d + 1) & 7);
    }

    /** The LVT timer entry's mode field changed to {@code newMode}. */
    void setMode(int newMode, long now) {
        if (newMode == mode) {
            return;
        }
        catchUp(now);
        if (newMode == TSC_DEADLINE || mode == TSC_DEADLINE) {
            stop();
            initialCount = 0;
            deadline = 0;
        } else if (counting) {
            rebase(now);
        }
        mode = newMode;
        if (counting) {
            scheduleNextZero();
        }
    }

    long initialCount() {
        return initialCount;
    }

    /** TMICT: (re)starts the count from {@code value}; 0 stops it. Ignored in TSC-deadline mode. */
    void writeInitialCount(long value, long now) {
        if (mode == TSC_DEADLINE) {
            return;
        }
        catchUp(now);
        initialCount = value & COUNT_MASK;
        if (initialCount == 0) {
            stop();
            return;
        }
        anchorCycle = busClock.cyclesIn(now);
        anchorCount = initialCount;
        nextZeroTick = initialCount;
        counting = true;
        scheduleNextZero();
    }

    /** TMCCT: the count at the CPU's local time; 0 when stopped or in TSC-deadline mode. */
    long currentCount(long now) {
        catchUp(now);
        return counting ? countAfter(elapsedTicks(now)) : 0;
    }

    int divideConfig() {
        return divideConfig;
    }

    void writeDivideConfig(int value, long now) {
        catchUp(now);
        if (counting) {
            rebase(now);
            anchorCycle = busClock.cyclesIn(now);
        }
        divideConfig = value & DIVIDE_WRITABLE;
        divisor = divisorOf(divideConfig);
        if (counting) {
            scheduleNextZero();
        }
    }

    /** IA32_TSC_DEADLINE reads the armed deadline, 0 once it fired or outside TSC-deadline mode. */
    long readDeadline(long now) {
        catchUp(now);
        return mode == TSC_DEADLINE ? deadline : 0;
    }

    /**
     * IA32_TSC_DEADLINE: arms the timer to fire once when the TSC reaches {@code value} (at once if it
     * already has); 0 disarms. Writes outside TSC-deadline mode are ignored (SDM §10.5.4.1).
     */
    void writeDeadline(long value, long now) {
        if (mode != TSC_DEADLINE) {
            return;
        }
        deadline = value;
        if (value == 0 || Long.compareUnsigned(value, lastReachableTsc) > 0) {
            events.deschedule(expiry);
        } else {
            events.reschedule(expiry, Math.max(now, tscClock.timeOf(value)));
        }
    }

    /** Delivers an expiry that falls at or before the accessing CPU's local time {@code now}. */
    private void catchUp(long now) {
        if (expiry.isScheduled() && expiry.when() <= now) {
            events.deschedule(expiry);
            expire(now);
        }
    }

    /**
     * The count reached zero (or the deadline passed) at or before {@code upTo}. A periodic count
     * reloads; zeros it passed more than once collapse into one interrupt, as they would in IRR.
     */
    private void expire(long upTo) {
        switch (mode) {
            case TSC_DEADLINE -> deadline = 0;
            case PERIODIC -> {
                long overshoot = elapsedTicks(upTo) - nextZeroTick;
                nextZeroTick += (overshoot / initialCount + 1) * initialCount;
                scheduleNextZero();
            }
            default -> counting = false;
        }
        apic.timerExpired();
    }

    private void stop() {
        counting = false;
        events.deschedule(expiry);
    }

    /** Moves the anchor to the last whole tick at or before {@code now}, keeping the count it left. */
    private void rebase(long now) {
        long ticks = elapsedTicks(now);
        anchorCount = countAfter(ticks);
        anchorCycle += ticks * divisor;
        nextZeroTick = anchorCount;
    }

    private long elapsedTicks(long now) {
        return Math.max(0, busClock.cyclesIn(now) - anchorCycle) / divisor;
    }

    /** The count {@code ticks} divided periods after the anchor. */
    private long countAfter(long ticks) {
        if (ticks < anchorCount) {
            return anchorCount - ticks;
        }
        return mode == PERIODIC ? initialCount - (ticks - anchorCount) % initialCount : 0;
    }

    private void scheduleNextZero() {
        events.reschedule(expiry, busClock.timeOf(anchorCycle + nextZeroTick * divisor));
    }
}
