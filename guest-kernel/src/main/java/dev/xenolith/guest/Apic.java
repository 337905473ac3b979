package dev.xenolith.guest;

/**
 * Linux's local APIC vectors on i386 2.6.25 ({@code mach-default/irq_vectors.h}) and its timer divisor; the
 * APIC's registers are {@code ApicRegisters}.
 */
final class Apic {
    /** {@code APIC_DIVISOR}: 2.6.25 runs the timer off the bus clock divided by 16. */
    static final int DIVISOR = 16;

    static final int FIRST_EXTERNAL_VECTOR = 0x20;
    static final int LOCAL_TIMER_VECTOR = 0xEF;
    static final int RESCHEDULE_VECTOR = 0xFC;
    static final int ERROR_APIC_VECTOR = 0xFE;
    static final int SPURIOUS_APIC_VECTOR = 0xFF;

    private Apic() {
    }
}
