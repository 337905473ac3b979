package dev.xenolith.machine.event;

/**
 * Something that happens at a simulated instant: a timer expiring, a UART finishing a character, a CPU
 * reaching the end of its work.
 *
 * <p>Events are long-lived and owned by the component that schedules them: a component creates its
 * events once and reschedules them for as long as it lives, so the hot path never allocates. The queue
 * keeps its bookkeeping in the event itself (intrusive), which is what makes deschedule O(log n).
 */
public final class Event {
    /** Reacts to the event; {@code now} is the event's time, which is also the machine's time. */
    @FunctionalInterface
    public interface Handler {
        void fire(long now);
    }

    private final String name;
    private final int priority;
    private final Handler handler;

    long when;
    long sequence;
    /** Position in the queue's heap, or -1 while not scheduled. */
    int index = -1;

    /**
     * @param name     what the event is, for diagnostics ("cpu1.boundary", "pit.ch0")
     * @param priority order among events at the same picosecond, see {@link EventPriority}
     */
    public Event(String name, int priority, Handler handler) {
        this.name = name;
        this.priority = priority;
        this.handler = handler;
    }

    public String name() {
        return name;
    }

    public int priority() {
        return priority;
    }

    /** The time this event is scheduled for; meaningful only while {@link #isScheduled()}. */
    public long when() {
        return when;
    }

    public boolean isScheduled() {
        return index >= 0;
    }

    void fire() {
        handler.fire(when);
    }

    /** Total order of pending events: time, then priority, then the order they were scheduled in. */
    static boolean before(Event a, Event b) {
        if (a.when != b.when) {
            return a.when < b.when;
        }
        if (a.priority != b.priority) {
            return a.priority < b.priority;
        }
        return a.sequence < b.sequence;
    }

    @Override
    public String toString() {
        return isScheduled() ? name + "@" + when + "ps" : name + "(idle)";
    }
}
