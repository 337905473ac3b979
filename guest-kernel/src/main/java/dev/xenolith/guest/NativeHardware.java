package dev.xenolith.guest;

/**
 * What a native boot finds on the PC: the local APIC timer's input clock (Linux calibrates it against the
 * PIT; here it is taken as given), COM1's line rate (null when there is no COM1) and whether the i8042 is
 * there.
 */
public record NativeHardware(long apicBusHz, Integer com1Baud, boolean i8042) {
    public static NativeHardware standard() {
        return new NativeHardware(100_000_000L, 115_200, true);
    }
}
