package dev.xenolith.devices.uart;

/**
 * Where the characters a UART sends end up: the serial console that the CLI prints, a log, a test.
 *
 * <p>The UART calls it once per character, at the simulated instant the character's last stop bit has
 * left the transmit shift register, so consecutive calls are at least one character time apart at the
 * programmed baud rate and format.
 */
@FunctionalInterface
public interface SerialSink {
    /**
     * @param b    the data bits of the character (only the low 5 to 8 bits can be set, by word length)
     * @param time the simulated time, in picoseconds, at which the character finished
     */
    void transmitted(int b, long time);
}
