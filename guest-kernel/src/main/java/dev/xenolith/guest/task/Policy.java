package dev.xenolith.guest.task;

/** A task's scheduling policy, with the numbers of {@code include/linux/sched.h}. */
public enum Policy {
    NORMAL(0), FIFO(1), RR(2), BATCH(3), IDLE(5);

    private final int number;

    Policy(int number) {
        this.number = number;
    }

    /** {@code SCHED_NORMAL} … {@code SCHED_IDLE}. */
    public int number() {
        return number;
    }

    /** FIFO and RR belong to the real-time class; the others to CFS. */
    public boolean isRealtime() {
        return this == FIFO || this == RR;
    }
}
