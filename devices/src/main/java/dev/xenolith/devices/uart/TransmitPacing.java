package dev.xenolith.devices.uart;

/**
 * How fast the transmitter empties. Real hardware is always {@link #BAUD_RATE}; {@link #INSTANT} is the
 * "instant TX" option for fast boots, where a console full of boot messages should not cost simulated
 * seconds. Reception is always paced by the baud rate.
 */
public enum TransmitPacing {
    /** Each character occupies the shift register for one character time: the datasheet behaviour. */
    BAUD_RATE,
    /** Each character leaves the shift register at the instant it entered it. */
    INSTANT
}
