package dev.xenolith.guest;

/**
 * What a native boot finds on the PC besides the CPUs, APICs, PIC and PIT every board has: COM1's line rate
 * (null when there is no COM1) and whether the i8042 is there. The APIC timer's rate is not given: the
 * kernel calibrates it against the PIT.
 */
public record NativeHardware(Integer com1Baud, boolean i8042) {
    public static NativeHardware standard() {
        return new NativeHardware(115_200, true);
    }
}
