package dev.xenolith.guest.irq;

/** Linux 2.6.25's softirqs, numbered as in {@code include/linux/interrupt.h}; lower numbers run first. */
public enum Softirq {
    HI_SOFTIRQ, TIMER_SOFTIRQ, NET_TX_SOFTIRQ, NET_RX_SOFTIRQ, BLOCK_SOFTIRQ, TASKLET_SOFTIRQ, SCHED_SOFTIRQ,
    HRTIMER_SOFTIRQ;

    private static final Softirq[] ALL = values();

    public int number() {
        return ordinal();
    }

    static Softirq of(int number) {
        return ALL[number];
    }
}
