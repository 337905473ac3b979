package dev.xenolith.devices.uart;

/**
 * A first-in first-out queue of characters in a circular array: the UART's 16-byte FIFOs (or, in 16450
 * mode, its one-byte holding registers) and the characters still waiting on the remote sender's side of
 * the line. Entries are ints so a received character can carry its error flags above its 8 data bits.
 *
 * <p>The usable depth can be lowered below the array length (a FIFO that acts as a single register);
 * only the line queue grows, by doubling, so steady-state use never allocates.
 */
final class CharacterRing {
    private int[] slots;
    private int head;
    private int size;
    private int depth;

    CharacterRing(int capacity) {
        slots = new int[capacity];
        depth = capacity;
    }

    /** Empties the ring and makes {@code depth} (at most its capacity) the level at which it is full. */
    void resize(int depth) {
        clear();
        this.depth = depth;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean isFull() {
        return size == depth;
    }

    /** Appends {@code value}; the caller has checked {@link #isFull()}. */
    void push(int value) {
        slots[(head + size) % slots.length] = value;
        size++;
    }

    /** Appends {@code value}, doubling the storage first if it is out of room. */
    void pushGrowing(int value) {
        if (size == slots.length) {
            int[] bigger = new int[slots.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = slots[(head + i) % slots.length];
            }
            slots = bigger;
            head = 0;
            depth = bigger.length;
        }
        push(value);
    }

    /** Removes and returns the oldest entry; the caller has checked {@link #isEmpty()}. */
    int pop() {
        int value = slots[head];
        head = (head + 1) % slots.length;
        size--;
        return value;
    }

    /** The oldest entry; the caller has checked {@link #isEmpty()}. */
    int peek() {
        return slots[head];
    }

    /** Whether any entry has one of the bits of {@code mask} set. */
    boolean anyHas(int mask) {
        for (int i = 0; i < size; i++) {
            if ((slots[(head + i) % slots.length] & mask) != 0) {
                return true;
            }
        }
        return false;
    }

    void clear() {
        head = 0;
        size = 0;
    }
}
