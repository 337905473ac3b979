package dev.xenolith.devices.apic;

/**
 * Layout of the xAPIC interrupt command register (SDM vol. 3 §10.6.1) and the rule of Table 10-3 about
 * which combinations a Pentium 4 / Xeon xAPIC sends. On these parts the level and trigger-mode bits are
 * stored but have no effect: every IPI goes out edge-triggered, so there is no "INIT level de-assert"
 * message either (an INIT with level 0 is an ordinary INIT).
 */
final class Icr {
    static final int VECTOR = 0xFF;
    static final int LOGICAL = 1 << 11;
    /** Delivery status, read-only: 1 while the last command is still on its way to its targets. */
    static final int SEND_PENDING = 1 << 12;
    static final int LEVEL_ASSERT = 1 << 14;
    static final int TRIGGER_LEVEL = 1 << 15;
    static final int SHORTHAND_SHIFT = 18;
    static final int SHORTHAND_FIELD = 0b11 << SHORTHAND_SHIFT;
    /** Every bit software can set in the low word; the rest are reserved or read-only. */
    static final int LOW_WRITABLE = VECTOR | DeliveryMode.FIELD | LOGICAL | LEVEL_ASSERT | TRIGGER_LEVEL
            | SHORTHAND_FIELD;
    /** The destination field of the high word, [31:24] (bits 56-63 of the whole register). */
    static final int HIGH_DESTINATION = 0xFF00_0000;
    static final int DESTINATION_SHIFT = 24;

    static final int NO_SHORTHAND = 0b00;
    static final int SELF = 0b01;
    static final int ALL_INCLUDING_SELF = 0b10;
    static final int ALL_EXCLUDING_SELF = 0b11;

    /** Physical destination 0xFF and logical destination 0xFF reach every local APIC. */
    static final int BROADCAST = 0xFF;

    private Icr() {
    }

    static int shorthand(int low) {
        return (low & SHORTHAND_FIELD) >>> SHORTHAND_SHIFT;
    }

    static boolean logical(int low) {
        return (low & LOGICAL) != 0;
    }

    /**
     * Table 10-3: the self and all-including-self shorthands carry fixed interrupts only; without a
     * shorthand or to all-excluding-self every IPI mode is valid. ExtINT and the reserved encoding are
     * never IPI modes. Invalid commands are not sent.
     */
    static boolean valid(int mode, int shorthand) {
        if (mode == DeliveryMode.EXTINT || mode == DeliveryMode.RESERVED) {
            return false;
        }
        return switch (shorthand) {
            case SELF, ALL_INCLUDING_SELF -> mode == DeliveryMode.FIXED;
            default -> true;
        };
    }
}
