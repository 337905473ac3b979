package dev.xenolith.machine.event;

import java.util.PriorityQueue;

/**
 * The {@code java.util} baseline: a {@link PriorityQueue} with a comparator over the same order.
 * Removing a pending event is a linear search, as it is for anyone who uses the JDK class directly.
 * It exists so that benchmarks and the model-based test can compare {@link IndexedEventQueue} with
 * what the standard library gives; machines use the indexed queue.
 */
public final class PriorityQueueEventQueue implements EventQueue {
    private final PriorityQueue<Event> queue;
    private long nextSequence;

    public PriorityQueueEventQueue() {
        this(64);
    }

    public PriorityQueueEventQueue(int initialCapacity) {
        queue = new PriorityQueue<>(Math.max(1, initialCapacity),
                (a, b) -> a == b ? 0 : Event.before(a, b) ? -1 : 1);
    }

    @Override
    public void schedule(Event event, long when) {
        if (event.index >= 0) {
            throw new IllegalStateException(event + " is already scheduled");
        }
        event.when = when;
        event.sequence = nextSequence++;
        event.index = 0;
        queue.add(event);
    }

    @Override
    public void reschedule(Event event, long when) {
        deschedule(event);
        schedule(event, when);
    }

    @Override
    public void deschedule(Event event) {
        if (event.index >= 0) {
            queue.remove(event);
            event.index = -1;
        }
    }

    @Override
    public Event peek() {
        return queue.peek();
    }

    @Override
    public Event poll() {
        Event first = queue.poll();
        if (first != null) {
            first.index = -1;
        }
        return first;
    }

    @Override
    public int size() {
        return queue.size();
    }
}
