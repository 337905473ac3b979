package dev.xenolith.devices.i8042;

/**
 * A device on one of the controller's PS/2 ports, seen from the wire: bytes it sends wait in its own
 * transmit buffer until the controller clocks them in, and bytes the host sends it are commands, some
 * followed by one argument byte. Concrete devices say how each command is answered.
 *
 * <p>Commands are answered at once, with no PS/2 wire timing (a real keyboard takes about a millisecond
 * per byte, and hundreds for its reset self-test).
 */
abstract class Ps2Device {
    static final int ACK = 0xFA;
    static final int RESEND = 0xFE;
    static final int SELF_TEST_PASSED = 0xAA;
    static final int CMD_RESET = 0xFF;

    /** A real keyboard buffers 16 bytes; the same for the mouse. */
    static final int BUFFER_BYTES = 16;

    private static final int NO_COMMAND = -1;

    private final ByteQueue transmit = new ByteQueue(BUFFER_BYTES);
    private int awaitingArgumentOf = NO_COMMAND;
    private long dropped;

    /** A byte from the host: either the argument of the previous command or a new command. */
    final void fromHost(int value) {
        int command = awaitingArgumentOf;
        if (command != NO_COMMAND) {
            awaitingArgumentOf = NO_COMMAND;
            argument(command, value);
        } else {
            command(value);
        }
    }

    /** A byte the device puts on the wire by itself (a key, a mouse packet byte). */
    final void send(int value) {
        if (!transmit.offer(value)) {
            dropped++;
        }
    }

    /** Power-on: the transmit buffer is empty and no argument is awaited. */
    void reset() {
        transmit.clear();
        awaitingArgumentOf = NO_COMMAND;
    }

    abstract void command(int command);

    abstract void argument(int command, int value);

    /** Acknowledges {@code command} and takes the next host byte as its argument. */
    final void acknowledgeAndAwaitArgument(int command) {
        send(ACK);
        awaitingArgumentOf = command;
    }

    /** The device's reset: buffer discarded, then ACK and the passed self-test code. */
    final void resetAndSelfTest() {
        reset();
        send(ACK);
        send(SELF_TEST_PASSED);
    }

    final boolean hasData() {
        return !transmit.isEmpty();
    }

    final int take() {
        return transmit.poll();
    }

    /** Bytes lost because the transmit buffer was full. */
    final long dropped() {
        return dropped;
    }
}
