package dev.xenolith.devices.i8042;

/**
 * A fixed-capacity FIFO of bytes: a PS/2 device's own transmit buffer. It never grows, so queueing a
 * byte never allocates; a full queue refuses the byte, as a real keyboard's 16-byte buffer overruns.
 */
final class ByteQueue {
    private final byte[] bytes;
    private int head;
    private int size;

    ByteQueue(int capacity) {
        bytes = new byte[capacity];
    }

    /** Appends {@code value}; returns false, keeping the queue as it was, if it is full. */
    boolean offer(int value) {
        if (size == bytes.length) {
            return false;
        }
        bytes[(head + size) % bytes.length] = (byte) value;
        size++;
        return true;
    }

    /** Removes and returns the oldest byte; the queue must not be empty. */
    int poll() {
        int value = bytes[head] & 0xFF;
        head = (head + 1) % bytes.length;
        size--;
        return value;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void clear() {
        head = 0;
        size = 0;
    }
}
