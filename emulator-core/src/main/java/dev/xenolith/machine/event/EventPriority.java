package dev.xenolith.machine.event;

/**
 * Order among events that fall on the same picosecond (lower runs first). Events of equal time and
 * priority run in the order they were scheduled, so a run never depends on anything but its inputs.
 */
public final class EventPriority {
    /** Timed input from the image lands before anything at the same instant can look for it. */
    public static final int INPUT = -20;
    /** Device timers raise their interrupt lines before CPUs reach a boundary at the same instant. */
    public static final int DEVICE = -10;
    /** In-flight interrupt messages (IPIs) arrive after device lines, before CPUs look. */
    public static final int MESSAGE = -5;
    /** CPU boundaries: the end of a work span or of a kernel path's charged time. */
    public static final int CPU = 0;
    /** Bookkeeping that must see everything else at its instant first (statistics samples, stop). */
    public static final int LAST = 100;

    private EventPriority() {
    }
}
