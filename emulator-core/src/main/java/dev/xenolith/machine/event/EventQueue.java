package dev.xenolith.machine.event;

/**
 * The pending-event set of one machine. Implementations must order events by
 * {@code (when, priority, sequence)}, where the sequence number is taken each time an event is
 * (re)scheduled, so that the order of a run depends on nothing but its inputs.
 */
public interface EventQueue {

    /** Schedules an event that is not pending; scheduling a pending event is a programming error. */
    void schedule(Event event, long when);

    /** Schedules the event at {@code when}, moving it if it is already pending. */
    void reschedule(Event event, long when);

    /** Removes the event if it is pending; does nothing otherwise. */
    void deschedule(Event event);

    /** The earliest pending event, or null. */
    Event peek();

    /** Removes and returns the earliest pending event, or null. */
    Event poll();

    int size();

    default boolean isEmpty() {
        return size() == 0;
    }

    /** Removes the earliest event and runs its handler. */
    default void fireNext() {
        Event next = poll();
        if (next != null) {
            next.fire();
        }
    }
}
