package dev.xenolith.hypervisor.timer;

import java.util.Arrays;

/**
 * One CPU's ac_timer heap as Xen 2.0's {@code ac_timer.c} keeps it: a 1-based binary min-heap on
 * {@code expires} whose timers remember their slot ({@code heap_offset}). Ties do not sift past an equal
 * key. The limit starts at 127 and grows to {@code (limit + 1) * 2 - 1}. Adding and removing report
 * whether the heap's top changed, which is when Xen raises {@code AC_TIMER_SOFTIRQ} on the owner so it
 * reprograms its APIC.
 */
public final class AcTimerHeap {
    static final int DEFAULT_HEAP_LIMIT = 127;

    private AcTimer[] heap = new AcTimer[DEFAULT_HEAP_LIMIT + 1];
    private int size;

    /** Sets the expiry (ns) of an inactive timer and inserts it ({@code add_entry}); true iff it is now the top. */
    public boolean add(AcTimer timer, long expires) {
        if (timer.heapOffset != 0) {
            throw new IllegalStateException(timer + " is already active");
        }
        timer.expires = expires;
        if (size + 1 == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        size++;
        heap[size] = timer;
        timer.heapOffset = size;
        upHeap(size);
        return timer.heapOffset == 1;
    }

    /** {@code remove_entry}: removes an active timer; true iff it was the top. */
    public boolean remove(AcTimer timer) {
        int at = timer.heapOffset;
        if (at == 0) {
            return false;
        }
        AcTimer last = heap[size];
        heap[size] = null;
        size--;
        timer.heapOffset = 0;
        if (last != timer) {
            heap[at] = last;
            last.heapOffset = at;
            if (at > 1 && last.expires < heap[at >>> 1].expires) {
                upHeap(at);
            } else {
                downHeap(at);
            }
        }
        return at == 1;
    }

    /** The earliest timer, or null. */
    public AcTimer top() {
        return size == 0 ? null : heap[1];
    }

    public int size() {
        return size;
    }

    /** The heap's timers in slot order, for the {@code 'a'} key's dump. */
    public AcTimer at(int slot) {
        return heap[slot + 1];
    }

    private void upHeap(int at) {
        AcTimer moving = heap[at];
        while (at > 1 && moving.expires < heap[at >>> 1].expires) {
            AcTimer parent = heap[at >>> 1];
            heap[at] = parent;
            parent.heapOffset = at;
            at >>>= 1;
        }
        heap[at] = moving;
        moving.heapOffset = at;
    }

    private void downHeap(int at) {
        AcTimer moving = heap[at];
        while (2 * at <= size) {
            int child = 2 * at;
            if (child < size && heap[child + 1].expires < heap[child].expires) {
                child++;
            }
            if (heap[child].expires >= moving.expires) {
                break;
            }
            heap[at] = heap[child];
            heap[at].heapOffset = at;
            at = child;
        }
        heap[at] = moving;
        moving.heapOffset = at;
    }
}
