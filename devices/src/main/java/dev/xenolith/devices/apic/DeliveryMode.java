package dev.xenolith.devices.apic;

/**
 * The three-bit delivery-mode field shared by the LVT entries and the ICR, bits [10:8] (SDM vol. 3
 * §10.5.1 and §10.6.1). Encoding 011 is reserved everywhere; 001 (lowest priority) and 110 (start-up)
 * exist only in the ICR, 111 (ExtINT) only in the LVT.
 */
final class DeliveryMode {
    static final int FIXED = 0b000;
    static final int LOWEST_PRIORITY = 0b001;
    static final int SMI = 0b010;
    static final int RESERVED = 0b011;
    static final int NMI = 0b100;
    static final int INIT = 0b101;
    static final int STARTUP = 0b110;
    static final int EXTINT = 0b111;

    static final int SHIFT = 8;
    static final int FIELD = 0b111 << SHIFT;

    /** Vectors 0-15 are illegal in a fixed or lowest-priority interrupt (SDM §10.5.2). */
    static final int FIRST_LEGAL_VECTOR = 16;

    private DeliveryMode() {
    }

    static int of(int register) {
        return (register & FIELD) >>> SHIFT;
    }

    /** Whether this mode puts a vector through IRR and ISR, so the vector must be a legal one. */
    static boolean usesVector(int mode) {
        return mode == FIXED || mode == LOWEST_PRIORITY;
    }
}
