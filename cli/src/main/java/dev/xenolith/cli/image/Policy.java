package dev.xenolith.cli.image;

import java.util.Locale;

/** A guest task's scheduling policy, as Linux's {@code SCHED_*} constants, written in lower case. */
public enum Policy {
    NORMAL, BATCH, IDLE, FIFO, RR;

    /** The spelling in an image: {@code normal}, {@code fifo}, ... */
    public String imageName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the policy takes a real-time priority 1..99 rather than a nice value. */
    public boolean isRealtime() {
        return this == FIFO || this == RR;
    }
}
