package dev.xenolith.guest;

import dev.xenolith.guest.time.HrtimerQueue;
import dev.xenolith.machine.cpu.Cpu;

/**
 * {@code struct clock_event_device} ({@code include/linux/clockchips.h}, {@code kernel/time/clockevents.c}
 * in 2.6.25): a timer that raises an interrupt once or periodically, with its features, rating, the range
 * of deltas it can program and the ns-to-cycles factor, the mode it is in, the absolute time of its next
 * event, and the handler the tick code installs ({@code tick_handle_periodic}, {@code tick_nohz_handler},
 * {@code hrtimer_interrupt}).
 */
final class ClockEventDevice {
    enum Mode { UNUSED, SHUTDOWN, PERIODIC, ONESHOT, RESUME }

    static final int FEAT_PERIODIC = 0x1;
    static final int FEAT_ONESHOT = 0x2;
    static final int FEAT_C3STOP = 0x4;
    static final int FEAT_DUMMY = 0x8;
    /** {@code -ETIME}: the event is already in the past. */
    static final int ETIME = -62;

    /** The device's event handler, run from its interrupt. */
    @FunctionalInterface
    interface Handler {
        void handle(Cpu cpu, ClockEventDevice dev);
    }

    /** What the hardware does: {@code set_mode} and {@code set_next_event} (cycles of the device's clock). */
    interface Ops {
        void setMode(Cpu cpu, Mode mode, ClockEventDevice dev);

        /** Programs the next event; 0, or {@link #ETIME} if the hardware says it is too late. */
        int setNextEvent(Cpu cpu, long cycles, ClockEventDevice dev);
    }

    final String name;
    final int features;
    final int rating;
    final Ops ops;
    long mult;
    int shift;
    long minDeltaNs;
    long maxDeltaNs;
    Mode mode = Mode.UNUSED;
    long nextEvent = HrtimerQueue.KTIME_MAX;
    Handler handler;

    ClockEventDevice(String name, int features, int rating, Ops ops) {
        this.name = name;
        this.features = features;
        this.rating = rating;
        this.ops = ops;
    }

    boolean has(int feature) {
        return (features & feature) != 0;
    }

    /** Sets mult and shift so that {@code cycles = ns * mult >> shift} for a clock of {@code hz} ({@code div_sc}). */
    void setFrequency(long hz, int shift) {
        this.shift = shift;
        this.mult = (hz << shift) / 1_000_000_000L;
    }

    /** {@code clockevent_delta2ns}: at least 1 µs. */
    long delta2ns(long latch) {
        return Math.max(1000, (latch << shift) / mult);
    }

    /** {@code clockevents_set_mode}. */
    void setMode(Cpu cpu, Mode newMode) {
        if (mode != newMode) {
            ops.setMode(cpu, newMode, this);
            mode = newMode;
        }
    }

    /**
     * {@code clockevents_program_event}: {@link #ETIME} for an event not in the future; otherwise the delta,
     * clamped to what the device can do, is programmed (not in SHUTDOWN mode).
     */
    int programEvent(Cpu cpu, long expires, long now) {
        long delta = expires - now;
        if (delta <= 0) {
            return ETIME;
        }
        nextEvent = expires;
        if (mode == Mode.SHUTDOWN) {
            return 0;
        }
        long clamped = Math.max(minDeltaNs, Math.min(maxDeltaNs, delta));
        return ops.setNextEvent(cpu, clamped * mult >>> shift, this);
    }

    @Override
    public String toString() {
        return name;
    }
}
