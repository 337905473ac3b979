package dev.xenolith.machine.event;

import java.util.Arrays;

/**
 * A binary min-heap whose events remember their own slot, so schedule, reschedule and deschedule are
 * all O(log n) and allocate nothing (the array grows by doubling and never shrinks, so a machine in
 * steady state stops allocating after warm-up).
 */
public final class IndexedEventQueue implements EventQueue {
    private Event[] heap;
    private int size;
    private long nextSequence;

    public IndexedEventQueue() {
        this(64);
    }

    public IndexedEventQueue(int initialCapacity) {
        heap = new Event[Math.max(2, initialCapacity)];
    }

    @Override
    public void schedule(Event event, long when) {
        if (event.index >= 0) {
            throw new IllegalStateException(event + " is already scheduled");
        }
        event.when = when;
        event.sequence = nextSequence++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = event;
        event.index = size;
        size++;
        siftUp(event.index);
    }

    @Override
    public void reschedule(Event event, long when) {
        if (event.index < 0) {
            schedule(event, when);
            return;
        }
        event.when = when;
        event.sequence = nextSequence++;
        int at = event.index;
        siftUp(at);
        if (event.index == at) {
            siftDown(at);
        }
    }

    @Override
    public void deschedule(Event event) {
        int at = event.index;
        if (at < 0) {
            return;
        }
        size--;
        Event last = heap[size];
        heap[size] = null;
        event.index = -1;
        if (last != event) {
            heap[at] = last;
            last.index = at;
            siftUp(at);
            if (last.index == at) {
                siftDown(at);
            }
        }
    }

    @Override
    public Event peek() {
        return size == 0 ? null : heap[0];
    }

    @Override
    public Event poll() {
        if (size == 0) {
            return null;
        }
        Event first = heap[0];
        deschedule(first);
        return first;
    }

    @Override
    public int size() {
        return size;
    }

    private void siftUp(int at) {
        Event moving = heap[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            Event above = heap[parent];
            if (!Event.before(moving, above)) {
                break;
            }
            heap[at] = above;
            above.index = at;
            at = parent;
        }
        heap[at] = moving;
        moving.index = at;
    }

    private void siftDown(int at) {
        Event moving = heap[at];
        int half = size >>> 1;
        while (at < half) {
            int child = 2 * at + 1;
            Event smaller = heap[child];
            int right = child + 1;
            if (right < size && Event.before(heap[right], smaller)) {
                child = right;
                smaller = heap[right];
            }
            if (!Event.before(smaller, moving)) {
                break;
            }
            heap[at] = smaller;
            smaller.index = at;
            at = child;
        }
        heap[at] = moving;
        moving.index = at;
    }
}
