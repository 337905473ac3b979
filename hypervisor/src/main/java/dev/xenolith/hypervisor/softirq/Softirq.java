package dev.xenolith.hypervisor.softirq;

/**
 * Xen 2.0.x's softirqs, numbered as in {@code xen/include/xen/softirq.h} (2.0.0-2.0.4): a lower number is
 * a higher priority, so within one {@code do_softirq} the timers are run before the scheduler.
 */
public enum Softirq {
    AC_TIMER_SOFTIRQ,
    SCHEDULE_SOFTIRQ,
    NEW_TLBFLUSH_CLOCK_PERIOD_SOFTIRQ,
    KEYPRESS_SOFTIRQ,
    NMI_SOFTIRQ;

    private static final Softirq[] BY_NUMBER = values();

    public int number() {
        return ordinal();
    }

    int bit() {
        return 1 << ordinal();
    }

    static Softirq ofNumber(int number) {
        return BY_NUMBER[number];
    }
}
